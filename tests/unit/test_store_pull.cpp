// The pull state: one row per (account, mailbox, UIDVALIDITY, UID), written in the batch that
// keeps the message's source, so it commits (or is lost) with it.
#include <doctest/doctest.h>

#include "inwriting/store/store.hpp"
#include "test_helpers.hpp"

using namespace inwriting;

namespace {

std::unique_ptr<store::Store> open_rw(const std::string& path) {
  auto s = store::Store::open(path, store::OpenMode::read_write);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return std::move(*s);
}

store::SourceRecord raw(const std::string& bytes, int64_t uid) {
  return {bytes, "imaps://dana@127.0.0.1:993/INBOX;UIDVALIDITY=7/;UID=" + std::to_string(uid), "mailbox", "unparsed",
          "unparsed/1", R"({"server":"imaps://dana@127.0.0.1:993","uid":)" + std::to_string(uid) + "}"};
}

store::PullRecord record(int64_t uidvalidity, int64_t uid, store::PullOutcome outcome, int64_t source_id) {
  return {{"work", "INBOX", uidvalidity, uid}, outcome, source_id, "", "2026-03-04T10:00:00+00:00"};
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("pull state: recorded per UIDVALIDITY and UID, committed with the source") {
    test::TempDir dir;
    auto s = open_rw(dir / "store.db");
    CHECK(s->schema_version() == 7);
    REQUIRE(s->begin_batch().ok());
    auto kept = s->import_source(raw("From: x\r\n\r\nnot a transcript", 3), {});
    REQUIRE(kept.ok());
    CHECK(kept->status == store::ImportStatus::kept);
    CHECK(kept->conversations.empty());
    auto unparsed = record(7, 3, store::PullOutcome::unparsed, kept->source_id);
    unparsed.error = "INBOX UID 3: no conversation found in it";
    REQUIRE(s->record_pull(unparsed).ok());
    REQUIRE(s->record_pull(record(7, 1, store::PullOutcome::imported, kept->source_id)).ok());
    REQUIRE(s->commit_batch().ok());

    CHECK(*s->pulled_uids("work", "INBOX", 7) == std::vector<int64_t>{1, 3});
    CHECK(s->pulled_uids("work", "INBOX", 8)->empty());  // a new UIDVALIDITY: read the mailbox again
    CHECK(s->pulled_uids("home", "INBOX", 7)->empty());
    CHECK(s->pulled_uids("work", "Archive", 7)->empty());

    // Recording a key again keeps the first record.
    REQUIRE(s->record_pull(record(7, 3, store::PullOutcome::duplicate, kept->source_id)).ok());
    auto all = s->pull_records("work");
    REQUIRE(all.ok());
    REQUIRE(all->size() == 2);
    CHECK(all->at(0).key.uid == 3);
    CHECK(all->at(0).outcome == store::PullOutcome::unparsed);
    CHECK(all->at(0).error == "INBOX UID 3: no conversation found in it");
    CHECK(all->at(0).source_id == kept->source_id);
    CHECK(store::to_string(all->at(1).outcome) == "imported");
    CHECK(s->pull_records("")->size() == 2);
    CHECK(s->pull_records("home")->empty());

    // The raw bytes are a source like any other: kept verbatim, with their custody detail.
    CHECK(*s->source_bytes(kept->source_id) == "From: x\r\n\r\nnot a transcript");
  }

  TEST_CASE("pull state: a batch that is not committed leaves neither the source nor the record") {
    test::TempDir dir;
    {
      auto s = open_rw(dir / "store.db");
      REQUIRE(s->begin_batch().ok());
      auto kept = s->import_source(raw("message one", 1), {});
      REQUIRE(kept.ok());
      REQUIRE(s->record_pull(record(7, 1, store::PullOutcome::imported, kept->source_id)).ok());
      // Closed with the batch open, as a killed run is.
    }
    auto s = open_rw(dir / "store.db");
    CHECK(s->pulled_uids("work", "INBOX", 7)->empty());
    CHECK(s->stats()->sources == 0);
  }

  TEST_CASE("pull state: a record names a kept source") {
    test::TempDir dir;
    auto s = open_rw(dir / "store.db");
    CHECK_FALSE(s->record_pull(record(7, 1, store::PullOutcome::imported, 12345)).ok());
    CHECK(s->pulled_uids("work", "INBOX", 7)->empty());
  }

  TEST_CASE("pull state: a store of version 6 migrates to 7 with its sources") {
    test::TempDir dir;
    {
      auto old = store::Store::create_at_version(dir / "store.db", 6);
      REQUIRE(old.ok());
      REQUIRE((*old)->import_source(raw("kept before pull existed", 1), {}).ok());
    }
    auto s = open_rw(dir / "store.db");
    CHECK(s->schema_version() == 7);
    CHECK(s->stats()->sources == 1);
    CHECK(s->pulled_uids("work", "INBOX", 7)->empty());
  }
}
