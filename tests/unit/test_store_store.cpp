#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "inwriting/store/store.hpp"
#include "inwriting/util/hash.hpp"
#include "test_helpers.hpp"

using namespace inwriting;

namespace {

model::Conversation conversation_of(std::vector<std::pair<std::string, std::string>> lines, std::string company = "Acme") {
  model::Conversation c;
  c.company = std::move(company);
  c.format = "test";
  int n = 0;
  for (auto& [speaker, text] : lines) {
    model::Entry e;
    e.speaker = speaker;
    e.text = text;
    e.time.date = timeutil::Date{2026, 3, 4};
    e.time.time = timeutil::TimeOfDay{10, n++, 0, true};
    e.time.offset_minutes = -300;
    e.where = {n, n};
    c.entries.push_back(e);
  }
  c.participant("Sam").role = model::Role::agent;
  c.participant("Dana").role = model::Role::customer;
  return c;
}

store::SourceRecord source_of(std::string bytes) { return {std::move(bytes), "/tmp/x.txt", "file", "test", "test/1"}; }

std::unique_ptr<store::Store> open_rw(const std::string& path) {
  auto s = store::Store::open(path, store::OpenMode::read_write);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

size_t hits(store::Store& s, const std::string& q) {
  auto r = s.search(q, {});
  REQUIRE_MESSAGE(r.ok(), q << ": " << (r.ok() ? "" : r.error()));
  return r->size();
}

}  // namespace

TEST_SUITE("store::store") {
  TEST_CASE("a new store is private: 0600 file in a 0700 directory, WAL, current schema") {
    test::TempDir dir;
    const std::string path = dir / "deep/er/store.db";
    auto s = open_rw(path);
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat((dir / "deep/er").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    CHECK(s->schema_version() == store::k_schema_version);
    CHECK(*s->integrity_check() == "ok");
  }

  TEST_CASE("the same bytes twice are kept once") {
    test::TempDir dir;
    auto s = open_rw(dir / "store.db");
    auto c = conversation_of({{"Dana", "I was charged twice"}, {"Sam", "I've issued a refund"}});
    auto first = s->import_source(source_of("bytes one"), {c});
    REQUIRE(first.ok());
    CHECK(first->status == store::ImportStatus::kept);
    CHECK(first->sha256 == hash::sha256_hex("bytes one"));
    auto second = s->import_source(source_of("bytes one"), {c});
    REQUIRE(second.ok());
    CHECK(second->status == store::ImportStatus::duplicate);
    CHECK(second->conversations.at(0).id == first->conversations.at(0).id);
    CHECK(s->stats()->sources == 1);
    CHECK(s->stats()->messages == 2);
  }

  TEST_CASE("the same conversation from another source is linked, not stored twice") {
    test::TempDir dir;
    auto s = open_rw(dir / "store.db");
    auto pasted = conversation_of({{"Dana", "I was charged  twice"}, {"Sam", "I've issued a Refund"}});
    auto page = conversation_of({{"You", "I was charged twice"}, {"Sam", "I've issued a refund"}});
    auto first = s->import_source(source_of("pasted text"), {pasted});
    auto second = s->import_source(source_of("<html>the page</html>"), {page});
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(second->status == store::ImportStatus::kept);
    CHECK(second->conversations.at(0).linked);
    CHECK(second->conversations.at(0).id == first->conversations.at(0).id);
    CHECK(s->stats()->sources == 2);
    CHECK(s->stats()->conversations == 1);
    CHECK(s->stats()->messages == 2);
  }

  TEST_CASE("the original bytes come back unchanged") {
    test::TempDir dir;
    auto s = open_rw(dir / "store.db");
    std::string bytes("\xEF\xBB\xBFline one\r\nline\0two\xFF", 23);
    auto r = s->import_source(source_of(bytes), {conversation_of({{"Sam", "hello"}})});
    REQUIRE(r.ok());
    CHECK(*s->source_bytes(r->source_id) == bytes);
    auto c = s->conversation(r->conversations.at(0).id);
    REQUIRE(c.ok());
    CHECK(c->entries.at(0).time_iso == "2026-03-04T10:00:00-05:00");
    CHECK(c->entries.at(0).role == model::Role::agent);
  }

  TEST_CASE("a store from a newer version is refused and left unchanged") {
    test::TempDir dir;
    const std::string path = dir / "store.db";
    { open_rw(path); }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    const auto before = file::read_all(path);
    auto again = store::Store::open(path, store::OpenMode::read_write);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().find("newer inwriting") != std::string::npos);
    CHECK(again.error().find("left unchanged") != std::string::npos);
    auto bytes_after = file::read_all(path);
    REQUIRE(bytes_after.ok());
    CHECK(*bytes_after == *before);
    sqlite3_open(path.c_str(), &db);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
    sqlite3_step(st);
    CHECK(sqlite3_column_int(st, 0) == 99);
    sqlite3_finalize(st);
    sqlite3_close(db);
  }

  TEST_CASE("a store made by schema version 1 is migrated at open, its data kept") {
    test::TempDir dir;
    const std::string path = dir / "store.db";
    int64_t conversation_id = 0;
    {
      auto old = store::Store::create_at_version(path, 1);
      REQUIRE(old.ok());
      CHECK((*old)->schema_version() == 1);
      // Version 1 had no custody log: write the rows by hand as that version would have.
      sqlite3* db = nullptr;
      REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
      REQUIRE(sqlite3_exec(db,
                           "INSERT INTO sources (sha256, size, bytes, origin, origin_kind, imported_at, format, "
                           "parser_version) VALUES ('abc', 3, x'616263', '/old/chat.txt', 'file', "
                           "'2026-01-01T00:00:00+00:00', 'text-chat', 'text-chat/1');"
                           "INSERT INTO conversations (source_id, ordinal, channel, company, format, fingerprint, "
                           "message_count) VALUES (1, 0, 'chat', 'Acme', 'text-chat', 'f', 1);"
                           "INSERT INTO source_conversations VALUES (1, 1, 'parsed');"
                           "INSERT INTO messages (conversation_id, seq, kind, speaker, text) VALUES "
                           "(1, 0, 'message', 'Sam', 'old refund message');",
                           nullptr, nullptr, nullptr) == SQLITE_OK);
      sqlite3_close(db);
      conversation_id = 1;
    }
    auto s = open_rw(path);
    CHECK(s->schema_version() == store::k_schema_version);
    auto c = s->conversation(conversation_id);
    REQUIRE(c.ok());
    CHECK(c->entries.at(0).text == "old refund message");
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT event, detail FROM custody_events", -1, &st, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "imported");
    sqlite3_finalize(st);
    sqlite3_close(db);
    CHECK(*s->integrity_check() == "ok");
  }

  TEST_CASE("an import that fails half-way leaves nothing behind") {
    test::TempDir dir;
    const std::string path = dir / "store.db";
    auto s = open_rw(path);
    {
      // Make the third message's insert fail, after the source and two messages were written.
      sqlite3* db = nullptr;
      REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
      REQUIRE(sqlite3_exec(db,
                           "CREATE TRIGGER fail_on_boom BEFORE INSERT ON messages WHEN NEW.text = 'boom' "
                           "BEGIN SELECT RAISE(ABORT, 'boom'); END;",
                           nullptr, nullptr, nullptr) == SQLITE_OK);
      sqlite3_close(db);
    }
    auto c = conversation_of({{"Sam", "hello"}, {"Dana", "refund please"}, {"Sam", "boom"}});
    auto r = s->import_source(source_of("broken"), {c});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().find("cannot keep a message") != std::string::npos);
    CHECK(s->stats()->sources == 0);
    CHECK(s->stats()->messages == 0);
    CHECK(s->search("refund", {})->empty());
    CHECK_FALSE(s->find_source(hash::sha256_hex("broken")).has_value());
    CHECK(*s->integrity_check() == "ok");
  }
}

TEST_SUITE("search::fts") {
  TEST_CASE("a store indexed by another ICU version is re-indexed at open, events included") {
    test::TempDir dir;
    const std::string path = dir / "store.db";
    {
      auto s = open_rw(path);
      auto c = conversation_of({{"Sam", "เราจะคืนเงินให้คุณ"}});
      model::Entry joined;
      joined.kind = model::EntryKind::event;
      joined.text = "Sam joined the chat";
      c.entries.push_back(joined);
      REQUIRE(s->import_source(source_of("x"), {c}).ok());
    }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    // The index as a different ICU might have left it: emptied, and marked with another version.
    REQUIRE(sqlite3_exec(db,
                         "DELETE FROM message_fts_data WHERE id > 10; "
                         "UPDATE meta SET value = '1.0' WHERE key = 'icu_version'",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    auto s = open_rw(path);
    CHECK(hits(*s, "คืนเงิน") == 1);
    auto joined = s->search("joined", {});
    REQUIRE(joined.ok());
    REQUIRE(joined->size() == 1);
    CHECK(joined->front().role == model::Role::system);
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'icu_version'", -1, &st, nullptr);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) != "1.0");
    sqlite3_finalize(st);
    sqlite3_close(db);
  }

  TEST_CASE("English and Spanish are case and accent insensitive; Thai words are found inside sentences") {
    test::TempDir dir;
    auto s = open_rw(dir / "store.db");
    auto c = conversation_of({{"Sam", "Le Reembolsó el cargo y la bonificación."},
                              {"Sam", "เราจะคืนเงินให้คุณภายใน ๓ วันทำการ"},
                              {"Sam", "ทางร้านจะส่งเคสซิลิโคนไปให้ใหม่ฟรีค่ะ"},
                              {"Sam", "Your ticket number is CS-4410921, tracking EA325265497CN."},
                              {"Dana", "My bill is $1,299.00 and 1.500 bonus; the LATE FEE too"}});
    REQUIRE(s->import_source(source_of("x"), {c}).ok());
    CHECK(hits(*s, "reembolso") == 1);
    CHECK(hits(*s, "REEMBOLSÓ") == 1);
    CHECK(hits(*s, "bonificacion") == 1);
    CHECK(hits(*s, "คืนเงิน") == 1);
    CHECK(hits(*s, "เคสซิลิโคน") == 1);
    CHECK(hits(*s, "3") == 1);  // Thai digit ๓
    CHECK(hits(*s, "CS-4410921") == 1);
    CHECK(hits(*s, "4410921") == 1);
    CHECK(hits(*s, "EA325265497CN") == 1);
    CHECK(hits(*s, "1299.00") == 1);
    CHECK(hits(*s, "1,500") == 1);
    CHECK(hits(*s, "late fee") == 1);
    CHECK(hits(*s, "\"fee late\"") == 0);
    CHECK(hits(*s, "refund OR reembolso") == 1);
    CHECK(hits(*s, "warranty") == 0);
    CHECK(hits(*s, "reemb*") == 1);
  }

  TEST_CASE("snippets mark the matched words: accents, Thai inside a sentence, prefixes") {
    test::TempDir dir;
    auto s = open_rw(dir / "store.db");
    auto c = conversation_of({{"Sam", "Le Reembolsó el cargo de su factura."},
                              {"Sam", "เราจะคืนเงินให้คุณภายใน 3 วัน"},
                              {"Sam", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                                      "fifteen sixteen seventeen eighteen nineteen refund twenty-one twenty-two"}});
    REQUIRE(s->import_source(source_of("x"), {c}).ok());
    auto snippet = [&](const std::string& q) {
      auto r = s->search(q, {});
      REQUIRE(r.ok());
      REQUIRE(r->size() == 1);
      return r->front().snippet;
    };
    CHECK(snippet("reembolso") == "Le \x01Reembolsó\x02 el cargo de su factura.");
    CHECK(snippet("คืนเงิน") == "เราจะ\x01คืนเงิน\x02ให้คุณภายใน 3 วัน");
    // Four words of context before the first match; "\x01" "f" kept apart so \x01f is not one escape.
    CHECK(snippet("fact*") == "…el cargo de su \x01" "factura\x02.");
    const std::string long_one = snippet("refund");
    CHECK(long_one.rfind("…", 0) == 0);
    CHECK(long_one.find("\x01refund\x02") != std::string::npos);
    CHECK(long_one.find("one two") == std::string::npos);
  }

  TEST_CASE("filters narrow the hits") {
    test::TempDir dir;
    auto s = open_rw(dir / "store.db");
    REQUIRE(s->import_source(source_of("a"), {conversation_of({{"Sam", "refund one"}, {"Dana", "refund two"}}, "Acme")}).ok());
    REQUIRE(s->import_source(source_of("b"), {conversation_of({{"Sam", "refund three"}}, "Other")}).ok());
    store::Filters f;
    f.role = model::Role::agent;
    CHECK(s->search("refund", f)->size() == 2);
    f.company = "acme";
    CHECK(s->search("refund", f)->size() == 1);
    store::Filters by_speaker;
    by_speaker.speaker = "Dana";
    CHECK(s->search("refund", by_speaker)->size() == 1);
    store::Filters later;
    later.since_utc = timeutil::wall_seconds({2026, 3, 5}, {});
    CHECK(s->search("refund", later)->empty());
    store::Filters limited;
    limited.limit = 1;
    CHECK(s->search("refund", limited)->size() == 1);
  }

  TEST_CASE("malformed queries get a plain explanation") {
    for (const char* q : {"\"unclosed", "refund OR", "OR refund", "", "NOT", "\"\""}) {
      auto r = store::to_fts_query(q);
      CHECK_FALSE(r.ok());
      if (!r.ok()) {
        CHECK(r.error().find("query") != std::string::npos);
      }
    }
    CHECK(*store::to_fts_query("late fee") == "\"late\" \"fee\"");
    CHECK(*store::to_fts_query("say \"hi there\" NOT bye*") == "\"say\" \"hi there\" NOT \"bye\" *");
    CHECK(*store::to_fts_query("a\"b\"") == "\"a\" \"b\"");
    CHECK(*store::to_fts_query("col:umn ^x (y)") == "\"col:umn\" \"^x\" \"(y)\"");
  }
}
