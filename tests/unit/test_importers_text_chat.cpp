// Plain-text chat transcripts: every stamped, bold, colon and widget-copy shape, headers, zones,
// footers, several transcripts per file, system lines, roles the transcript settles, errors.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "importer_test_helpers.hpp"
#include "importers/formats.hpp"
#include "inwriting/importers/importer.hpp"
#include "inwriting/model/conversation.hpp"

using namespace inwriting;

namespace {

using Parsed = test::ParsedImport;

Parsed parse_tc(const std::string& text, model::ImportContext context = {}, bool finish = true) {
  return test::parse_as("text-chat", text, "chat.txt", std::move(context), finish);
}

// The single conversation of a parse that must succeed.
model::Conversation one(const std::string& text, model::ImportContext context = {}) {
  Parsed p = parse_tc(text, context);
  REQUIRE_MESSAGE(p.ok, p.error);
  REQUIRE(p.conversations.size() == 1);
  return p.conversations.front();
}

using test::messages;

std::vector<const model::Entry*> events(const model::Conversation& c) {
  std::vector<const model::Entry*> out;
  for (const auto& e : c.entries) {
    if (e.kind == model::EntryKind::event) {
      out.push_back(&e);
    }
  }
  return out;
}

using test::role_of;

std::string external_id(const model::Conversation& c, const std::string& key) {
  for (const auto& [k, v] : c.external_ids) {
    if (k == key) {
      return v;
    }
  }
  return {};
}

}  // namespace

TEST_SUITE("importers::text_chat") {
  TEST_CASE("Zendesk '(10:32:05 AM) Name: text' with an emailed header, zone, footer and company") {
    const std::string text =
        "Hi Dana Whitfield,\n"
        "\n"
        "Thanks for chatting with us! Here's a copy of your conversation with Brightwave Internet for your records.\n"
        "\n"
        "----------------------------------------\n"
        "Chat started on Wed, Mar 4, 2026 at 10:31 AM (EST, GMT-05:00)\n"
        "----------------------------------------\n"
        "\n"
        "(10:31:52 AM) *** Dana Whitfield joined the chat ***\n"
        "(10:31:52 AM) Dana Whitfield: Hi, I got charged twice\n"
        "(10:32:05 AM) *** Sam joined the chat ***\n"
        "(10:32:14 AM) Sam: Hi Dana, let me look.\n"
        "(12:05:00 PM) Sam: Done, refund issued.\n"
        "(12:06:10 PM) *** Dana Whitfield left the chat ***\n"
        "\n"
        "----------------------------------------\n"
        "\n"
        "Visitor details\n"
        "  Name: Dana Whitfield\n"
        "  Email: dana@example.net\n"
        "\n"
        "Chat rating: Good\n"
        "Refunds are returned to the original payment method.\n"
        "Powered by Zendesk\n";
    auto c = one(text);
    CHECK(c.format == "text-chat");
    CHECK(c.channel == model::Channel::chat);
    CHECK(c.company == "Brightwave Internet");
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 3);
    CHECK(events(c).size() == 3);
    CHECK(msgs[0]->speaker == "Dana Whitfield");
    CHECK(msgs[0]->text == "Hi, I got charged twice");
    CHECK(msgs[0]->time.iso() == "2026-03-04T10:31:52-05:00");
    CHECK(msgs[2]->time.iso() == "2026-03-04T12:05:00-05:00");  // 12 PM is noon
    CHECK(msgs[2]->where.first_line == 13);
    REQUIRE(c.started);
    CHECK(c.started->iso() == "2026-03-04T10:31:52-05:00");  // the header's minute, made exact
    CHECK(role_of(c, "Sam") == model::Role::agent);
    CHECK(role_of(c, "Dana Whitfield") == model::Role::customer);
    CHECK(c.participants.size() == 2);  // the footer's "Name:" is not a speaker
  }

  TEST_CASE("'[14:05:11] Name: text' without a date: times without a day or a zone") {
    const std::string text =
        "[14:05:11] Agent: Hello, how can I help?\n"
        "[14:05:40] Priya: My parcel is late\n"
        "[14:06:02] Agent: Let me check the tracking.\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[1]->speaker == "Priya");
    REQUIRE(msgs[1]->time.time);
    CHECK(msgs[1]->time.time->hour == 14);
    CHECK(msgs[1]->time.time->minute == 5);
    CHECK(msgs[1]->time.time->second == 40);
    CHECK_FALSE(msgs[1]->time.date);
    CHECK_FALSE(msgs[1]->time.offset_minutes);
  }

  TEST_CASE("'[04/03/2026 14:05] Name: text': day first in Spanish, Sistema lines are events") {
    const std::string text =
        "[04/03/2026 14:02] Sistema: Bienvenido/a al chat. En breve un representante te va a atender.\n"
        "[04/03/2026 14:05] Agente Laura: Hola Mart\xC3\xADn, \xC2\xBF" "en qu\xC3\xA9 te puedo ayudar?\n"
        "[04/03/2026 14:06] Mart\xC3\xADn Sosa: Estoy sin internet desde el s\xC3\xA1" "bado\n"
        "[04/03/2026 14:23] Sistema: La conversaci\xC3\xB3n ha finalizado.\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 2);
    CHECK(events(c).size() == 2);
    CHECK(msgs[0]->time.iso() == "2026-03-04T14:05:00");
    CHECK(role_of(c, "Agente Laura") == model::Role::agent);
    REQUIRE(c.started);
    CHECK(c.started->iso() == "2026-03-04T14:02:00");
  }

  TEST_CASE("D/M/Y versus M/D/Y is decided from the whole file") {
    SUBCASE("a first field over 12 means day first, even in English") {
      auto c = one("[04/03/2026 14:05] Ann: hi there, thanks\n[15/03/2026 09:00] Bob: you are welcome\n");
      CHECK(messages(c)[0]->time.iso() == "2026-03-04T14:05:00");
    }
    SUBCASE("a second field over 12 means month first, even in Spanish") {
      auto c = one("[03/04/2026 14:05] Ana: hola, gracias por la ayuda\n[03/15/2026 09:00] Beto: de nada, que te vaya bien\n");
      CHECK(messages(c)[0]->time.iso() == "2026-03-04T14:05:00");
    }
    SUBCASE("a header date that only one order can read") {
      auto c = one("Date: 15/03/2026\n\n(09:00:05) Ann: hi there, thanks\n(09:01:00) Bob: you are welcome\n");
      CHECK(messages(c)[0]->time.iso() == "2026-03-15T09:00:05");
    }
    SUBCASE("undecided English is month first") {
      auto c = one("[03/04/2026 14:05] Ann: hi there, thanks for the help\n[03/05/2026 09:00] Bob: you are welcome\n");
      CHECK(messages(c)[0]->time.iso() == "2026-03-04T14:05:00");
    }
    SUBCASE("the user's --date-order settles an undecided file") {
      model::ImportContext context;
      context.date_order = model::ImportContext::DateOrder::dmy;
      auto c = one("[03/04/2026 14:05] Ann: hi there, thanks for the help\n[03/05/2026 09:00] Bob: you are welcome\n",
                   context);
      CHECK(messages(c)[0]->time.iso() == "2026-04-03T14:05:00");
    }
  }

  TEST_CASE("'( 1m 13s ) Name: text' counts from the header's Chat Started, with its offset") {
    const std::string text =
        "Chat Started: Monday, December 17, 2018, 23:27:57 (-0500)\n"
        "Chat Origin: Live Chat Button\n"
        "Agent Royalle G\n"
        "( 10s ) Royalle G: Hi, this is Royalle. May I have your email address?\n"
        "( 44s ) George M: george@example.com\n"
        "( 1m 13s ) Royalle G: Thank you, one moment.\n"
        "refid:5744z000000kAR9AAM\n"
        "( 1h 2m 3s ) George M: still there?\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 4);
    CHECK(msgs[0]->time.iso() == "2018-12-17T23:28:07-05:00");
    CHECK(msgs[2]->time.iso() == "2018-12-17T23:29:10-05:00");
    CHECK(msgs[3]->time.iso() == "2018-12-18T00:30:00-05:00");  // past midnight
    CHECK(events(c).size() == 1);                                // refid
    REQUIRE(c.started);
    CHECK(c.started->iso() == "2018-12-17T23:27:57-05:00");
    CHECK(role_of(c, "Royalle G") == model::Role::agent);
    CHECK(role_of(c, "George M") == model::Role::customer);
  }

  TEST_CASE("'Name (10:32 AM): text'") {
    const std::string text =
        "Chat started: March 4, 2026 10:30 AM PST\n"
        "Kim (10:32 AM): Hello, I need to change my booking\n"
        "Support Agent (10:33 AM): Sure, what is the booking number?\n"
        "Kim (10:35 PM): BK-12345\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[0]->speaker == "Kim");
    CHECK(msgs[1]->speaker == "Support Agent");
    CHECK(msgs[0]->time.iso() == "2026-03-04T10:32:00-08:00");
    CHECK(msgs[2]->time.iso() == "2026-03-04T22:35:00-08:00");
    CHECK(c.started->iso() == "2026-03-04T10:30:00-08:00");  // no stamp in the header's minute
  }

  TEST_CASE("'Name (3/4/2026 10:32 AM): text' and role tags on stamped speakers") {
    auto c = one("Kim (3/4/2026 10:32 AM): Hello, I need to change my booking\n"
                 "Lee (Agent) (3/4/2026 10:33 AM): Sure, what is the booking number?\n"
                 "Kim (3/4/2026 10:35 AM): BK-12345\n");
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[1]->speaker == "Lee");
    CHECK(msgs[1]->time.iso() == "2026-03-04T10:33:00");
    CHECK(role_of(c, "Lee") == model::Role::agent);
    CHECK(role_of(c, "Kim") == model::Role::customer);
  }

  TEST_CASE("Intercom '09:42 AM | Name: text' with 'Started on', GMT offset and date separators") {
    const std::string text =
        "Conversation with AspiraTech\n"
        "Started on October 3, 2025 at 09:42 AM Eastern Time (US & Canada) time EDT (GMT-0400)\n"
        "\n"
        "--- October 3, 2025 ---\n"
        "\n"
        "09:42 AM | Support Bot: Please leave a message for our support team.\n"
        "\n"
        "09:43 AM | Jane Doe: Hi, I need help resetting my password.\n"
        "\n"
        "--- October 4, 2025 ---\n"
        "\n"
        "08:01 AM | Jane Doe: Anyone there?\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[0]->time.iso() == "2025-10-03T09:42:00-04:00");
    CHECK(msgs[2]->time.iso() == "2025-10-04T08:01:00-04:00");
    CHECK(role_of(c, "Support Bot") == model::Role::bot);
    CHECK(role_of(c, "Jane Doe") == model::Role::customer);
    CHECK(c.company == "AspiraTech");
  }

  TEST_CASE("a name line, the message lines, then a time line") {
    const std::string text =
        "copied Tue Feb 10 2026\n"
        "\n"
        "Nora\n"
        "Hello! How can I help?\n"
        "10:32 AM\n"
        "\n"
        "Leo\n"
        "My router keeps dropping\n"
        "the connection every hour\n"
        "10:33 AM\n"
        "\n"
        "Nora\n"
        "Let me run a line test.\n"
        "10:35 AM\n"
        "\n"
        "Leo\n"
        "ok\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 4);
    CHECK(msgs[1]->speaker == "Leo");
    CHECK(msgs[1]->text == "My router keeps dropping\nthe connection every hour");
    CHECK(msgs[1]->time.iso() == "2026-02-10T10:33:00");
    CHECK(msgs[1]->where.first_line == 8);
    CHECK(msgs[1]->where.last_line == 10);
    CHECK(msgs[3]->time.iso() == "2026-02-10");  // no time line under the last one
  }

  TEST_CASE("'**Name** — text', '**Name**: text', '**Name**' speaker lines and '[B]Name[/B]: text'") {
    SUBCASE("bold names with a dash caption and paragraphs as bubbles") {
      const std::string text =
          "**You** \xE2\x80\x94 Please update your info\n"
          "Hi\n"
          "\n"
          "**Ralph** joined the chat\n"
          "\n"
          "**Ralph**\n"
          "Hello.\n"
          "**You** \xE2\x80\x94 Please update your info\n"
          "what is the max current?\n"
          "\n"
          "is it 50A?\n"
          "\n"
          "\n"
          "**Ralph** \xE2\x80\x94 Yes, 50A.\n";
      auto c = one(text);
      const auto msgs = messages(c);
      REQUIRE(msgs.size() == 5);
      CHECK(msgs[0]->speaker == "You");
      CHECK(msgs[0]->text == "Hi");
      CHECK(msgs[2]->text == "what is the max current?");
      CHECK(msgs[3]->text == "is it 50A?");
      CHECK(msgs[4]->speaker == "Ralph");
      CHECK(msgs[4]->text == "Yes, 50A.");
      CHECK(events(c).size() == 1);
      CHECK(role_of(c, "Ralph") == model::Role::agent);
      CHECK(role_of(c, "You") == model::Role::customer);
    }
    SUBCASE("markdown and BBCode names with a colon") {
      const std::string text =
          "[B]Please wait for a site operator to respond.\n"
          "You are now chatting with 'Lira'\n"
          "Your Issue ID for this chat is LTK5540142[/B]\n"
          "**Lira**: Hello, how may I help you?\n"
          "[B]Kgingeri[/B]: Can I upgrade my device?\n"
          "**Lira**: Yes, you can keep your numbers.\n";
      auto c = one(text);
      const auto msgs = messages(c);
      REQUIRE(msgs.size() == 3);
      CHECK(msgs[1]->speaker == "Kgingeri");
      CHECK(msgs[1]->text == "Can I upgrade my device?");
      CHECK(events(c).size() == 3);
      CHECK(external_id(c, "issue_id") == "LTK5540142");
      CHECK(role_of(c, "Lira") == model::Role::agent);
      CHECK(role_of(c, "Kgingeri") == model::Role::customer);
    }
  }

  TEST_CASE("'Name:text' with no space and no stamps") {
    const std::string text =
        "Hello, how may we help you?\n"
        "\n"
        "You are now chatting with Agent.\n"
        "\n"
        "Agent:Hello\n"
        "\n"
        "You:Hello\n"
        "\n"
        "Agent:We're preparing your board for shipping\n"
        "\n"
        "You:Thanks\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 4);
    CHECK(msgs[2]->speaker == "Agent");
    CHECK(msgs[2]->text == "We're preparing your board for shipping");
    CHECK(events(c).size() == 1);
    CHECK(role_of(c, "Agent") == model::Role::agent);
    CHECK(role_of(c, "You") == model::Role::customer);
  }

  TEST_CASE("'Name: text' without stamps under a 'Chat with X started on' header") {
    const std::string text =
        "Chat with Anna Smith started on 2026-03-04 10:32:00\n"
        "\n"
        "Anna Smith: Hi, welcome to Acme support\n"
        "John: Hello, my router is broken\n"
        "it blinks red\n"
        "Anna Smith: Let me check that\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[1]->text == "Hello, my router is broken\nit blinks red");
    CHECK(msgs[1]->time.iso() == "2026-03-04");
    REQUIRE(c.started);
    CHECK(c.started->iso() == "2026-03-04T10:32:00");
  }

  TEST_CASE("a chat widget copied without times: speaker lines, blank lines, UI noise") {
    const std::string text =
        "acme chat - copied Tue Feb 10 2026 around 7:40pm (cancelling)\n"
        "\n"
        "Acme Virtual Assistant\n"
        "Hi! What can I help you with today?\n"
        "\n"
        "You\n"
        "cancel my plan\n"
        "\n"
        "Marisol joined the chat\n"
        "\n"
        "Marisol\n"
        "Hi, my name is Marisol.\n"
        "I can help with that.\n"
        "\n"
        "Marisol is typing...\n"
        "\n"
        "Marisol\n"
        "Done: your confirmation number is GW-1234.\n"
        "\n"
        "You\n"
        "[Photo]\n"
        "\n"
        "You\n"
        "thanks\n"
        "\n"
        "Marisol has left the chat\n"
        "Chat ended\n"
        "How was your chat with Marisol?\n"
        "\xF0\x9F\x91\x8D \xF0\x9F\x91\x8E\n"
        "Type a message...\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 6);
    CHECK(msgs[2]->speaker == "Marisol");
    CHECK(msgs[2]->text == "Hi, my name is Marisol.\nI can help with that.");
    CHECK(msgs[2]->time.iso() == "2026-02-10");  // the day from the user's note
    CHECK(msgs[4]->is_media);
    CHECK(events(c).size() == 3);  // joined, left, chat ended
    CHECK(role_of(c, "Marisol") == model::Role::agent);
    CHECK(role_of(c, "Acme Virtual Assistant") == model::Role::bot);
    CHECK(role_of(c, "You") == model::Role::customer);
    CHECK(c.participants.size() == 3);
  }

  TEST_CASE("a Thai marketplace chat copied without times, a Buddhist-era short year in the note") {
    const std::string text =
        "\xE0\xB9\x81\xE0\xB8\x8A\xE0\xB8\x97\xE0\xB8\x81\xE0\xB8\xB1\xE0\xB8\x9A\xE0\xB8\xA3\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\x99 "
        "ShopX Official 15 \xE0\xB8\x98.\xE0\xB8\x84. 68\n"  // แชทกับร้าน ShopX Official 15 ธ.ค. 68
        "--------------------\n"
        "\n"
        "ShopX Official\n"
        "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5\xE0\xB8\x84\xE0\xB9\x88\xE0\xB8\xB0\n"  // สวัสดีค่ะ
        "\n"
        "pun.k\n"
        "[\xE0\xB8\xAA\xE0\xB8\xB4\xE0\xB8\x99\xE0\xB8\x84\xE0\xB9\x89\xE0\xB8\xB2] SoundBeam Pro 2\n"
        "\xE0\xB8\xBF" "2,590\n"
        "\n"
        "pun.k\n"
        "[\xE0\xB8\xA3\xE0\xB8\xB9\xE0\xB8\x9B\xE0\xB8\xA0\xE0\xB8\xB2\xE0\xB8\x9E]\n"  // [รูปภาพ]
        "\n"
        "ShopX Official\n"
        "\xE0\xB8\x82\xE0\xB8\xAD\xE0\xB8\x9A\xE0\xB8\x84\xE0\xB8\xB8\xE0\xB8\x93\xE0\xB8\x84\xE0\xB9\x88\xE0\xB8\xB0\n"  // ขอบคุณค่ะ
        "\n"
        "\xE0\xB8\xAD\xE0\xB9\x88\xE0\xB8\xB2\xE0\xB8\x99\xE0\xB9\x81\xE0\xB8\xA5\xE0\xB9\x89\xE0\xB8\xA7\n"  // อ่านแล้ว
        "\xE0\xB8\x9E\xE0\xB8\xB4\xE0\xB8\xA1\xE0\xB8\x9E\xE0\xB9\x8C\xE0\xB8\x82\xE0\xB9\x89\xE0\xB8\xAD\xE0\xB8\x84\xE0\xB8\xA7\xE0\xB8\xB2\xE0\xB8\xA1"
        "\xE0\xB8\x97\xE0\xB8\xB5\xE0\xB9\x88\xE0\xB8\x99\xE0\xB8\xB5\xE0\xB9\x88...\n";  // พิมพ์ข้อความที่นี่...
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 4);
    CHECK(msgs[1]->text.find("\n") != std::string::npos);  // the product card is one message
    CHECK(msgs[2]->is_media);
    CHECK(msgs[0]->time.iso() == "2025-12-15");
    CHECK(role_of(c, "ShopX Official") == model::Role::agent);
    CHECK(role_of(c, "pun.k") == model::Role::customer);
  }

  TEST_CASE("multi-line messages: continuation lines, leading-space lines, paragraphs between stamps") {
    const std::string text =
        "Chat started: 2018-11-23 11:46 AM UTC\n"
        "\n"
        "(11:46:41 AM) Peter: first line\n"
        "second line\n"
        " (11:46:46 AM) *** Eric joined the chat ***\n"
        " (11:46:59 AM) Eric: HI Peter\n"
        "( 11:47:10 AM ) Eric: Here is the plan:\n"
        "\n"
        "1. reboot\n"
        "2. reset\n"
        "(11:48:00 AM) Peter: ok\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 4);
    CHECK(msgs[0]->text == "first line\nsecond line");
    CHECK(msgs[0]->where.last_line == 4);
    CHECK(msgs[1]->text == "HI Peter");
    CHECK(msgs[2]->text == "Here is the plan:\n1. reboot\n2. reset");
    CHECK(msgs[1]->time.iso() == "2018-11-23T11:46:59+00:00");
    CHECK(role_of(c, "Eric") == model::Role::agent);
    CHECK(role_of(c, "Peter") == model::Role::customer);
    REQUIRE(c.started);
    CHECK(c.started->iso() == "2018-11-23T11:46:41+00:00");
  }

  TEST_CASE("a visitor who joins after the bot's greeting is not taken for an agent") {
    auto c = one("(10:00:00 AM) Acme Bot: Welcome! An agent will be with you shortly.\n"
                 "(10:00:05 AM) *** Dana joined the chat ***\n"
                 "(10:00:10 AM) Dana: my bill is wrong\n"
                 "(10:01:00 AM) *** Sam joined the chat ***\n"
                 "(10:01:10 AM) Sam: Hi Dana, I can help\n");
    CHECK(role_of(c, "Sam") == model::Role::agent);
    CHECK(role_of(c, "Dana") == model::Role::customer);
    CHECK(role_of(c, "Acme Bot") == model::Role::bot);
  }

  TEST_CASE("header fields: Chat ID, Agent, Visitor, Department") {
    const std::string text =
        "Chat ID: 2603.4471.ABCD\n"
        "Agent: Tom Reyes\n"
        "Visitor: Lina\n"
        "Department: Billing\n"
        "Chat started: 2026-03-04 09:00:00 UTC\n"
        "\n"
        "(09:00:05) Lina: hello\n"
        "(09:00:30) Tom Reyes: hi Lina\n"
        "(09:01:00) Lina: my bill is wrong\n";
    auto c = one(text);
    CHECK(messages(c).size() == 3);
    CHECK(external_id(c, "chat_id") == "2603.4471.ABCD");
    CHECK(role_of(c, "Tom Reyes") == model::Role::agent);
    CHECK(role_of(c, "Lina") == model::Role::customer);
    REQUIRE(c.started);
    CHECK(c.started->iso() == "2026-03-04T09:00:00+00:00");
    CHECK(c.participants.size() == 2);
  }

  TEST_CASE("several transcripts in one file: each header starts a conversation") {
    const std::string text =
        "Chat started: 2019-01-02 04:23 PM UTC\n"
        "(04:23:01 PM) Ann: Hi\n"
        "(04:23:06 PM) * Bob joined the chat *\n"
        "(04:23:19 PM) Bob: Hi Ann!\n"
        "\n"
        "Chat started: 2019-01-03 08:59 PM (+0100)\n"
        "\n"
        "(08:59:24 PM) Ann: critical path function?\n"
        "(08:59:31 PM) * Bob joined the chat *\n"
        "(08:59:39 PM) Bob: One moment, please.\n"
        "(09:00:00 PM) Ann: ok\n";
    Parsed p = parse_tc(text);
    REQUIRE_MESSAGE(p.ok, p.error);
    REQUIRE(p.conversations.size() == 2);
    CHECK(p.conversations[0].message_count() == 2);
    CHECK(p.conversations[1].message_count() == 3);
    CHECK(messages(p.conversations[1])[0]->time.iso() == "2019-01-03T20:59:24+01:00");
    CHECK(p.conversations[0].started->iso() == "2019-01-02T16:23:01+00:00");
    CHECK(p.conversations[1].started->iso() == "2019-01-03T20:59:24+01:00");
    CHECK(p.conversations[1].where.first_line == 8);
  }

  TEST_CASE("several copied widget chats in one file") {
    const std::string text =
        "Conversation with Acme\nStarted on March 4, 2026 at 10:00 AM\n\n"
        "Sam\nhi, how can I help\n\nDana\nhello\n\nSam\nbye\n\n"
        "Conversation with Acme\nStarted on March 5, 2026 at 9:00 AM\n\n"
        "Sam\nhi again\n\nDana\nstill broken\n";
    Parsed p = parse_tc(text);
    REQUIRE_MESSAGE(p.ok, p.error);
    REQUIRE(p.conversations.size() == 2);
    CHECK(p.conversations[0].message_count() == 3);
    CHECK(p.conversations[1].message_count() == 2);
    REQUIRE(p.conversations[1].started);
    CHECK(p.conversations[1].started->iso() == "2026-03-05T09:00:00");
    CHECK(messages(p.conversations[1])[1]->time.iso() == "2026-03-05");
  }

  TEST_CASE("system lines in every shape are events, never messages") {
    const std::string text =
        "Chat InformationPlease wait for a site operator to respond.\n"
        "Chat InformationYou are now chatting with 'Nelson'\n"
        "[10:00] Nelson: Welcome to the shop.\n"
        "[10:01] *** Eric joined the chat ***\n"
        "[10:02] * YYY joined the chat *\n"
        "[10:03] Eric has left the chat\n"
        "[10:04] System: The agent is reviewing your case\n"
        "[10:05] \xE0\xB8\xA3\xE0\xB8\xB0\xE0\xB8\x9A\xE0\xB8\x9A: \xE0\xB9\x80\xE0\xB8\xA3\xE0\xB8\xB4\xE0\xB9\x88\xE0\xB8\xA1\n"  // ระบบ:
        "refid:5744z000000kAQuAAM\n"
        "[10:06] you: Do you have a Linux version?\n"
        "Your Issue ID for this chat is ABC-123\n"
        "[10:07] Nelson: no\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 3);
    CHECK(events(c).size() == 9);
    for (const auto* e : events(c)) {
      CHECK(e->speaker.empty());
    }
    CHECK(external_id(c, "issue_id") == "ABC-123");
    CHECK(role_of(c, "Nelson") == model::Role::agent);
    CHECK(role_of(c, "you") == model::Role::customer);
  }

  TEST_CASE("12- and 24-hour clocks: 'p. m.', 'a. m.', 'pm', noon, midnight, past midnight") {
    const std::string text =
        "Chat started: 2026-03-04 11:00 PM\n"
        "[11:58 p. m.] Ana: hola, necesito ayuda con mi factura\n"
        "[12:00 a. m.] Beto: claro, dime el n\xC3\xBAmero\n"
        "[12:30am] Ana: es el 4471\n"
        "[1:05 pm] Beto: listo\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 4);
    CHECK(msgs[0]->time.iso() == "2026-03-04T23:58:00");
    CHECK(msgs[1]->time.iso() == "2026-03-05T00:00:00");  // the next day
    CHECK(msgs[2]->time.iso() == "2026-03-05T00:30:00");
    CHECK(msgs[3]->time.iso() == "2026-03-05T13:05:00");
    CHECK_FALSE(msgs[0]->time.offset_minutes);
  }

  TEST_CASE("two-digit years, Thai digits and Buddhist-era years") {
    SUBCASE("Thai digits in the stamp and a BE year") {
      const std::string text =
          "[\xE0\xB9\x90\xE0\xB9\x94/\xE0\xB9\x90\xE0\xB9\x93/\xE0\xB9\x92\xE0\xB9\x95\xE0\xB9\x96\xE0\xB9\x99 "
          "\xE0\xB9\x91\xE0\xB9\x94:\xE0\xB9\x90\xE0\xB9\x95] \xE0\xB8\x9E\xE0\xB8\xB4\xE0\xB8\xA1: \xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5 \xE0\xB9\x95\n"  // [๐๔/๐๓/๒๕๖๙ ๑๔:๐๕] พิม: สวัสดี ๕
          "[04/03/2569 14:06] Shop: \xE0\xB8\x84\xE0\xB9\x88\xE0\xB8\xB0\n";
      auto c = one(text);
      const auto msgs = messages(c);
      REQUIRE(msgs.size() == 2);
      CHECK(msgs[0]->time.iso() == "2026-03-04T14:05:00");
      CHECK(msgs[1]->time.iso() == "2026-03-04T14:06:00");
      CHECK(msgs[0]->text == "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5 \xE0\xB9\x95");  // text keeps its digits
    }
    SUBCASE("a two-digit year") {
      auto c = one("[15/03/26 09:00] Ann: hello there friend\n[15/03/26 09:01] Bob: hi, how are you\n");
      CHECK(messages(c)[0]->time.iso() == "2026-03-15T09:00:00");
    }
    SUBCASE("'BE' and a Thai month name in the header") {
      auto c = one("Chat started: 4 \xE0\xB8\xA1\xE0\xB8\xB5\xE0\xB8\x99\xE0\xB8\xB2\xE0\xB8\x84\xE0\xB8\xA1 2569 10:00 (ICT)\n"
                   "(10:00:10) Pim: hello\n(10:01:00) Shop: hi\n");
      CHECK(messages(c)[0]->time.iso() == "2026-03-04T10:00:10+07:00");
    }
  }

  TEST_CASE("zones written in the header become every message's offset; no zone leaves it to --tz") {
    SUBCASE("(+0000)") {
      auto c = one("Chat Started: Friday, September 20, 2019, 16:14:59 (+0000)\n( 5s ) Stephen F: Hello\n( 9s ) Visitor: hi\n");
      CHECK(messages(c)[1]->time.iso() == "2019-09-20T16:15:08+00:00");
    }
    SUBCASE("an abbreviation") {
      auto c = one("Chat started: 2026-01-05 09:00 AM CET\n(09:01:00 AM) Ana: hi\n(09:02:00 AM) Bo: hello\n");
      CHECK(messages(c)[0]->time.iso() == "2026-01-05T09:01:00+01:00");
    }
    SUBCASE("no zone: --tz applies") {
      model::ImportContext context;
      context.tz = "America/New_York";
      auto c = one("Chat started: 2026-07-05 09:00 AM\n(09:01:00 AM) Ana: hi\n(09:02:00 AM) Bo: hello\n", context);
      CHECK(messages(c)[0]->time.iso() == "2026-07-05T09:01:00-04:00");
      Parsed raw = parse_tc("Chat started: 2026-07-05 09:00 AM\n(09:01:00 AM) Ana: hi\n(09:02:00 AM) Bo: hello\n", {}, false);
      REQUIRE(raw.ok);
      CHECK_FALSE(messages(raw.conversations[0])[0]->time.offset_minutes);
    }
  }

  TEST_CASE("eBay Live Help: a date line, '11:38:50 UTC Name' speaker lines, indented bodies") {
    const std::string text =
        "Hi, when I click print postage label it goes to Royal Mail\n"
        "\n"
        "2017 - 07 - 15\n"
        "11:38:50 UTC Cristina\n"
        "\n"
        "    Welcome to eBay Live Help, my name is Cristina.\n"
        "\n"
        "11:41:06 UTC sanchezbs3\n"
        "    \n"
        "    Ok great thanks\n"
        "\n"
        "11:41:11 UTC Cristina\n"
        "\n"
        "    You're most welcome.\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[0]->speaker == "Cristina");
    CHECK(msgs[0]->text == "Welcome to eBay Live Help, my name is Cristina.");
    CHECK(msgs[1]->time.iso() == "2017-07-15T11:41:06+00:00");
    CHECK(msgs[2]->text == "You're most welcome.");
    CHECK(role_of(c, "Cristina") == model::Role::agent);
    CHECK(role_of(c, "sanchezbs3") == model::Role::customer);
  }

  TEST_CASE("a known speaker written without the colon") {
    const std::string text =
        "(02:19:52 PM) Customer Service: Hi Juan welcome back!\n"
        "(02:21:18 PM) Juan Franco Hi\n"
        "(02:21:27 PM) Mike: Hi Juan\n"
        "(02:22:40 PM) Juan Franco: great!\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 4);
    CHECK(msgs[1]->speaker == "Juan Franco");
    CHECK(msgs[1]->text == "Hi");
  }

  TEST_CASE("the visitor greeted by name in the opening trigger, and shorter forms of that name") {
    const std::string text =
        "02:19:52 PM) Customer Service: Hi Juan Manuel Franco  welcome back! What can we help you with?\n"
        "(02:21:18 PM) Juan Manuel Franco: Hi\n"
        "(02:21:22 PM) *** Mike joined the chat ***\n"
        "(02:21:24 PM) Juan Manuel: I want to install a light\n"
        "(02:21:27 PM) Mike: Hi Juan\n";
    auto c = one(text);
    CHECK(messages(c).size() == 4);
    CHECK(messages(c)[0]->speaker == "Customer Service");  // the lost "(" of a truncated paste
    CHECK(role_of(c, "Juan Manuel Franco") == model::Role::customer);
    CHECK(role_of(c, "Juan Manuel") == model::Role::customer);
    CHECK(role_of(c, "Mike") == model::Role::agent);
    CHECK(role_of(c, "Customer Service") == model::Role::agent);
  }

  TEST_CASE("unbracketed ISO stamps and dates in words inside brackets") {
    SUBCASE("2026-03-04 14:05:10 Name: text, with a Spanish header") {
      const std::string text =
          "Chat iniciado: 4 de marzo de 2026, 14:05 (GMT-03:00)\n"
          "Visitante: Mart\xC3\xADn\n"
          "Agente: Laura\n"
          "\n"
          "2026-03-04 14:05:10 Laura: Hola, \xC2\xBF" "en qu\xC3\xA9 te ayudo?\n"
          "2026-03-04 14:06:00 Mart\xC3\xADn: Mi paquete has left the depot\n"
          "y no lleg\xC3\xB3\n"
          "2026-03-04T14:07:00Z | Laura: Lo reviso.\n";
      auto c = one(text);
      const auto msgs = messages(c);
      REQUIRE(msgs.size() == 3);
      CHECK(msgs[0]->time.iso() == "2026-03-04T14:05:10-03:00");
      CHECK(msgs[1]->text == "Mi paquete has left the depot\ny no lleg\xC3\xB3");  // not a notice
      CHECK(msgs[2]->time.iso() == "2026-03-04T14:07:00+00:00");          // the line's own zone
      CHECK(role_of(c, "Laura") == model::Role::agent);
      CHECK(role_of(c, "Mart\xC3\xADn") == model::Role::customer);
    }
    SUBCASE("[Mar 4, 2026 10:32 AM] Name: text") {
      auto c = one("[Mar 4, 2026 10:32 AM] Sam: Hello there\n[Mar 4, 2026 10:33 AM] Dana: Hi, my bill is wrong\n");
      const auto msgs = messages(c);
      REQUIRE(msgs.size() == 2);
      CHECK(msgs[1]->time.iso() == "2026-03-04T10:33:00");
    }
  }

  TEST_CASE("widget speaker lines 'Name:' and 'Name · 10:32 AM'") {
    SUBCASE("a colon after the name") {
      auto c = one("Sam:\nHello! How can I help?\n\nDana:\nMy order never arrived\n\nSam:\nSorry, checking now\n");
      const auto msgs = messages(c);
      REQUIRE(msgs.size() == 3);
      CHECK(msgs[1]->speaker == "Dana");
      CHECK(msgs[1]->text == "My order never arrived");
    }
    SUBCASE("a clock after the name") {
      auto c = one("copied 4 March 2026\n\nSam \xC2\xB7 10:32 AM\nHello! How can I help?\n\nDana \xC2\xB7 10:33 AM\n"
                   "My order never arrived\n\nSam \xC2\xB7 1:05 PM\nSorry, checking now\n");
      const auto msgs = messages(c);
      REQUIRE(msgs.size() == 3);
      CHECK(msgs[1]->speaker == "Dana");
      CHECK(msgs[1]->time.iso() == "2026-03-04T10:33:00");
      CHECK(msgs[2]->time.iso() == "2026-03-04T13:05:00");
    }
  }

  TEST_CASE("widget speaker lines with a role tag: 'Sam (Agent)'") {
    auto c = one("Sam (Agent)\nHello! How can I help?\n\nDana\nMy order never arrived\n\nSam (Agent)\nChecking now\n\n"
                 "Dana\nthanks\n");
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 4);
    CHECK(msgs[0]->speaker == "Sam");
    CHECK(role_of(c, "Sam") == model::Role::agent);
    CHECK(role_of(c, "Dana") == model::Role::customer);
  }

  TEST_CASE("a Thai mailed transcript: ระบบ notices, a staff joiner, a BE date line with its zone") {
    const std::string text =
        "\xE0\xB8\xAB\xE0\xB8\xA1\xE0\xB8\xB2\xE0\xB8\xA2\xE0\xB9\x80\xE0\xB8\xA5\xE0\xB8\x82\xE0\xB8\x81\xE0\xB8\xB2\xE0\xB8\xA3\xE0\xB8\x88\xE0\xB8\xAD\xE0\xB8\x87: TS8QZK\n"
        "\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\x99\xE0\xB8\x97\xE0\xB8\xB5\xE0\xB9\x88\xE0\xB8\xAA\xE0\xB8\x99\xE0\xB8\x97\xE0\xB8\x99\xE0\xB8\xB2: 19 "
        "\xE0\xB8\xAA\xE0\xB8\xB4\xE0\xB8\x87\xE0\xB8\xAB\xE0\xB8\xB2\xE0\xB8\x84\xE0\xB8\xA1 2568 (GMT+7)\n"  // วันที่สนทนา: 19 สิงหาคม 2568 (GMT+7)
        "\n"
        "[14:02:11] \xE0\xB8\xA3\xE0\xB8\xB0\xE0\xB8\x9A\xE0\xB8\x9A: \xE0\xB8\x98\xE0\xB8\x99\xE0\xB8\x9E\xE0\xB8\xA5 "
        "\xE0\xB9\x80\xE0\xB8\x82\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\xAA\xE0\xB8\xB9\xE0\xB9\x88\xE0\xB8\x81\xE0\xB8\xB2\xE0\xB8\xA3\xE0\xB8\xAA\xE0\xB8\x99\xE0\xB8\x97\xE0\xB8\x99\xE0\xB8\xB2\n"
        "[14:02:15] \xE0\xB8\x98\xE0\xB8\x99\xE0\xB8\x9E\xE0\xB8\xA5: \xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5\xE0\xB8\x84\xE0\xB8\xA3\xE0\xB8\xB1\xE0\xB8\x9A\n"
        "[14:03:40] \xE0\xB8\xA3\xE0\xB8\xB0\xE0\xB8\x9A\xE0\xB8\x9A: \xE0\xB8\x99\xE0\xB8\xA0\xE0\xB8\xB2 "
        "(\xE0\xB9\x80\xE0\xB8\x88\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\xAB\xE0\xB8\x99\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\x97\xE0\xB8\xB5\xE0\xB9\x88) "
        "\xE0\xB9\x80\xE0\xB8\x82\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\xAA\xE0\xB8\xB9\xE0\xB9\x88\xE0\xB8\x81\xE0\xB8\xB2\xE0\xB8\xA3\xE0\xB8\xAA\xE0\xB8\x99\xE0\xB8\x97\xE0\xB8\x99\xE0\xB8\xB2\n"
        "[14:03:52] \xE0\xB8\x99\xE0\xB8\xA0\xE0\xB8\xB2: \xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5\xE0\xB8\x84\xE0\xB9\x88\xE0\xB8\xB0\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 2);
    CHECK(events(c).size() == 2);
    CHECK(msgs[0]->time.iso() == "2025-08-19T14:02:15+07:00");
    CHECK(role_of(c, "\xE0\xB8\x99\xE0\xB8\xA0\xE0\xB8\xB2") == model::Role::agent);
    CHECK(role_of(c, "\xE0\xB8\x98\xE0\xB8\x99\xE0\xB8\x9E\xE0\xB8\xA5") == model::Role::customer);
    REQUIRE(c.started);
    CHECK(c.started->iso() == "2025-08-19T14:02:11+07:00");
  }

  TEST_CASE("Salesforce mail: 'Agent Priya R.', a first-name greeting, a footer right under the last line") {
    const std::string text =
        "Hi Jordan,\n"
        "\n"
        "Thank you for chatting with Skylark Airways. A copy of your conversation is below.\n"
        "Case number: 08817324\n"
        "\n"
        "Chat Started: Tuesday, January 27, 2026, 18:02:16 (-0800)\n"
        "Agent Priya R.\n"
        "( 0s ) Chatbot Skye: Hi! I'm Skye, the virtual assistant.\n"
        "( 14s ) Jordan Ellis: my flight got cancelled\n"
        "( 6m 48s ) Priya R.: Hi Jordan, this is Priya.\n"
        "( 7m 30s ) Jordan Ellis: Can you get me on something tonight?\n"
        "Agent Priya R. left the chat.\n"
        "Chat ended by agent.\n"
        "Chat rating: Good\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 4);
    CHECK(events(c).size() == 2);
    CHECK(msgs[3]->text == "Can you get me on something tonight?");
    CHECK(msgs[2]->time.iso() == "2026-01-27T18:09:04-08:00");
    CHECK(external_id(c, "case") == "08817324");
    CHECK(c.company == "Skylark Airways");
    CHECK(role_of(c, "Priya R.") == model::Role::agent);
    CHECK(role_of(c, "Jordan Ellis") == model::Role::customer);
    CHECK(role_of(c, "Chatbot Skye") == model::Role::bot);
  }

  TEST_CASE("a message line that starts like a header does not open a transcript") {
    const std::string text =
        "Chat started: 2026-03-04 09:00 UTC\n"
        "(09:00:05) Lina: my service\n"
        "started on Monday and stopped\n"
        "(09:00:30) Tom: I see\n";
    Parsed p = parse_tc(text);
    REQUIRE(p.ok);
    REQUIRE(p.conversations.size() == 1);
    CHECK(messages(p.conversations[0])[0]->text == "my service\nstarted on Monday and stopped");
  }

  TEST_CASE("a forum post: one message by the poster at the post's time") {
    const std::string text =
        "## \\#4 Posted by: CarlCollins Posted at: 2018-11-23T17:27:05.050Z Reads: 184\n"
        "\n"
        "```\n"
        "@Pete75\n"
        "I have checked our system and you haven't subscribed to our newsletter.\n"
        "\n"
        "Anyways, I am adding $50 AUD store credits to your account\n"
        "```\n";
    auto c = one(text);
    const auto msgs = messages(c);
    REQUIRE(msgs.size() == 1);
    CHECK(msgs[0]->speaker == "CarlCollins");
    CHECK(msgs[0]->time.iso() == "2018-11-23T17:27:05+00:00");
    CHECK(msgs[0]->text.find("```") == std::string::npos);
    CHECK(msgs[0]->text.rfind("@Pete75", 0) == 0);
    CHECK(role_of(c, "CarlCollins") == model::Role::agent);
  }

  TEST_CASE("files without chat lines are errors that name the file and line, never crashes") {
    Parsed p = parse_tc("\n\nThis is just a paragraph of prose about nothing in particular.\nAnd another.\n");
    CHECK_FALSE(p.ok);
    CHECK(p.error.rfind("chat.txt:3: ", 0) == 0);
    CHECK_FALSE(parse_tc("").ok);
    CHECK_FALSE(parse_tc(std::string("abc\0def", 7)).ok);
    // A 10 MB single line is read in one pass.
    const std::string huge(10 * 1024 * 1024, 'a');
    const auto t0 = std::chrono::steady_clock::now();
    Parsed big = parse_tc(huge);
    const auto t1 = std::chrono::steady_clock::now();
    CHECK_FALSE(big.ok);
    CHECK(std::chrono::duration_cast<std::chrono::seconds>(t1 - t0).count() < 5);
    // A huge message on a stamped line parses.
    const std::string long_message = "(10:00:00 AM) Ann: " + std::string(2 * 1024 * 1024, 'x') + "\n(10:00:05 AM) Bob: ok\n";
    Parsed long_parse = parse_tc(long_message);
    REQUIRE(long_parse.ok);
    CHECK(long_parse.conversations[0].message_count() == 2);
    // Odd bytes and half shapes do not crash.
    for (const char* odd : {"(", "[", "(10:", "[99:99] x: y", "**", "[b]", "( 5s", "**A**", ":::::", "(12:00 PM)"}) {
      (void)parse_tc(odd);
    }
  }

  TEST_CASE("detect: clear chat lines score high, generic speaker text low, JSON and HTML zero") {
    CHECK(importers::detect_text_chat("(10:31:52 AM) Dana: hi\n(10:32:05 AM) Sam: hello\n(10:32:14 AM) Sam: how can I help?\n") >= 60);
    CHECK(importers::detect_text_chat("Chat started: 2018-11-23 11:46 AM UTC\n\n(11:46:41 AM) Peter: hi\n") >= 60);
    const int pasted = importers::detect_text_chat("[04/03/2026 14:02] Ana: hola\n[04/03/2026 14:05] Beto: hola\n[04/03/2026 14:06] Ana: ok\n");
    CHECK(pasted > 25);  // above WhatsApp's weak score for the same shape
    CHECK(pasted < 82);
    const int widget = importers::detect_text_chat("Sam\nhello there\n\nDana\nhi\n\nSam\nhow can I help?\n\nDana\nbill\n");
    CHECK(widget >= 10);
    CHECK(widget <= 30);
    CHECK(importers::detect_text_chat("{\"messages\": [{\"sender_name\": \"A\"}]}") == 0);
    CHECK(importers::detect_text_chat("[{\"a\": 1}]") == 0);
    CHECK(importers::detect_text_chat("<html><body><p>(10:31 AM) Dana: hi</p></body></html>") == 0);
    CHECK(importers::detect_text_chat("Just some words.\n") < 10);
    // WhatsApp's own shapes stay WhatsApp's.
    const importers::Importer* wa = importers::detect("1/22/23, 6:30 PM - User 1: hi\n1/22/23, 6:31 PM - User 2: hello\n1/22/23, 6:32 PM - User 1: ok\n");
    REQUIRE(wa != nullptr);
    CHECK(wa->name == "whatsapp");
  }

  TEST_CASE("parse_text_chat_text reads clean text and gives the same entries") {
    const std::string body =
        "Chat Started: Monday, December 17, 2018, 23:27:57 (-0500)\nAgent Royalle G\n"
        "( 10s ) Royalle G: Hi, this is Royalle & I'll help\n( 44s ) George M: thanks\n";
    model::ImportContext context;
    importers::ParseInput input{body, "body.txt", &context};
    auto direct = importers::parse_text_chat_text(body, input);
    REQUIRE(direct.ok());
    REQUIRE(direct->conversations.size() == 1);
    const auto& c = direct->conversations[0];
    REQUIRE(c.entries.size() == 2);
    CHECK(c.entries[0].speaker == "Royalle G");
    CHECK(c.entries[0].where.first_line == 3);
    CHECK(c.entries[1].time.iso() == "2018-12-17T23:28:41-05:00");
    CHECK(c.format == "text-chat");
  }

  TEST_CASE("key-value header blocks in English, Spanish and Thai: company, agent, chat ID, ISO start") {
    for (const char* text : {
             "Chat transcript\nChat ID: CH-1\nCompany: Northwind Telecom\nAgent: Olivia\n"
             "Started: 2026-03-04T05:46:00+00:00\n\n(05:47:18) Olivia: Hello\n(05:48:00) Dana Whitfield: Hi\n",
             "Transcripción del chat\nID de chat: CH-1\nEmpresa: Northwind Telecom\nAgente: Olivia\n"
             "Inicio: 2026-03-04T05:46:00+00:00\n\n(05:47:18) Olivia: Hola\n(05:48:00) Dana Whitfield: Buenas\n",
             "บันทึกการแชท\nรหัสแชท: CH-1\nบริษัท: Northwind Telecom\nเจ้าหน้าที่: Olivia\n"
             "เริ่ม: 2026-03-04T05:46:00+00:00\n\n(05:47:18) Olivia: สวัสดีค่ะ\n(05:48:00) Dana Whitfield: ครับ\n"}) {
      CAPTURE(text);
      const auto c = one(text);
      CHECK(c.company == "Northwind Telecom");
      REQUIRE(c.started);
      CHECK(c.started->iso() == "2026-03-04T05:46:00+00:00");
      const auto m = messages(c);
      REQUIRE(m.size() == 2);
      CHECK(m[0]->time.iso() == "2026-03-04T05:47:18+00:00");
      auto copy = c;
      CHECK(copy.find_participant("Olivia")->role == model::Role::agent);
      CHECK(copy.find_participant("Dana Whitfield")->role == model::Role::customer);
      REQUIRE_FALSE(c.external_ids.empty());
      CHECK(c.external_ids.front().second == "CH-1");
    }
  }
}

TEST_SUITE("text chat: unbracketed numeric dates") {
  TEST_CASE("'12/02/2569 15:20:04 Name: text' after a letter: Buddhist-era year, staff prefix") {
    auto c = one(
        "\xE0\xB9\x80\xE0\xB8\xA3\xE0\xB8\xB5\xE0\xB8\xA2\xE0\xB8\x99 \xE0\xB8\x84\xE0\xB8\xB8\xE0\xB8\x93\xE0\xB8\x81\xE0\xB8\xA1\xE0\xB8\xA5\n"
        "\n"
        "Member: FF-0048213\n"
        "Request: REQ-6902-0331\n"
        "\n"
        "\xE2\x80\x93\xE2\x80\x93 log \xE2\x80\x93\xE2\x80\x93\n"
        "13/02/2569 15:20:04 \xE0\xB8\x81\xE0\xB8\xA1\xE0\xB8\xA5: \xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5\n"
        "13/02/2569 15:21:30 \xE0\xB9\x80\xE0\xB8\x88\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\xAB\xE0\xB8\x99\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\x97\xE0\xB8\xB5\xE0\xB9\x88 \xE0\xB8\x99\xE0\xB8\xB4\xE0\xB8\x94: \xE0\xB8\x84\xE0\xB9\x88\xE0\xB8\xB0\n"
        "13/02/2569 15:22:02 \xE0\xB8\x81\xE0\xB8\xA1\xE0\xB8\xA5: FF-0048213\n"
        "\xE2\x80\x93\xE2\x80\x93 end \xE2\x80\x93\xE2\x80\x93\n");
    const auto ms = messages(c);
    REQUIRE(ms.size() == 3);
    CHECK(ms[0]->speaker == "\xE0\xB8\x81\xE0\xB8\xA1\xE0\xB8\xA5");
    CHECK(ms[1]->speaker == "\xE0\xB9\x80\xE0\xB8\x88\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\xAB\xE0\xB8\x99\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\x97\xE0\xB8\xB5\xE0\xB9\x88 \xE0\xB8\x99\xE0\xB8\xB4\xE0\xB8\x94");
    CHECK(ms[0]->time.iso().substr(0, 19) == "2026-02-13T15:20:04");
    CHECK(ms[2]->time.iso().substr(0, 19) == "2026-02-13T15:22:02");
    CHECK(ms[2]->text == "FF-0048213");  // the closing banner is not part of it
    CHECK(role_of(c, ms[1]->speaker) == model::Role::agent);
  }

  TEST_CASE("'12/02/2026 15:20:04 Ana: hola' in Spanish and 'MM/DD' English with ISO dates") {
    const auto c = one(
        "12/02/2026 15:20:04 Ana: hola, quiero cancelar\n"
        "12/02/2026 15:21:30 Luis: hola Ana, claro\n"
        "12/02/2026 15:22:02 Ana: gracias\n");
    const auto ms = messages(c);
    REQUIRE(ms.size() == 3);
    CHECK(ms[0]->speaker == "Ana");
    CHECK(ms[1]->speaker == "Luis");
    CHECK(ms[0]->time.iso().substr(0, 19) == "2026-02-12T15:20:04");
    const auto en = one(
        "02/13/2026 09:05:00 Sam Lee: hi, my order is late\n"
        "02/13/2026 09:06:10 Priya: sorry to hear that\n"
        "2026-02-13 09:07:00 Sam Lee: thanks\n");
    const auto es = messages(en);
    REQUIRE(es.size() == 3);
    CHECK(es[0]->speaker == "Sam Lee");
    CHECK(es[0]->time.iso().substr(0, 19) == "2026-02-13T09:05:00");
    CHECK(es[2]->time.iso().substr(0, 19) == "2026-02-13T09:07:00");
  }

  TEST_CASE("a date and clock in prose, or WhatsApp's ' - ', is not this shape") {
    Parsed p = parse_tc("12/02/2026 15:20 - Ana: hola\n12/02/2026 15:21 - Luis: hola\n");
    if (p.ok) {
      for (const auto& c : p.conversations) {
        for (const auto* m : messages(c)) {
          CHECK(m->speaker.front() != '-');
        }
      }
    }
  }
}

TEST_SUITE("text chat: Intercom email speaker lines") {
  TEST_CASE("'Name  7:02 PM' speaker lines under a conversation header, a footer after ---") {
    auto c = one(
        "Your conversation with IronLeaf Fitness\n"
        "Thursday, January 15, 2026 \xC2\xB7 Eastern Time\n"
        "\n"
        "Chris Barlow  7:02 PM\n"
        "Hi, I need to cancel my membership.\n"
        "\n"
        "Maya (IronLeaf)  7:04 PM\n"
        "Hi Chris! I can help with that.\n"
        "\n"
        "Chris Barlow  7:05 PM\n"
        "is there a cancellation fee?\n"
        "From what I read on your site, members who relocate don't pay it\n"
        "\n"
        "Maya (IronLeaf)  7:07 PM\n"
        "You're right.\n"
        "\n"
        "Maya (IronLeaf)  7:07 PM\n"
        "I've also waived the fee.\n"
        "\n"
        "---\n"
        "IronLeaf Fitness \xC2\xB7 1450 Broad St, Philadelphia, PA 19146\n"
        "Sent via Intercom. Reply to this email to reopen the conversation.\n");
    const auto ms = messages(c);
    REQUIRE(ms.size() == 5);
    CHECK(ms[0]->speaker == "Chris Barlow");
    CHECK(ms[1]->speaker == "Maya (IronLeaf)");
    CHECK(ms[2]->speaker == "Chris Barlow");
    CHECK(ms[2]->text.find("From what I read") != std::string::npos);
    CHECK(ms[0]->time.iso() == "2026-01-15T19:02:00");
    CHECK(ms[3]->time.iso() == "2026-01-15T19:07:00");
    CHECK(ms[4]->text.find("Sent via") == std::string::npos);
    CHECK(role_of(c, "Maya (IronLeaf)") == model::Role::agent);
  }

  TEST_CASE("other names, a 24-hour clock, a Spanish chat, a tag that is not the company's") {
    auto c = one(
        "Your conversation with Brightwave Internet\n"
        "\n"
        "Luc\xC3\xAD" "a G\xC3\xB3mez  18:02\n"
        "Hola, mi conexi\xC3\xB3n no funciona desde ayer.\n"
        "\n"
        "Tom (Brightwave)  18:05\n"
        "Hola Luc\xC3\xAD" "a, lo reviso ahora.\n"
        "Un momento por favor.\n"
        "\n"
        "Luc\xC3\xAD" "a G\xC3\xB3mez  18:06\n"
        "Gracias\n"
        "\n"
        "Ana (Billing)  18:09\n"
        "La factura ya est\xC3\xA1 corregida.\n"
        "\n"
        "Ana (Billing)  18:10\n"
        "\xC2\xBF" "Algo m\xC3\xA1s?\n");
    const auto ms = messages(c);
    REQUIRE(ms.size() == 5);
    CHECK(ms[0]->speaker == "Luc\xC3\xAD" "a G\xC3\xB3mez");
    CHECK(ms[1]->speaker == "Tom (Brightwave)");
    CHECK(ms[1]->text == "Hola Luc\xC3\xAD" "a, lo reviso ahora.\nUn momento por favor.");
    CHECK(ms[3]->speaker == "Ana (Billing)");
    REQUIRE(ms[1]->time.time);
    CHECK(ms[1]->time.time->hour == 18);
    CHECK(ms[1]->time.time->minute == 5);
    CHECK(role_of(c, "Tom (Brightwave)") == model::Role::agent);
    CHECK(role_of(c, "Luc\xC3\xAD" "a G\xC3\xB3mez") != model::Role::agent);
  }
}
