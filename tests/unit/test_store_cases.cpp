#include <doctest/doctest.h>

#include "importer_test_helpers.hpp"
#include "inwriting/store/store.hpp"
#include "test_helpers.hpp"

using namespace inwriting;

namespace {

model::Conversation chat(const std::string& agent_line) {
  model::Conversation c;
  c.company = "Acme";
  c.format = "test";
  int n = 0;
  for (const auto& [speaker, text] : std::vector<std::pair<std::string, std::string>>{
           {"Dana", "I was charged twice for March."}, {"Sam", agent_line}}) {
    model::Entry e;
    e.speaker = speaker;
    e.text = text;
    e.time.date = timeutil::Date{2026, 3, 4};
    e.time.time = timeutil::TimeOfDay{10, n++, 0, true};
    e.time.offset_minutes = -300;
    c.entries.push_back(e);
  }
  c.participant("Sam").role = model::Role::agent;
  c.participant("Dana").role = model::Role::customer;
  return c;
}

std::unique_ptr<store::Store> open_rw(const std::string& path) {
  auto s = store::Store::open(path, store::OpenMode::read_write);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

int64_t import_chat(store::Store& s, const std::string& bytes, const std::string& agent_line) {
  auto kept = s.import_source({bytes, "/tmp/x.txt", "file", "test", "test/1"}, {chat(agent_line)});
  REQUIRE_MESSAGE(kept.ok(), (kept.ok() ? "" : kept.error()));
  return kept->conversations.at(0).id;
}

store::FoundPromise promise_in(store::Store& s, int64_t conversation) {
  auto c = s.conversation(conversation);
  REQUIRE(c.ok());
  store::FoundPromise f;
  f.message_id = c->entries.at(1).id;
  f.quote_begin = 0;
  f.quote_end = 10;
  f.kind = "refund";
  f.amount = "40.00";
  f.currency = "USD";
  f.due = "2026-03-11";
  f.speaker = "Sam";
  f.said_at = "2026-03-04T10:01:00-05:00";
  f.quote = "I'll refund the $40 by March 11.";
  f.confidence = 0.9;
  f.explain = "test";
  return f;
}

}  // namespace

TEST_SUITE("store.cases") {
  TEST_CASE("a case is made once per name, with its details; an unknown case is a plain error") {
    test::TempDir dir;
    auto s = open_rw(dir / "store.db");
    CHECK(s->schema_version() == store::k_schema_version);
    store::CaseDetails d;
    d.name = "acme-double-charge";
    d.company = "Acme";
    d.amount = "129.99";
    d.currency = "USD";
    d.charge_date = "2026-03-01";
    d.account_last4 = "1234";
    d.type = "duplicate";
    auto id = s->create_case(d);
    REQUIRE(id.ok());
    auto again = s->create_case(d);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().find("exists already") != std::string::npos);
    auto found = s->find_case("acme-double-charge");
    REQUIRE(found.ok());
    CHECK(found->id == *id);
    CHECK(found->details.amount == "129.99");
    CHECK(found->details.statement_date.empty());
    CHECK(found->details.type == "duplicate");
    CHECK(s->find_case(std::to_string(*id)).ok());
    auto missing = s->find_case("nope");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().find("case list") != std::string::npos);
    auto all = s->cases();
    REQUIRE(all.ok());
    CHECK(all->size() == 1);
  }

  TEST_CASE("conversations and promises go in and out; unknown ones are refused; deleting keeps the evidence") {
    test::TempDir dir;
    auto s = open_rw(dir / "store.db");
    const int64_t conversation = import_chat(*s, "one", "I'll refund the $40 by March 11.");
    REQUIRE(s->replace_promises(conversation, {promise_in(*s, conversation)}, "rules").ok());
    auto promises = s->promises({});
    REQUIRE(promises.ok());
    REQUIRE(promises->size() == 1);
    const int64_t promise = promises->front().id;
    store::CaseDetails d;
    d.name = "acme";
    const int64_t case_id = *s->create_case(d);

    CHECK(*s->add_case_item(case_id, store::CaseItemKind::conversation, conversation) == true);
    CHECK(*s->add_case_item(case_id, store::CaseItemKind::conversation, conversation) == false);
    // Several at once: all or none.
    auto several = s->change_case_items(case_id, {{store::CaseItemKind::promise, promise}, {store::CaseItemKind::conversation, 999}}, true);
    CHECK_FALSE(several.ok());
    CHECK(s->find_case("acme")->items.size() == 1);
    CHECK(*s->add_case_item(case_id, store::CaseItemKind::promise, promise) == true);
    CHECK_FALSE(s->add_case_item(case_id, store::CaseItemKind::conversation, 999).ok());
    CHECK_FALSE(s->add_case_item(case_id, store::CaseItemKind::promise, 999).ok());
    auto c = s->find_case("acme");
    REQUIRE(c->items.size() == 2);
    CHECK(c->items[0].kind == store::CaseItemKind::conversation);
    CHECK(c->items[1].kind == store::CaseItemKind::promise);
    CHECK(c->items[1].id == promise);

    // A promise in a case is kept when the rules no longer find it.
    auto outcome = s->replace_promises(conversation, {}, "rules2");
    REQUIRE(outcome.ok());
    CHECK(outcome->removed == 0);
    CHECK(outcome->kept_with_history == 1);
    CHECK(s->promise(promise).ok());

    CHECK(*s->remove_case_item(case_id, store::CaseItemKind::promise, promise) == true);
    CHECK(*s->remove_case_item(case_id, store::CaseItemKind::promise, promise) == false);
    CHECK(s->find_case("acme")->items.size() == 1);
    REQUIRE(s->delete_case(case_id).ok());
    CHECK_FALSE(s->find_case("acme").ok());
    CHECK(s->conversation(conversation).ok());
    CHECK(*s->integrity_check() == "ok");
  }

  TEST_CASE("a note is a phone conversation of its own, searchable, with its reference, in the case") {
    test::TempDir dir;
    auto s = open_rw(dir / "store.db");
    store::CaseDetails d;
    d.name = "acme";
    d.company = "Acme";
    const int64_t case_id = *s->create_case(d);
    store::CaseNote note;
    note.conversation.channel = model::Channel::phone;
    note.conversation.format = "note";
    note.conversation.company = "Acme";
    note.conversation.participant("You").role = model::Role::customer;
    note.conversation.participant("Priya").role = model::Role::agent;
    model::Entry e;
    e.speaker = "You";
    e.text = "Called billing; Priya said the duplicate charge will be reversed within 5 days.\nReference: 88123";
    e.time.date = timeutil::Date{2026, 3, 10};
    e.time.time = timeutil::TimeOfDay{14, 5, 0, true};
    e.time.offset_minutes = -240;
    note.conversation.entries.push_back(e);
    note.conversation.started = e.time;
    note.reference = "88123";
    note.source = {"inwriting case note\n\nCalled billing", "case acme", "note", "note", "note/1"};
    auto id = s->add_case_note(case_id, note);
    REQUIRE_MESSAGE(id.ok(), (id.ok() ? "" : id.error()));
    auto c = s->conversation(*id);
    REQUIRE(c.ok());
    CHECK(c->summary.channel == model::Channel::phone);
    CHECK(c->entries.size() == 1);
    CHECK(c->entries[0].role == model::Role::customer);
    bool has_ref = false;
    for (const auto& r : c->references) has_ref = has_ref || r.value == "88123";
    CHECK(has_ref);
    auto hits = s->search("reversed", {});
    REQUIRE(hits.ok());
    CHECK(hits->size() == 1);
    auto kept = s->find_case("acme");
    REQUIRE(kept->items.size() == 1);
    CHECK(kept->items[0].kind == store::CaseItemKind::note);
    CHECK(kept->items[0].id == *id);
    // Another import works after it (the note's transaction is closed).
    import_chat(*s, "two", "Sorry for the wait.");
    CHECK(*s->integrity_check() == "ok");
  }

  TEST_CASE("two email threads in a case that merge leave the case holding the merged thread") {
    test::TempDir dir;
    auto s = open_rw(dir / "store.db");
    auto keep = [&](const std::string& bytes) {
      auto parsed = test::parse_file_as("eml", bytes, "mail.eml");
      REQUIRE_MESSAGE(parsed.ok, parsed.error);
      auto kept = s->import_source({bytes, "/tmp/mail.eml", "file", "eml", "eml/1"}, parsed.conversations);
      REQUIRE_MESSAGE(kept.ok(), (kept.ok() ? "" : kept.error()));
      return kept->conversations.at(0).id;
    };
    auto mail = [](const std::string& from, const std::string& id, const std::string& reply_to, const std::string& date,
                   const std::string& body) {
      return "From: " + from + "\nTo: someone@example.net\nSubject: Refund " + id + "\nDate: " + date +
             "\nMessage-ID: <" + id + ">\n" + (reply_to.empty() ? "" : "In-Reply-To: <" + reply_to + ">\n") +
             "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n" + body;
    };
    const int64_t a = keep(mail("Acme Support <support@acme.example>", "a@acme.example", "", "Tue, 10 Mar 2026 10:00:00 -0500",
                                "We have approved a refund of $45.00.\n"));
    const int64_t c = keep(mail("Acme Support <support@acme.example>", "c@acme.example", "b@example.net",
                                "Thu, 12 Mar 2026 10:00:00 -0500", "We will look again.\n"));
    REQUIRE(a != c);
    store::CaseDetails d;
    d.name = "acme";
    const int64_t case_id = *s->create_case(d);
    REQUIRE(*s->add_case_item(case_id, store::CaseItemKind::conversation, a));
    REQUIRE(*s->add_case_item(case_id, store::CaseItemKind::conversation, c));
    // B answers A and is answered by C: one thread.
    CHECK(keep(mail("Dana <dana@example.net>", "b@example.net", "a@acme.example", "Wed, 11 Mar 2026 09:00:00 -0500",
                    "It did not arrive.\n")) == a);
    CHECK_FALSE(s->conversation(c).ok());  // merged into A
    auto kept = s->find_case("acme");
    REQUIRE(kept.ok());
    REQUIRE(kept->items.size() == 1);
    CHECK(kept->items[0].id == a);
    CHECK(*s->integrity_check() == "ok");
  }

  TEST_CASE("a store of schema 4 gains the case tables") {
    test::TempDir dir;
    const std::string path = dir / "store.db";
    {
      auto old = store::Store::create_at_version(path, 4);
      REQUIRE(old.ok());
      CHECK((*old)->schema_version() == 4);
    }
    auto s = open_rw(path);
    CHECK(s->schema_version() == store::k_schema_version);
    store::CaseDetails d;
    d.name = "after-upgrade";
    CHECK(s->create_case(d).ok());
  }
}
