// Email threads in the store, through the real email importer and a real (temporary) store:
// threading by Message-ID and by subject, quoted messages kept once and upgraded, re-sent copies
// linked, different bodies under one Message-ID kept apart, emails without a Message-ID.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <string>

#include "importer_test_helpers.hpp"
#include "inwriting/store/store.hpp"
#include "store/icu_tokenizer.hpp"
#include "test_helpers.hpp"

using namespace inwriting;

namespace {

struct Mail {
  std::string from = "Acme Support <support@acme.example>";
  std::string to = "dana@example.net";
  std::string subject = "Your refund";
  std::string date = "Tue, 10 Mar 2026 10:00:00 -0500";
  std::string message_id;  // empty: no Message-ID header
  std::string in_reply_to;
  std::string references;
  std::string extra_headers;
  std::string body;
};

std::string bytes_of(const Mail& m) {
  std::string b = "From: " + m.from + "\nTo: " + m.to + "\nSubject: " + m.subject + "\nDate: " + m.date + "\n";
  if (!m.message_id.empty()) {
    b += "Message-ID: <" + m.message_id + ">\n";
  }
  if (!m.in_reply_to.empty()) {
    b += "In-Reply-To: <" + m.in_reply_to + ">\n";
  }
  if (!m.references.empty()) {
    b += "References: " + m.references + "\n";
  }
  return b + "MIME-Version: 1.0\n" + m.extra_headers + "Content-Type: text/plain; charset=utf-8\n\n" + m.body;
}

class Fixture {
public:
  Fixture() {
    auto s = store::Store::open(m_dir / "store.db", store::OpenMode::read_write);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
    m_store = std::move(*s);
  }
  // Parses `bytes` as the import command does and keeps it; the conversation it went to.
  store::KeptConversation keep(const std::string& bytes, const std::string& name = "mail.eml") {
    auto parsed = test::parse_file_as("eml", bytes, name);
    REQUIRE_MESSAGE(parsed.ok, parsed.error);
    REQUIRE(parsed.conversations.size() == 1);
    auto outcome = m_store->import_source({bytes, "/tmp/" + name, "file", "eml", "eml/1"}, parsed.conversations);
    REQUIRE_MESSAGE(outcome.ok(), (outcome.ok() ? "" : outcome.error()));
    REQUIRE(outcome->conversations.size() == 1);
    return outcome->conversations.front();
  }
  store::KeptConversation keep(const Mail& m) { return keep(bytes_of(m)); }
  store::StoredConversation conversation(int64_t id) {
    auto c = m_store->conversation(id);
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error()));
    return *c;
  }
  store::Stats stats() {
    auto s = m_store->stats();
    REQUIRE(s.ok());
    return *s;
  }
  store::Store& store() { return *m_store; }
  // Runs SQL on a connection of its own; "ok" or the error.
  std::string sql(const char* statement) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2((m_dir / "store.db").c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    REQUIRE(store::register_icu_tokenizer(db) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, statement, nullptr, nullptr, &error);
    std::string out = rc == SQLITE_OK ? "ok" : (error ? error : sqlite3_errmsg(db));
    sqlite3_free(error);
    sqlite3_close(db);
    return out;
  }
  // FTS5's own check that the index holds exactly the words of the messages it indexes.
  std::string index_check() { return sql("INSERT INTO message_fts (message_fts) VALUES ('integrity-check')"); }
  // How often the index holds a word (every place in every message it was indexed at).
  int64_t indexed(const std::string& term) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2((m_dir / "store.db").c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    REQUIRE(store::register_icu_tokenizer(db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, message_fts, instance)", nullptr,
                         nullptr, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT count(*) FROM temp.words WHERE term = ?1", -1, &st, nullptr) == SQLITE_OK);
    sqlite3_bind_text(st, 1, term.c_str(), -1, SQLITE_TRANSIENT);
    const int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }

private:
  test::TempDir m_dir;
  std::unique_ptr<store::Store> m_store;
};

Mail original() {
  Mail m;
  m.message_id = "refund-1@acme.example";
  m.body = "Hello Dana,\n\nWe have approved a refund of $45.00 for order OR-7731. It will reach your card within "
           "five business days.\n\nMaya\nAcme Support\n";
  return m;
}

Mail reply_from_dana() {
  Mail m;
  m.from = "Dana Whitfield <dana@example.net>";
  m.to = "support@acme.example";
  m.subject = "Re: Your refund";
  m.date = "Wed, 11 Mar 2026 09:00:00 -0500";
  m.message_id = "reply-1@example.net";
  m.body = "Thank you, I will watch for it.\n";
  return m;
}

}  // namespace

TEST_SUITE("store::email") {
  TEST_CASE("a reply joins its thread by In-Reply-To, a later one by References alone") {
    Fixture f;
    const auto first = f.keep(original());
    CHECK(!first.linked);
    Mail reply = reply_from_dana();
    reply.in_reply_to = "refund-1@acme.example";
    reply.subject = "a subject of its own";
    const auto second = f.keep(reply);
    CHECK(second.linked);
    CHECK(second.id == first.id);
    Mail third = original();
    third.message_id = "refund-2@acme.example";
    third.subject = "another subject again";
    third.date = "Thu, 12 Mar 2026 09:00:00 -0500";
    third.references = "<refund-1@acme.example> <reply-1@example.net>";
    third.body = "Dana, the refund has now been sent.\n";
    CHECK(f.keep(third).id == first.id);
    const auto c = f.conversation(first.id);
    CHECK(c.summary.messages == 3);
    REQUIRE(c.entries.size() == 3);
    CHECK(c.entries[0].email_message_id == "refund-1@acme.example");
    CHECK(c.entries[1].email_message_id == "reply-1@example.net");
    CHECK(c.entries[2].email_message_id == "refund-2@acme.example");
    CHECK(f.stats().conversations == 1);
  }

  TEST_CASE("an email that names two threads kept apart so far (imported out of order) makes them one") {
    Fixture f;
    const auto a = f.keep(original());  // A
    Mail c = original();                 // C answers B, which is not kept yet
    c.message_id = "refund-3@acme.example";
    c.subject = "Something else";
    c.date = "Thu, 12 Mar 2026 10:00:00 -0500";
    c.in_reply_to = "reply-1@example.net";
    c.references = "<reply-1@example.net>";
    c.body = "We will look into order OR-7731 again.\n";
    const auto c_kept = f.keep(c);
    CHECK(c_kept.id != a.id);
    Mail b = reply_from_dana();  // B answers A
    b.subject = "where is it";
    b.in_reply_to = "refund-1@acme.example";
    b.body = "It did not arrive.\n";
    CHECK(f.keep(b).id == a.id);
    const auto s = f.stats();
    CHECK(s.conversations == 1);
    CHECK(s.messages == 3);
    const auto thread = f.conversation(a.id);
    CHECK(thread.summary.messages == 3);
    REQUIRE(thread.entries.size() == 3);
    CHECK(thread.entries[0].email_message_id == "refund-1@acme.example");
    CHECK(thread.entries[1].email_message_id == "reply-1@example.net");
    CHECK(thread.entries[2].email_message_id == "refund-3@acme.example");
    CHECK(thread.summary.participants.size() == 2);
    CHECK(!f.store().conversation(c_kept.id).ok());
    // A later reply to C finds the merged thread.
    Mail d = reply_from_dana();
    d.message_id = "reply-4@example.net";
    d.subject = "ok";
    d.date = "Fri, 13 Mar 2026 10:00:00 -0500";
    d.in_reply_to = "refund-3@acme.example";
    d.body = "Thanks for looking.\n";
    CHECK(f.keep(d).id == a.id);
    auto hits = f.store().search("OR-7731", {});
    REQUIRE(hits.ok());
    CHECK(hits->size() == 2);
    for (const auto& h : *hits) {
      CHECK(h.conversation_id == a.id);
    }
    auto check = f.store().integrity_check();
    REQUIRE(check.ok());
    CHECK(*check == "ok");
  }

  TEST_CASE("without the headers, a reply joins by subject within 30 days, and only between the same correspondents") {
    Fixture f;
    const auto first = f.keep(original());
    Mail reply = reply_from_dana();  // "Re: Your refund", no In-Reply-To or References
    CHECK(f.keep(reply).id == first.id);
    Mail late = reply_from_dana();
    late.message_id = "late@example.net";
    late.date = "Sat, 25 Apr 2026 09:00:00 -0400";  // 46 days after
    late.body = "Still nothing on my card.\n";
    const auto apart = f.keep(late);
    CHECK(!apart.linked);
    CHECK(apart.id != first.id);
    Mail stranger = reply_from_dana();
    stranger.from = "Lee <lee@other.example>";
    stranger.to = "help@elsewhere.example";
    stranger.message_id = "stranger@other.example";
    stranger.body = "Where is my refund from Elsewhere?\n";
    const auto other = f.keep(stranger);
    CHECK(!other.linked);
    CHECK(other.id != first.id);
    CHECK(f.stats().conversations == 3);
    CHECK(f.conversation(first.id).summary.messages == 2);
  }

  TEST_CASE("a message known only from a quote is upgraded when its own email arrives: one message, not two") {
    Fixture f;
    Mail reply = reply_from_dana();
    reply.in_reply_to = "refund-1@acme.example";
    reply.body = "Thank you, I will watch for it.\n\nOn Tue, Mar 10, 2026 at 10:00 AM Acme Support <support@acme.example> wrote:\n"
                 "> Hello Dana,\n>\n> We have approved a refund of $45.00 for order OR-7731. It will reach your card within\n"
                 "> five business days.\n>\n> Maya\n> Acme Support\n";
    const auto thread = f.keep(reply);
    auto before = f.conversation(thread.id);
    REQUIRE(before.entries.size() == 2);
    CHECK(before.entries[0].quoted);
    CHECK(before.entries[0].email_message_id.empty());
    CHECK(before.entries[0].text.find("refund of $45.00") != std::string::npos);
    const int64_t quoted_id = before.entries[0].id;

    const auto own = f.keep(original());
    CHECK(own.id == thread.id);
    const auto after = f.conversation(thread.id);
    CHECK(after.summary.messages == 2);
    REQUIRE(after.entries.size() == 2);
    CHECK(after.entries[0].id == quoted_id);
    CHECK(!after.entries[0].quoted);
    CHECK(after.entries[0].email_message_id == "refund-1@acme.example");
    CHECK(after.entries[0].time_iso == "2026-03-10T10:00:00-05:00");
    CHECK(after.entries[0].sources == 2);  // its own email and the reply quoting it
    CHECK(f.stats().messages == 2);
    // Found once by search, with its own words.
    auto hits = f.store().search("OR-7731", {});
    REQUIRE(hits.ok());
    CHECK(hits->size() == 1);
  }

  TEST_CASE("the same email re-sent with other bytes (re-encoded, other headers) is the same message") {
    Fixture f;
    const auto first = f.keep(original());
    Mail again = original();
    again.extra_headers = "Content-Transfer-Encoding: quoted-printable\n";
    again.body = "Hello Dana,\n\nWe have approved a refund of $45.00 for order OR-7731. It will reach your card wit=\nhin "
                 "five business days.\n\nMaya\nAcme Support\n";
    std::string bytes = "Return-Path: <support@acme.example>\nDelivered-To: dana@example.net\n" + bytes_of(again);
    std::string crlf;
    for (char ch : bytes) {
      crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
    }
    const auto second = f.keep(crlf, "resent.eml");
    CHECK(second.id == first.id);
    CHECK(second.linked);
    const auto c = f.conversation(first.id);
    CHECK(c.summary.messages == 1);
    REQUIRE(c.entries.size() == 1);
    CHECK(c.entries[0].sources == 2);
    const auto s = f.stats();
    CHECK(s.sources == 2);
    CHECK(s.messages == 1);
  }

  TEST_CASE("one Message-ID over two different bodies: kept apart") {
    Fixture f;
    const auto first = f.keep(original());
    Mail other = original();
    other.body = "Hello Dana,\n\nWe could not approve the refund for order OR-7731; the item was used.\n\nMaya\n";
    const auto second = f.keep(other);
    CHECK(second.id == first.id);  // the same thread, by its Message-ID
    const auto c = f.conversation(first.id);
    CHECK(c.summary.messages == 2);
    REQUIRE(c.entries.size() == 2);
    CHECK(c.entries[0].text != c.entries[1].text);
    CHECK(c.entries[0].email_message_id == c.entries[1].email_message_id);
  }

  TEST_CASE("emails without a Message-ID: each kept, a re-encoded copy linked, a reply joined by subject") {
    Fixture f;
    Mail a = original();
    a.message_id.clear();
    const auto first = f.keep(a);
    CHECK(!first.linked);
    Mail b = original();
    b.message_id.clear();
    b.subject = "Your new card";
    b.date = "Wed, 11 Mar 2026 10:00:00 -0500";
    b.body = "Hello Dana,\n\nYour new card ends in 4242.\n";
    const auto second = f.keep(b);
    CHECK(second.id != first.id);
    // The first again, with CRLF line ends: the same message.
    std::string crlf;
    for (char ch : bytes_of(a)) {
      crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
    }
    const auto again = f.keep(crlf, "again.eml");
    CHECK(again.id == first.id);
    Mail reply = reply_from_dana();
    reply.message_id.clear();
    CHECK(f.keep(reply).id == first.id);
    CHECK(f.conversation(first.id).summary.messages == 2);
    CHECK(f.conversation(second.id).summary.messages == 1);
    CHECK(f.stats().messages == 3);
  }
  TEST_CASE("in one batch, a quote, its own email and a source rolled back leave the index exact") {
    // The index is written when the batch commits: the copy's words go out and the email's come
    // in, in the order they were asked for, and a source that failed adds nothing.
    Fixture f;
    f.sql("CREATE TRIGGER refuse_bad BEFORE INSERT ON custody_events WHEN NEW.detail LIKE '%bad.eml' "
          "BEGIN SELECT RAISE(ABORT, 'refused'); END");
    REQUIRE(f.store().begin_batch().ok());
    Mail reply = reply_from_dana();
    reply.in_reply_to = "refund-1@acme.example";
    reply.body = "Thank you, I will watch for it.\n\nOn Tue, Mar 10, 2026 at 10:00 AM Acme Support <support@acme.example> wrote:\n"
                 "> Hello Dana,\n>\n> We have approved a refund of $45.00 for order OR7731 (quoted copy).\n";
    const auto thread = f.keep(reply);
    Mail own = original();
    own.body = "Hello Dana,\n\nWe have approved a refund of $45.00 for order OR-7731 (quoted copy).\n\nMaya\nAcme Support\n";
    CHECK(f.keep(own).id == thread.id);
    // A source that fails at its very end (its custody event refused) rolls back whole.
    auto chat = test::parse_file_as("eml", bytes_of(reply_from_dana()), "bad.eml");
    REQUIRE(chat.ok);
    chat.conversations.front().email.reset();
    chat.conversations.front().channel = model::Channel::chat;
    chat.conversations.front().entries.front().text = "Zebracorn words nobody else wrote";
    auto failed = f.store().import_source({"other bytes", "/tmp/bad.eml", "file", "eml", "eml/1"}, chat.conversations);
    CHECK(!failed.ok());
    REQUIRE(f.store().commit_batch().ok());
    auto hits = f.store().search("OR-7731", {});
    REQUIRE(hits.ok());
    CHECK(hits->size() == 1);
    auto quoted_words = f.store().search("\"quoted copy\"", {});
    REQUIRE(quoted_words.ok());
    CHECK(quoted_words->size() == 1);
    auto none = f.store().search("Zebracorn", {});
    REQUIRE(none.ok());
    CHECK(none->empty());
    CHECK(f.stats().sources == 2);
    CHECK(f.indexed("approved") == 1);
    CHECK(f.indexed("or7731") == 0);  // the copy's words went out when the email's came in
    CHECK(f.indexed("7731") == 1);
    CHECK(f.indexed("zebracorn") == 0);
    CHECK(f.index_check() == "ok");
  }
}
