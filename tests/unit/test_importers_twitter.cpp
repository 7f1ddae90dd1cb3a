#include <doctest/doctest.h>

#include <string>

#include "importer_test_helpers.hpp"
#include "importers/formats.hpp"
#include "inwriting/model/conversation.hpp"

using namespace inwriting;

namespace {

using Parsed = test::ParsedImport;

Parsed parse(const std::string& bytes, const std::string& name = "direct-messages.js") {
  return test::parse_file_as("twitter-dm", bytes, name);
}

const std::string k_archive = R"(window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "111-222",
      "messages" : [
        {
          "joinConversation" : {
            "initiatingUserId" : "222",
            "participantsSnapshot" : [ "111", "222" ],
            "createdAt" : "2024-03-01T09:59:00.000Z"
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "222",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "My order #AB-1001 never arrived &amp; the tracking is stuck",
            "mediaUrls" : [ ],
            "senderId" : "111",
            "id" : "1",
            "createdAt" : "2024-03-01T10:00:00.000Z"
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "111",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "Sorry about that! We'll send a replacement today.",
            "mediaUrls" : [ ],
            "senderId" : "222",
            "id" : "2",
            "createdAt" : "2024-03-01T10:05:30.123Z"
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "222",
            "reactions" : [ ],
            "urls" : [ ],
            "text" : "https://t.co/AbCdEf",
            "mediaUrls" : [ "https://ton.twitter.com/dm/3/3/photo.jpg" ],
            "senderId" : "111",
            "id" : "3",
            "createdAt" : "2024-03-01T10:06:00.000Z"
          }
        }
      ]
    }
  },
  {
    "dmConversation" : {
      "conversationId" : "111-333",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "333",
            "text" : "hello",
            "mediaUrls" : [ ],
            "senderId" : "111",
            "id" : "9",
            "createdAt" : "2024-04-01T08:00:00.000Z"
          }
        }
      ]
    }
  }
]
)";

}  // namespace

TEST_SUITE("importers::twitter") {
  TEST_CASE("detects the window.YTD direct-messages archive only") {
    CHECK(importers::detect_twitter_dm(k_archive) >= 95);
    CHECK(importers::detect_twitter_dm("window.YTD.tweets.part0 = [ ]") == 0);
    CHECK(importers::detect_twitter_dm("Agent: hello\nMe: hi") == 0);
    CHECK(importers::detect_twitter_dm(R"({"messages": []})") == 0);
  }

  TEST_CASE("one conversation per dmConversation, speakers are sender ids") {
    auto parsed = parse(k_archive);
    REQUIRE(parsed.ok);
    REQUIRE(parsed.conversations.size() == 2);
    const auto& c = parsed.conversations[0];
    CHECK(c.format == "twitter-dm");
    CHECK(c.channel == model::Channel::social);
    REQUIRE(c.entries.size() == 4);
    CHECK(c.entries[0].kind == model::EntryKind::event);
    CHECK(c.entries[1].speaker == "111");
    CHECK(c.entries[2].speaker == "222");
    CHECK(c.message_count() == 3);
    CHECK(c.participants.size() == 2);
    REQUIRE(!c.external_ids.empty());
    CHECK(c.external_ids[0].second == "111-222");
  }

  TEST_CASE("HTML-escaped text is decoded and times are UTC") {
    auto parsed = parse(k_archive);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    CHECK(c.entries[1].text == "My order #AB-1001 never arrived & the tracking is stuck");
    CHECK(c.entries[2].time.iso() == "2024-03-01T10:05:30+00:00");
    REQUIRE(c.started.has_value());
    CHECK(c.started->iso() == "2024-03-01T09:59:00+00:00");
  }

  TEST_CASE("a message that is only a media link is a media message") {
    auto parsed = parse(k_archive);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    CHECK(c.entries[3].is_media);
    CHECK_FALSE(c.entries[1].is_media);
  }

  TEST_CASE("the account in every conversation is the archive's owner, the customer") {
    auto parsed = parse(k_archive);
    REQUIRE(parsed.ok);
    REQUIRE(parsed.conversations.size() == 2);
    for (const auto& c : parsed.conversations) {
      bool owner = false;
      bool other_agent = false;
      for (const auto& p : c.participants) {
        owner = owner || (p.name == "111" && p.role == model::Role::customer);
        other_agent = other_agent || (p.name != "111" && p.role == model::Role::agent);
      }
      CHECK(owner);
      CHECK(other_agent);
    }
  }

  TEST_CASE("entries carry their lines") {
    auto parsed = parse(k_archive);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    CHECK(c.entries[0].where.first_line == 6);
    CHECK(c.entries[0].where.last_line == 12);
    CHECK(c.entries[1].where.first_line == 13);
    CHECK(parsed.conversations[1].entries[0].where.first_line == 56);
  }

  TEST_CASE("newest-first archives are put in time order") {
    const std::string archive = R"(window.YTD.direct_messages.part0 = [ { "dmConversation" : { "conversationId" : "1-2",
      "messages" : [
        { "messageCreate" : { "senderId" : "2", "recipientId" : "1", "text" : "second", "createdAt" : "2024-01-01T10:01:00.000Z" } },
        { "messageCreate" : { "senderId" : "1", "recipientId" : "2", "text" : "first", "createdAt" : "2024-01-01T10:00:00.000Z" } }
      ] } } ])";
    auto parsed = parse(archive);
    REQUIRE(parsed.ok);
    REQUIRE(parsed.conversations[0].entries.size() == 2);
    CHECK(parsed.conversations[0].entries[0].text == "first");
  }

  TEST_CASE("errors name the file and line") {
    auto parsed = parse("window.YTD.direct_messages.part0 = [\n  { \"dmConversation\" : \n");
    CHECK_FALSE(parsed.ok);
    CHECK(parsed.error.rfind("direct-messages.js:", 0) == 0);
    CHECK_FALSE(parse("window.YTD.direct_messages.part0 = [ ]").ok);
    CHECK_FALSE(parse("window.YTD.direct_messages.part0").ok);
  }
}
