// Promises in a real (temporary) store: replace_promises() adds, updates and removes; a promise
// the user recorded something for stays when no longer found; the status is the last recorded
// one, else retracted, else open; the filters.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "inwriting/store/store.hpp"
#include "test_helpers.hpp"

using namespace inwriting;

namespace {

model::Conversation chat(const std::string& company, timeutil::Date day,
                         std::vector<std::pair<std::string, std::string>> lines) {
  model::Conversation c;
  c.company = company;
  c.format = "test";
  int n = 0;
  for (auto& [speaker, text] : lines) {
    model::Entry e;
    e.speaker = speaker;
    e.text = text;
    e.time.date = day;
    e.time.time = timeutil::TimeOfDay{10, n++, 0, true};
    e.time.offset_minutes = -300;
    e.where = {n, n};
    c.entries.push_back(e);
  }
  c.participant("Omar").role = model::Role::agent;
  c.participant("Priya").role = model::Role::customer;
  return c;
}

class Fixture {
 public:
  Fixture() {
    auto s = store::Store::open(m_dir / "store.db", store::OpenMode::read_write);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
    m_store = std::move(*s);
  }
  // Keeps the conversation; the store ids of its messages, in order.
  std::pair<int64_t, std::vector<int64_t>> keep(const model::Conversation& c, const std::string& bytes) {
    auto outcome = m_store->import_source({bytes, "/tmp/chat.txt", "file", "test", "test/1"}, {c});
    REQUIRE_MESSAGE(outcome.ok(), (outcome.ok() ? "" : outcome.error()));
    REQUIRE(outcome->conversations.size() == 1);
    const int64_t id = outcome->conversations.front().id;
    auto stored = m_store->conversation(id);
    REQUIRE(stored.ok());
    std::vector<int64_t> messages;
    for (const auto& e : stored->entries) {
      if (e.kind == model::EntryKind::message)
        messages.push_back(e.id);
    }
    return {id, messages};
  }
  store::PromiseIndexOutcome replace(int64_t conversation, const std::vector<store::FoundPromise>& found) {
    auto outcome = m_store->replace_promises(conversation, found, "rules-test");
    REQUIRE_MESSAGE(outcome.ok(), (outcome.ok() ? "" : outcome.error()));
    return *outcome;
  }
  std::vector<store::StoredPromise> list(const store::PromiseFilters& filters = {}) {
    auto found = m_store->promises(filters);
    REQUIRE_MESSAGE(found.ok(), (found.ok() ? "" : found.error()));
    return *found;
  }
  std::vector<int64_t> ids(const store::PromiseFilters& filters = {}) {
    std::vector<int64_t> out;
    for (const auto& p : list(filters)) out.push_back(p.id);
    return out;
  }
  store::StoredPromise promise(int64_t id) {
    auto p = m_store->promise(id);
    REQUIRE_MESSAGE(p.ok(), (p.ok() ? "" : p.error()));
    return *p;
  }
  // The id of the promise said in `message` at byte `begin`.
  int64_t id_of(int64_t message, size_t begin) {
    for (const auto& p : list()) {
      if (p.found.message_id == message && p.found.quote_begin == begin)
        return p.id;
    }
    FAIL("no promise in message " << message << " at " << begin);
    return 0;
  }
  void event(int64_t id, const std::string& status, const std::string& note = "",
             const std::string& at = "2026-03-20T12:00:00+00:00") {
    auto recorded = m_store->add_promise_event(id, {at, status, note, "tester"});
    REQUIRE_MESSAGE(recorded.ok(), (recorded.ok() ? "" : recorded.error()));
  }
  store::Store& store() { return *m_store; }

 private:
  test::TempDir m_dir;
  std::unique_ptr<store::Store> m_store;
};

store::FoundPromise found(int64_t message, size_t begin, const std::string& kind, const std::string& amount,
                          const std::string& due, const std::string& said_at = "2026-03-09T10:01:00-05:00") {
  store::FoundPromise f;
  f.message_id = message;
  f.quote_begin = begin;
  f.quote_end = begin + 20;
  f.kind = kind;
  f.amount = amount;
  f.currency = amount.empty() ? "" : "USD";
  f.due = due;
  f.due_text = due.empty() ? "" : "within 5 business days";
  f.references = {"LF-2207715", "CS-1"};
  f.speaker = "Omar";
  f.said_at = said_at;
  f.quote = "I have processed a " + kind + ".";
  f.confidence = 0.9;
  f.explain = "anchor: " + kind + "\ncue: 'I have processed'";
  return f;
}

const std::vector<std::pair<std::string, std::string>> k_lines = {
    {"Priya", "I was charged twice for the thermostat bundle"},
    {"Omar", "I have processed a refund of $25.00. I will also add a $5.00 credit."},
    {"Omar", "And I have waived the $3 paper bill fee."},
};

// Another chat's words: the same words would be the same conversation, linked, not a second one.
const std::vector<std::pair<std::string, std::string>> k_other_lines = {
    {"Priya", "Two roaming day passes are on my line"},
    {"Omar", "I have applied a $10.00 credit to your account. It shows by April 10."},
    {"Omar", "A colleague will call you back on Friday."},
};

}  // namespace

TEST_SUITE("store.promises") {
  TEST_CASE("replace_promises adds new ones, updates ones found again, removes ones no longer found") {
    Fixture f;
    auto [conversation, messages] = f.keep(chat("Lumenfield Energy", {2026, 3, 9}, k_lines), "chat one");
    REQUIRE(messages.size() == 3);

    auto first = f.replace(conversation, {found(messages[1], 0, "refund", "25.00", "2026-03-16"),
                                          found(messages[1], 36, "credit", "5.00", "")});
    CHECK(first.added == 2);
    CHECK(first.updated == 0);
    CHECK(first.removed == 0);
    const int64_t refund = f.id_of(messages[1], 0);
    const int64_t credit = f.id_of(messages[1], 36);

    // Everything the extractor said comes back as it was given.
    const store::StoredPromise p = f.promise(refund);
    CHECK(p.conversation_id == conversation);
    CHECK(p.found.kind == "refund");
    CHECK(p.found.amount == "25.00");
    CHECK(p.found.currency == "USD");
    CHECK(p.found.due == "2026-03-16");
    CHECK(p.found.due_text == "within 5 business days");
    CHECK(p.found.references == std::vector<std::string>{"LF-2207715", "CS-1"});
    CHECK(p.found.speaker == "Omar");
    CHECK(p.found.said_at == "2026-03-09T10:01:00-05:00");
    CHECK(p.found.quote_end == 20);
    CHECK(p.found.confidence == doctest::Approx(0.9));
    CHECK(p.found.explain == "anchor: refund\ncue: 'I have processed'");
    CHECK_FALSE(p.found.retracted_by);
    CHECK(p.status == "open");
    CHECK(p.company == "Lumenfield Energy");
    CHECK(p.rules == "rules-test");
    CHECK(p.source_sha256.size() == 64);
    CHECK(p.history.empty());
    const store::StoredPromise c = f.promise(credit);
    CHECK(c.found.amount == "5.00");
    CHECK(c.found.due.empty());

    // Found again with other details, the credit gone, a waiver new.
    auto changed = found(messages[1], 0, "refund", "26.00", "2026-03-17");
    changed.quote_end = 33;
    auto second = f.replace(conversation, {changed, found(messages[2], 4, "waiver", "3.00", "")});
    CHECK(second.added == 1);
    CHECK(second.updated == 1);
    CHECK(second.removed == 1);
    CHECK(second.kept_with_history == 0);
    CHECK(f.id_of(messages[1], 0) == refund);  // the same number
    CHECK(f.promise(refund).found.amount == "26.00");
    CHECK(f.promise(refund).found.due == "2026-03-17");
    CHECK(f.promise(refund).found.quote_end == 33);
    CHECK_FALSE(f.store().promise(credit).ok());
    CHECK(f.list().size() == 2);

    // Nothing found: all go.
    auto third = f.replace(conversation, {});
    CHECK(third.removed == 2);
    CHECK(f.list().empty());
  }

  TEST_CASE("replace_promises touches only the conversation it is given") {
    Fixture f;
    auto [one, m1] = f.keep(chat("Lumenfield Energy", {2026, 3, 9}, k_lines), "chat one");
    auto [two, m2] = f.keep(chat("Corvid Mobile", {2026, 4, 1}, k_other_lines), "chat two");
    REQUIRE(two != one);
    f.replace(one, {found(m1[1], 0, "refund", "25.00", "2026-03-16")});
    f.replace(two, {found(m2[1], 0, "credit", "10.00", "2026-04-10")});
    auto outcome = f.replace(two, {});
    CHECK(outcome.removed == 1);
    REQUIRE(f.list().size() == 1);
    CHECK(f.list().front().conversation_id == one);
  }

  TEST_CASE("a promise with a recorded status or note stays when no longer found, history and all") {
    Fixture f;
    auto [conversation, messages] = f.keep(chat("Lumenfield Energy", {2026, 3, 9}, k_lines), "chat one");
    f.replace(conversation, {found(messages[1], 0, "refund", "25.00", "2026-03-16"),
                             found(messages[2], 4, "waiver", "3.00", "")});
    const int64_t refund = f.id_of(messages[1], 0);
    const int64_t waiver = f.id_of(messages[2], 4);
    f.event(refund, "kept", "on the card");
    f.event(waiver, "", "called them");  // a note alone is enough

    auto outcome = f.replace(conversation, {});
    CHECK(outcome.removed == 0);
    CHECK(outcome.kept_with_history == 2);
    const store::StoredPromise kept = f.promise(refund);
    CHECK(kept.status == "kept");
    REQUIRE(kept.history.size() == 1);
    CHECK(kept.history[0].status == "kept");
    CHECK(kept.history[0].note == "on the card");
    CHECK(kept.history[0].who == "tester");
    CHECK(kept.history[0].at == "2026-03-20T12:00:00+00:00");
    CHECK(f.promise(waiver).status == "open");

    // Found again later: the same number, the history still there.
    outcome = f.replace(conversation, {found(messages[1], 0, "refund", "25.00", "2026-03-16")});
    CHECK(outcome.added == 0);
    CHECK(outcome.updated == 1);
    CHECK(outcome.kept_with_history == 1);
    CHECK(f.id_of(messages[1], 0) == refund);
    CHECK(f.promise(refund).history.size() == 1);
    CHECK(f.list().size() == 2);
  }

  TEST_CASE("status: the last status recorded, else retracted when taken back, else open") {
    Fixture f;
    auto [conversation, messages] = f.keep(chat("Lumenfield Energy", {2026, 3, 9}, k_lines), "chat one");
    auto taken_back = found(messages[1], 36, "credit", "5.00", "");
    taken_back.retracted_by = messages[2];
    f.replace(conversation, {found(messages[1], 0, "refund", "25.00", "2026-03-16"), taken_back});
    const int64_t refund = f.id_of(messages[1], 0);
    const int64_t credit = f.id_of(messages[1], 36);
    CHECK(f.promise(refund).status == "open");
    CHECK(f.promise(credit).status == "retracted");
    CHECK(f.promise(credit).found.retracted_by == messages[2]);

    // A note alone changes no status.
    f.event(refund, "", "waiting");
    f.event(credit, "", "asked about it");
    CHECK(f.promise(refund).status == "open");
    CHECK(f.promise(credit).status == "retracted");

    // Each change is added; the last one counts, notes after it included.
    f.event(refund, "kept", "", "2026-03-20T12:00:00+00:00");
    CHECK(f.promise(refund).status == "kept");
    f.event(refund, "broken", "charged again", "2026-03-21T12:00:00+00:00");
    CHECK(f.promise(refund).status == "broken");
    f.event(refund, "", "called", "2026-03-22T12:00:00+00:00");
    CHECK(f.promise(refund).status == "broken");
    f.event(refund, "open", "", "2026-03-23T12:00:00+00:00");
    CHECK(f.promise(refund).status == "open");
    const auto history = f.promise(refund).history;
    REQUIRE(history.size() == 5);
    std::vector<std::string> statuses;
    for (const auto& e : history) statuses.push_back(e.status);
    CHECK(statuses == std::vector<std::string>{"", "kept", "broken", "", "open"});
    CHECK(history[2].note == "charged again");

    // What the user recorded wins over a retraction.
    f.event(credit, "kept");
    CHECK(f.promise(credit).status == "kept");

    // The listing says the same as promise().
    for (const auto& p : f.list()) CHECK(p.status == f.promise(p.id).status);
  }

  TEST_CASE("unknown promises are errors, and nothing is recorded for them") {
    Fixture f;
    auto unknown = f.store().promise(42);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().find("no such promise") != std::string::npos);
    auto recorded = f.store().add_promise_event(42, {"2026-03-20T12:00:00+00:00", "kept", "", ""});
    REQUIRE_FALSE(recorded.ok());
    CHECK(recorded.error().find("no such promise") != std::string::npos);
  }

  TEST_CASE("filters: statuses, company, due before, said since, conversation; soonest due first") {
    Fixture f;
    auto [one, m1] = f.keep(chat("Lumenfield Energy", {2026, 3, 9}, k_lines), "chat one");
    auto [two, m2] = f.keep(chat("Corvid Mobile", {2026, 4, 1}, k_other_lines), "chat two");
    auto retracted = found(m1[2], 4, "waiver", "3.00", "2026-03-12");
    retracted.retracted_by = m1[2];
    f.replace(one, {found(m1[1], 0, "refund", "25.00", "2026-03-16"), found(m1[1], 36, "credit", "5.00", ""),
                    retracted});
    f.replace(two, {found(m2[1], 0, "credit", "10.00", "2026-04-10", "2026-04-01T10:01:00-05:00"),
                    found(m2[2], 4, "callback", "", "2026-04-03", "2026-04-01T23:30:00-05:00")});
    const int64_t refund = f.id_of(m1[1], 0);
    const int64_t credit5 = f.id_of(m1[1], 36);
    const int64_t waiver = f.id_of(m1[2], 4);
    const int64_t credit10 = f.id_of(m2[1], 0);
    const int64_t callback = f.id_of(m2[2], 4);
    f.event(credit10, "kept");
    f.event(callback, "broken");

    // No filter: every promise, by due date, the ones without a date last.
    CHECK(f.ids() == std::vector<int64_t>{waiver, refund, callback, credit10, credit5});

    store::PromiseFilters open;
    open.statuses = {"open"};
    CHECK(f.ids(open) == std::vector<int64_t>{refund, credit5});
    store::PromiseFilters kept_or_broken;
    kept_or_broken.statuses = {"kept", "broken"};
    CHECK(f.ids(kept_or_broken) == std::vector<int64_t>{callback, credit10});
    store::PromiseFilters retracted_only;
    retracted_only.statuses = {"retracted"};
    CHECK(f.ids(retracted_only) == std::vector<int64_t>{waiver});

    store::PromiseFilters company;
    company.company = "corvid MOBILE";  // any case
    CHECK(f.ids(company) == std::vector<int64_t>{callback, credit10});
    company.company = "Nobody";
    CHECK(f.ids(company).empty());

    // due_before is exclusive and leaves out promises without a date.
    store::PromiseFilters due;
    due.due_before = "2026-03-16";
    CHECK(f.ids(due) == std::vector<int64_t>{waiver});
    due.due_before = "2026-03-17";
    CHECK(f.ids(due) == std::vector<int64_t>{waiver, refund});
    due.due_before = "2099-01-01";
    CHECK(f.ids(due) == std::vector<int64_t>{waiver, refund, callback, credit10});

    // said_since is inclusive, by the day as written where it was said.
    store::PromiseFilters since;
    since.said_since = "2026-04-01";
    CHECK(f.ids(since) == std::vector<int64_t>{callback, credit10});
    since.said_since = "2026-04-02";  // 23:30 on the 1st in -05:00 is the 2nd in UTC, but said on the 1st
    CHECK(f.ids(since).empty());
    since.said_since = "2026-03-09";
    CHECK(f.ids(since).size() == 5);

    store::PromiseFilters conversation;
    conversation.conversation_id = one;
    CHECK(f.ids(conversation) == std::vector<int64_t>{waiver, refund, credit5});

    // Together, they all apply.
    store::PromiseFilters all;
    all.statuses = {"open", "kept"};
    all.company = "Lumenfield Energy";
    all.due_before = "2026-04-30";
    all.said_since = "2026-03-01";
    CHECK(f.ids(all) == std::vector<int64_t>{refund});
  }
}
