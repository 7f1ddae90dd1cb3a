#include <doctest/doctest.h>

#include <string>

#include "importer_test_helpers.hpp"
#include "importers/formats.hpp"
#include "inwriting/model/conversation.hpp"

using namespace inwriting;

namespace {

using Parsed = test::ParsedImport;

Parsed parse(const std::string& bytes, const std::string& name = "message_1.json") {
  return test::parse_file_as("messenger", bytes, name);
}

const model::Participant* find(const model::Conversation& c, const std::string& name) {
  return test::participant_named(c, name);
}

// "Ríos" and "’" written byte by byte as Latin-1, as Facebook does.
const std::string k_thread = R"({
  "participants": [{"name": "Tienda Sol"}, {"name": "Valentina R\u00c3\u00ados"}],
  "messages": [
    {"sender_name": "Tienda Sol", "timestamp_ms": 1761237160000, "content": "We\u00e2\u0080\u0099ll refund it"},
    {"sender_name": "Valentina R\u00c3\u00ados", "timestamp_ms": 1761237100000, "is_unsent": true},
    {"sender_name": "Valentina R\u00c3\u00ados", "timestamp_ms": 1761237000000,
     "photos": [{"uri": "photos/1.jpg", "creation_timestamp": 1761237000}]},
    {"sender_name": "Valentina R\u00c3\u00ados", "timestamp_ms": 1761232222000, "content": "Hola, caf\u00c3\u00a9 roto"}
  ],
  "title": "Tienda Sol",
  "is_still_participant": true,
  "thread_path": "inbox/tiendasol_1234",
  "magic_words": []
})";

}  // namespace

TEST_SUITE("importers::messenger") {
  TEST_CASE("detects a Messenger thread and nothing else") {
    CHECK(importers::detect_messenger(k_thread) >= 90);
    CHECK(importers::detect_messenger("Hello there\nHow are you?") == 0);
    CHECK(importers::detect_messenger(R"({"name": "x", "messages": [{"date": "2020"}]})") == 0);
  }

  TEST_CASE("mojibake is repaired in names and content") {
    auto parsed = parse(k_thread);
    REQUIRE(parsed.ok);
    REQUIRE(parsed.conversations.size() == 1);
    const auto& c = parsed.conversations[0];
    CHECK(find(c, "Valentina Ríos") != nullptr);
    CHECK(find(c, "Valentina R\u00c3\u00ados") == nullptr);
    CHECK(c.entries.back().text == "We’ll refund it");
    CHECK(c.entries.front().text == "Hola, café roto");
  }

  TEST_CASE("newest-first messages come out oldest first with UTC times") {
    auto parsed = parse(k_thread);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    REQUIRE(c.entries.size() == 4);
    CHECK(c.entries[0].time.iso() == "2025-10-23T15:10:22+00:00");
    CHECK(c.entries[3].time.iso() == "2025-10-23T16:32:40+00:00");
    REQUIRE(c.started.has_value());
    CHECK(c.started->iso() == "2025-10-23T15:10:22+00:00");
    CHECK(c.format == "messenger");
    CHECK(c.channel == model::Channel::social);
  }

  TEST_CASE("a photo-only message is a media message, an unsent one an event") {
    auto parsed = parse(k_thread);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    CHECK(c.message_count() == 3);
    CHECK(c.entries[1].kind == model::EntryKind::message);
    CHECK(c.entries[1].is_media);
    CHECK(c.entries[2].kind == model::EntryKind::event);
    CHECK(c.entries[2].text.find("unsent") != std::string::npos);
  }

  TEST_CASE("the Page the thread is titled after speaks for the company") {
    auto parsed = parse(k_thread);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    CHECK(c.company == "Tienda Sol");
    const auto* page = find(c, "Tienda Sol");
    REQUIRE(page != nullptr);
    CHECK(page->role == model::Role::agent);
    const auto* customer = find(c, "Valentina Ríos");
    REQUIRE(customer != nullptr);
    CHECK(customer->role == model::Role::customer);
  }

  TEST_CASE("a business-looking participant is the company even without a matching title") {
    const std::string thread = R"({"participants": [{"name": "Ana"}, {"name": "Lumen Lamps Official Store"}],
      "messages": [{"sender_name": "Lumen Lamps Official Store", "timestamp_ms": 1700000060000, "content": "ok"},
                   {"sender_name": "Ana", "timestamp_ms": 1700000000000, "content": "hi"}],
      "title": "Group", "thread_path": "inbox/x"})";
    auto parsed = parse(thread);
    REQUIRE(parsed.ok);
    CHECK(parsed.conversations[0].company == "Lumen Lamps Official Store");
  }

  TEST_CASE("Instagram reactions written as messages are events") {
    const std::string thread = R"({"participants": [{"name": "Ana"}, {"name": "Luz Shop"}],
      "messages": [{"sender_name": "Ana", "timestamp_ms": 1700000090000, "content": "Liked a message"},
                   {"sender_name": "Ana", "timestamp_ms": 1700000080000, "content": "Reacted \u00e2\u009d\u00a4 to your message"},
                   {"sender_name": "Luz Shop", "timestamp_ms": 1700000060000, "content": "Refund sent"},
                   {"sender_name": "Ana", "timestamp_ms": 1700000000000, "content": "hi"}],
      "title": "Luz Shop", "is_still_participant": true, "thread_path": "inbox/luzshop_1"})";
    auto parsed = parse(thread);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    REQUIRE(c.entries.size() == 4);
    CHECK(c.message_count() == 2);
    CHECK(c.entries[2].kind == model::EntryKind::event);
    CHECK(c.entries[3].kind == model::EntryKind::event);
  }

  TEST_CASE("an oldest-first file still comes out in time order") {
    const std::string thread = R"({"participants": [{"name": "A"}, {"name": "B"}],
      "messages": [{"sender_name": "A", "timestamp_ms": 1700000000000, "content": "first"},
                   {"sender_name": "B", "timestamp_ms": 1700000060000, "content": "second"}]})";
    auto parsed = parse(thread);
    REQUIRE(parsed.ok);
    REQUIRE(parsed.conversations[0].entries.size() == 2);
    CHECK(parsed.conversations[0].entries[0].text == "first");
  }

  TEST_CASE("entries know their lines") {
    auto parsed = parse(k_thread);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    CHECK(c.entries[0].where.first_line == 8);  // the oldest message is the last in the file
    CHECK(c.entries[3].where.first_line == 4);
    CHECK(c.entries[1].where.first_line == 6);
    CHECK(c.entries[1].where.last_line == 7);
  }

  TEST_CASE("broken JSON is an error with a line, not a crash") {
    auto parsed = parse("{\n  \"participants\": [],\n  \"messages\": [ {\"sender_name\": \"A\",, }\n");
    CHECK_FALSE(parsed.ok);
    CHECK(parsed.error.rfind("message_1.json:3:", 0) == 0);
    auto bad_utf8 = parse("{\"participants\": [],\n\"messages\": [{\"content\": \"caf\xE9\"}]}");
    CHECK_FALSE(bad_utf8.ok);
    CHECK(bad_utf8.error.find("UTF-8") != std::string::npos);
    CHECK(bad_utf8.error.rfind("message_1.json:2:", 0) == 0);
    auto odd = parse(R"({"participants": [], "messages": [
      {"sender_name": "A", "timestamp_ms": 1e300, "content": "x"},
      {"sender_name": "A", "timestamp_ms": 18446744073709551615, "content": "y"},
      {"sender_name": "A", "timestamp_ms": "soon", "content": "z"}, 7]})");
    REQUIRE(odd.ok);
    REQUIRE(odd.conversations[0].entries.size() == 3);
    CHECK_FALSE(odd.conversations[0].entries[0].time.complete());
    CHECK_FALSE(odd.conversations[0].entries[1].time.complete());
    CHECK_FALSE(parse("").ok);
    CHECK_FALSE(parse("[1,2,3]").ok);
  }
}
