#include <doctest/doctest.h>

#include <string>

#include "importer_test_helpers.hpp"
#include "importers/formats.hpp"
#include "inwriting/model/conversation.hpp"

using namespace inwriting;

namespace {

using Parsed = test::ParsedImport;

Parsed parse(const std::string& bytes, const std::string& name = "result.json") {
  return test::parse_file_as("telegram", bytes, name);
}

const std::string k_chat = R"({
 "name": "Grace \u00f0\u0178\u00a7\u00a4",
 "type": "personal_chat",
 "id": 2730825451,
 "messages": [
  {
   "id": 1,
   "type": "service",
   "date": "2020-01-01T00:00:01",
   "date_unixtime": "1577836801",
   "actor": "Henry",
   "action": "phone_call",
   "text": ""
  },
  {
   "id": 2,
   "type": "message",
   "date": "2020-01-01T02:00:02",
   "date_unixtime": "1577844002",
   "from": "Henry",
   "from_id": "user4325636679",
   "text": ["My order ", {"type": "bold", "text": "TG-1234"}, " is late"],
   "text_entities": [{"type": "plain", "text": "My order "}, {"type": "bold", "text": "TG-1234"}]
  },
  {
   "id": 3,
   "type": "message",
   "date": "2020-01-01T02:00:05",
   "date_unixtime": "1577844005",
   "from": "Grace \u00f0\u0178\u00a7\u00a4",
   "from_id": "user4720225552",
   "file": "stickers/sticker.webp",
   "media_type": "sticker",
   "sticker_emoji": "\ud83d\ude00",
   "text": ""
  },
  {
   "id": 4,
   "type": "message",
   "date": "2020-01-01T02:00:09",
   "from": "Grace \u00f0\u0178\u00a7\u00a4",
   "from_id": "user4720225552",
   "photo": "photos/photo_1.jpg",
   "text": "Caf\u00c3\u00a9 receipt"
  }
 ]
})";

}  // namespace

TEST_SUITE("importers::telegram") {
  TEST_CASE("detects Telegram exports and not other JSON or text") {
    CHECK(importers::detect_telegram(k_chat) >= 90);
    CHECK(importers::detect_telegram("just some text: with a colon") == 0);
    CHECK(importers::detect_telegram(R"({"participants":[],"messages":[{"sender_name":"A","timestamp_ms":1}]})") == 0);
  }

  TEST_CASE("text arrays are flattened and service messages are events") {
    auto parsed = parse(k_chat);
    REQUIRE(parsed.ok);
    REQUIRE(parsed.conversations.size() == 1);
    const auto& c = parsed.conversations[0];
    REQUIRE(c.entries.size() == 4);
    CHECK(c.entries[0].kind == model::EntryKind::event);
    CHECK(c.entries[0].speaker.empty());
    CHECK(c.entries[1].text == "My order TG-1234 is late");
    CHECK(c.message_count() == 3);
    CHECK(c.format == "telegram");
    CHECK(c.channel == model::Channel::social);
  }

  TEST_CASE("cp1252 and latin-1 mojibake is repaired in names and text") {
    auto parsed = parse(k_chat);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    CHECK(c.title == "Grace 🧤");
    CHECK(c.entries[2].speaker == "Grace 🧤");
    CHECK(c.entries[3].text == "Café receipt");
  }

  TEST_CASE("date_unixtime is UTC; date alone is wall time without a zone") {
    auto parsed = parse(k_chat);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    CHECK(c.entries[1].time.iso() == "2020-01-01T02:00:02+00:00");
    CHECK(c.entries[3].time.iso() == "2020-01-01T02:00:09");
  }

  TEST_CASE("a sticker without text is a media message; a captioned photo is text") {
    auto parsed = parse(k_chat);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    CHECK(c.entries[2].is_media);
    CHECK(c.entries[2].text.find("Sticker") != std::string::npos);
    CHECK_FALSE(c.entries[3].is_media);
  }

  TEST_CASE("entries carry their lines in the file") {
    auto parsed = parse(k_chat);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    CHECK(c.entries[0].where.first_line == 6);
    CHECK(c.entries[0].where.last_line == 14);
    CHECK(c.entries[1].where.first_line == 15);
  }

  TEST_CASE("the whole-account export gives one conversation per chat and knows the exporter") {
    const std::string account = R"({
 "personal_information": {"user_id": 1, "first_name": "Henry", "last_name": ""},
 "chats": {"about": "x", "list": [
  {"name": "Lumen Support", "type": "bot_chat", "id": 7, "messages": [
    {"id": 1, "type": "message", "date": "2021-05-01T10:00:00", "date_unixtime": "1619863200",
     "from": "Henry", "from_id": "user1", "text": "hello"},
    {"id": 2, "type": "message", "date": "2021-05-01T10:00:05", "date_unixtime": "1619863205",
     "from": "Lumen Support", "from_id": "user7", "text": "Hi! Ticket T-77 opened."}]},
  {"name": "Ana", "type": "personal_chat", "id": 8, "messages": [
    {"id": 3, "type": "message", "date": "2021-05-02T10:00:00", "date_unixtime": "1619949600",
     "from": "Ana", "from_id": "user8", "text": "hey"}]}
 ]}
})";
    auto parsed = parse(account);
    REQUIRE(parsed.ok);
    REQUIRE(parsed.conversations.size() == 2);
    const auto& bot_chat = parsed.conversations[0];
    REQUIRE(bot_chat.entries.size() == 2);
    CHECK(bot_chat.entries[1].where.first_line == 7);
    CHECK(parsed.conversations[1].entries[0].where.first_line == 10);
    bool henry_customer = false;
    bool bot = false;
    for (const auto& p : bot_chat.participants) {
      henry_customer = henry_customer || (p.name == "Henry" && p.role == model::Role::customer);
      bot = bot || (p.name == "Lumen Support" && p.role == model::Role::bot);
    }
    CHECK(henry_customer);
    CHECK(bot);
  }

  TEST_CASE("invalid JSON reports the line") {
    auto parsed = parse("{\n \"messages\": [\n  {\"id\": 1,\n   \"text\": \"unterminated\n  }\n");
    CHECK_FALSE(parsed.ok);
    CHECK(parsed.error.rfind("result.json:", 0) == 0);
    CHECK(parsed.error.find("JSON") != std::string::npos);
    CHECK_FALSE(parse(R"({"name": "x"})").ok);
  }
}
