// LINE chat history .txt: English and Thai UI, tab/$/space lines, Buddhist-era dates, quotes.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "importer_test_helpers.hpp"
#include "inwriting/importers/importer.hpp"
#include "inwriting/model/conversation.hpp"
#include "test_helpers.hpp"

using namespace inwriting;

namespace {

using Parsed = test::ParsedConversation;

Parsed parse_ln(const std::string& text, model::ImportContext context = {}, bool finish = true) {
  return test::parse_one_as("line", text, "line.txt", std::move(context), finish);
}

using test::messages;

size_t events(const model::Conversation& c) { return c.entries.size() - c.message_count(); }

using test::role_of;

}  // namespace

TEST_SUITE("importers::line") {
  TEST_CASE("English UI header, tab lines, Thai text: official account is the company, +07:00") {
    auto p = parse_ln(
        "\xEF\xBB\xBF[LINE] Chat history with FiberNet TH\r\n"
        "Saved on: 2026/01/22, 21:40\r\n"
        "\r\n"
        "Tue, 1/20/2026\r\n"
        "08:12\tPim\tเน็ตบ้านใช้ไม่ได้ค่ะ\r\n"
        "08:12\tFiberNet TH\tสวัสดีค่ะ ขอบคุณที่ติดต่อ FiberNet TH ค่ะ\r\n"
        "20:15\tPim\t[Sticker]\r\n"
        "\r\n"
        "Wed, 1/21/2026\r\n"
        "17:05\tPim\t[Photo]\r\n");
    REQUIRE(p.ok);
    auto& c = p.conversation;
    CHECK(c.format == "line");
    CHECK(c.channel == model::Channel::social);
    CHECK(c.title == "FiberNet TH");
    CHECK(c.company == "FiberNet TH");
    const auto m = messages(c);
    REQUIRE(m.size() == 4);
    CHECK(m[0]->speaker == "Pim");
    CHECK(m[0]->where.first_line == 5);
    CHECK(m[0]->time.iso() == "2026-01-20T08:12:00+07:00");
    CHECK(m[2]->is_media);
    CHECK_FALSE(m[1]->is_media);
    CHECK(m[3]->time.iso() == "2026-01-21T17:05:00+07:00");
    CHECK(role_of(c, "FiberNet TH") == model::Role::agent);
    CHECK(role_of(c, "Pim") == model::Role::customer);
    REQUIRE(c.started);
    CHECK(c.started->iso() == "2026-01-20T08:12:00+07:00");
  }

  TEST_CASE("Thai UI: Buddhist-era date lines, quoted multi-line message, [รูป]/[สติกเกอร์] media") {
    auto p = parse_ln(
        "[LINE] ประวัติการแชทกับ Nami Beauty Official\n"
        "บันทึกเมื่อ: 06/03/2569 21:14\n"
        "\n"
        "อ. 03/03/2569\n"
        "19:42\tศิริพร ใจดี\tสวัสดีค่ะ สั่งเซรั่มไป\n"
        "19:43\tศิริพร ใจดี\t[รูป]\n"
        "\n"
        "พ. 04/03/2569\n"
        "09:31\tศิริพร ใจดี\t[สติกเกอร์]\n"
        "09:41\tNami Beauty Official\t\"บรรทัดแรก\n"
        "โค้ด: SORRYNAMI100\"\n"
        "09:45\tศิริพร ใจดี\tขอบคุณค่ะ\n");
    REQUIRE(p.ok);
    auto& c = p.conversation;
    const auto m = messages(c);
    REQUIRE(m.size() == 5);
    CHECK(m[0]->time.iso() == "2026-03-03T19:42:00+07:00");
    CHECK(m[1]->is_media);
    CHECK(m[2]->is_media);
    CHECK(m[2]->time.iso() == "2026-03-04T09:31:00+07:00");
    CHECK(m[3]->text == "บรรทัดแรก\nโค้ด: SORRYNAMI100");
    CHECK(m[3]->where.first_line == 10);
    CHECK(m[3]->where.last_line == 11);
    CHECK(m[4]->speaker == "ศิริพร ใจดี");
    CHECK(c.company == "Nami Beauty Official");
    CHECK(role_of(c, "Nami Beauty Official") == model::Role::agent);
    CHECK(role_of(c, "ศิริพร ใจดี") == model::Role::customer);
  }

  TEST_CASE("Thai group chat: empty sender is a system event, no company, title is the group") {
    auto p = parse_ln(
        "[LINE] ประวัติการแชทในกลุ่ม \"กลุ่มทดสอบ\"\n"
        "บันทึกเมื่อ 04/09/2569 07:48\n"
        "\n"
        "ศ. 28/11/2568\n"
        "08:54\t\tสมชาย เพิ่ม สมหญิง เข้ากลุ่ม\n"
        "08:55\tสมชาย\tสวัสดีครับ\n"
        "09:02\tสมชาย\t\"บรรทัดแรก\n"
        "บรรทัดสอง\"\n"
        "\n"
        "ส. 29/11/2568\n"
        "10:00\tสมหญิง\tฝากตรวจสอบด้วยนะครับ\n"
        "10:01\tสมหญิง\t☎ Missed call\n"
        "10:02\tสมชาย\tจะเข้ากลุ่มไหม\n");
    REQUIRE(p.ok);
    auto& c = p.conversation;
    CHECK(c.title == "กลุ่มทดสอบ");
    CHECK(c.company.empty());
    CHECK(events(c) == 2);
    const auto m = messages(c);
    REQUIRE(m.size() == 4);
    CHECK(m[3]->text == "จะเข้ากลุ่มไหม");  // a person talking about the group is no system line
    CHECK(m[0]->time.iso() == "2025-11-28T08:55:00+07:00");
    CHECK(m[1]->text == "บรรทัดแรก\nบรรทัดสอง");
    CHECK(m[2]->time.iso() == "2025-11-29T10:00:00+07:00");
    CHECK(c.participants.size() == 2);
    REQUIRE(c.started);
    CHECK(c.started->iso() == "2025-11-28T08:55:00+07:00");  // the first message, not the system line
  }

  TEST_CASE("space-separated lines: names from the file, unsent and call lines are events") {
    auto p = parse_ln(
        "2025.05.15 วันพฤหัสบดี\n"
        "08:35 สมหญิง สวัสดีค่ะ\n"
        "08:36 สมชาย ครับผม\n"
        "08:37 สมหญิง รูป\n"
        "08:39 สมชาย รับทราบครับ\n"
        "08:40 ยกเลิกข้อความแล้ว\n"
        "08:41 สมชาย ไม่ได้รับสาย\n"
        "\n"
        "2025.05.16 วันศุกร์\n"
        "09:00 สมชาย เรียบร้อยครับ\n");
    REQUIRE(p.ok);
    auto& c = p.conversation;
    const auto m = messages(c);
    REQUIRE(m.size() == 5);
    CHECK(events(c) == 2);
    CHECK(m[0]->speaker == "สมหญิง");
    CHECK(m[0]->text == "สวัสดีค่ะ");
    CHECK(m[2]->is_media);
    CHECK(m[4]->time.iso() == "2025-05-16T09:00:00+07:00");
    CHECK(c.participants.size() == 2);
  }

  TEST_CASE("space-separated two-word names: known from tab lines, from the header, or always together") {
    auto p = parse_ln(
        "[LINE] Chat history with Acme Support Team\n"
        "\n"
        "Mon, 3/2/2026\n"
        "09:00\tJane Smith\thello there\n"
        "09:01 Jane Smith are you there\n"
        "09:02 Acme Support Team yes we are\n"
        "09:03 Bob Lee one\n"
        "09:04 Bob Lee two\n"
        "09:05 Bob Lee three\n"
        "09:06 Ann I think so\n"
        "09:07 Ann I agree\n");
    REQUIRE(p.ok);
    const auto m = messages(p.conversation);
    REQUIRE(m.size() == 8);
    CHECK(m[6]->speaker == "Ann");  // twice "Ann I …" is no name "Ann I"
    CHECK(m[6]->text == "I think so");
    CHECK(m[1]->speaker == "Jane Smith");
    CHECK(m[1]->text == "are you there");
    CHECK(m[2]->speaker == "Acme Support Team");
    CHECK(m[3]->speaker == "Bob Lee");
    CHECK(m[3]->text == "one");
    CHECK(m[0]->time.iso() == "2026-03-02T09:00:00");  // English UI, no Thai: no zone
    CHECK_FALSE(m[0]->time.offset_minutes.has_value());
    CHECK(p.conversation.company == "Acme Support Team");
  }

  TEST_CASE("'$' in place of TAB; 'Wed, 10/07/2562 BE' is 10 July 2019 (the weekday decides)") {
    auto p = parse_ln(
        "Wed, 10/07/2562 BE\n"
        "19:10$Firm$ไอปันน\n"
        "19:10$$Firm unsent a message.\n"
        "19:11$Pann$น่าจะไป\n"
        "19:21$Pann$5555\n");
    REQUIRE(p.ok);
    auto& c = p.conversation;
    const auto m = messages(c);
    REQUIRE(m.size() == 3);
    CHECK(events(c) == 1);
    CHECK(m[0]->time.iso() == "2019-07-10T19:10:00+07:00");
    CHECK(m[2]->text == "5555");
    CHECK(m[2]->speaker == "Pann");
  }

  TEST_CASE("date line shapes and 12-hour clocks") {
    auto p = parse_ln(
        "2026/01/20(Tue)\n"
        "08:12PM\tAnn\tevening\n"
        "12:05AM\tBo\tmidnight\n"
        "Fri, 10/07/2569 BE\n"
        "08:12 AM\tAnn\tmorning\n"
        "Sun, 12/07/2026\n"
        "12:30PM\tBo\tnoon\n");
    REQUIRE(p.ok);
    const auto m = messages(p.conversation);
    REQUIRE(m.size() == 4);
    // A Buddhist-era year means a Thai phone: Asia/Bangkok.
    CHECK(m[0]->time.iso() == "2026-01-20T20:12:00+07:00");
    CHECK(m[1]->time.iso() == "2026-01-20T00:05:00+07:00");
    CHECK(m[2]->time.iso() == "2026-07-10T08:12:00+07:00");  // Friday 10 July 2026 (2569 BE)
    CHECK(m[3]->time.iso() == "2026-07-12T12:30:00+07:00");  // Sunday 12 July, not 7 December
    CHECK(m[2]->text == "morning");
  }

  TEST_CASE("with --tz the offset is left to the zone; English UI with English text has no offset") {
    const std::string thai = "[LINE] ประวัติการแชทกับ ร้านค้า\n\nพ. 04/03/2569\n09:18\tร้านค้า\tสวัสดีค่ะ\n";
    {
      auto p = parse_ln(thai, {}, false);
      REQUIRE(p.ok);
      CHECK(p.conversation.entries[0].time.offset_minutes == 7 * 60);
    }
    {
      model::ImportContext context;
      context.tz = "Asia/Tokyo";
      auto unfinished = parse_ln(thai, context, false);
      REQUIRE(unfinished.ok);
      CHECK_FALSE(unfinished.conversation.entries[0].time.offset_minutes.has_value());
      auto p = parse_ln(thai, context);
      CHECK(p.conversation.entries[0].time.iso() == "2026-03-04T09:18:00+09:00");
    }
    {
      auto p = parse_ln("[LINE] Chat history with Bob\n\nTue, 1/20/2026\n08:12\tBob\thi\n08:13\tAnn\thello\n", {}, false);
      REQUIRE(p.ok);
      CHECK_FALSE(p.conversation.entries[0].time.offset_minutes.has_value());
      CHECK(p.conversation.company.empty());
    }
  }

  TEST_CASE("an unclosed quote ends at the next message line, with a warning") {
    auto p = parse_ln("Tue, 1/20/2026\n08:12\tAnn\t\"first\nsecond\n08:13\tBo\tok\n");
    REQUIRE(p.ok);
    const auto m = messages(p.conversation);
    REQUIRE(m.size() == 2);
    CHECK(m[0]->text == "\"first\nsecond");  // kept as written
    CHECK(m[1]->speaker == "Bo");
    REQUIRE(p.warnings.size() == 1);
    CHECK(p.warnings[0].rfind("line.txt:2:", 0) == 0);
  }

  TEST_CASE("a quote inside a tab file holds clock-like lines; a space-only file ends it at the next line") {
    {
      auto p = parse_ln("Tue, 1/20/2026\n08:12\tAnn\t\"meet at\n10:30 tomorrow\"\n08:13\tBo\tok\n");
      REQUIRE(p.ok);
      const auto m = messages(p.conversation);
      REQUIRE(m.size() == 2);
      CHECK(m[0]->text == "meet at\n10:30 tomorrow");
      CHECK(p.warnings.empty());
    }
    {
      auto p = parse_ln("2025.05.15 วันพฤหัสบดี\n08:35 Ann \"Best seller\n08:36 Bo ok\n08:37 Ann sure\n");
      REQUIRE(p.ok);
      const auto m = messages(p.conversation);
      REQUIRE(m.size() == 3);
      CHECK(m[0]->text == "\"Best seller");
      CHECK(m[1]->speaker == "Bo");
    }
  }

  TEST_CASE("errors name the file and line; a 10 MB single line is quick") {
    auto not_line = parse_ln("Sam: hello\nDana: hi\n");
    CHECK_FALSE(not_line.ok);
    CHECK(not_line.error.rfind("line.txt:1:", 0) == 0);
    CHECK_FALSE(parse_ln("").ok);

    std::string big = "Tue, 1/20/2026\n08:12\tAnn\t";
    big.append(10 * 1024 * 1024, 'x');
    big += "\n08:13\tBo\tok\n";
    const auto start = std::chrono::steady_clock::now();
    CHECK(importers::find("line")->detect(big) > 0);
    auto p = parse_ln(big);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(p.ok);
    CHECK(p.conversation.message_count() == 2);
    CHECK(seconds < 5.0);
    CHECK(importers::find("line")->detect(std::string(10 * 1024 * 1024, '"')) == 0);
  }

  TEST_CASE("detect: high for LINE files, zero for WhatsApp and generic chats") {
    const auto* line = importers::find("line");
    REQUIRE(line != nullptr);
    CHECK(line->detect("[LINE] Chat history with Shop\nSaved on: 2026/01/22, 21:40\n") >= 80);
    CHECK(line->detect("ศ. 28/11/2568\n08:55\tสมชาย\tสวัสดี\n09:00\tสมหญิง\t[รูป]\n09:01\tสมหญิง\tok\n") >= 80);
    CHECK(line->detect("2025.05.15 วันพฤหัสบดี\n08:35 สมหญิง สวัสดีค่ะ\n08:36 สมชาย ครับผม\n08:37 สมหญิง รูป\n") >=
          80);
    CHECK(line->detect("1/22/23, 6:30 PM - User 1: hi\n1/22/23, 8:24 PM - User 2: ok\n") == 0);
    CHECK(line->detect("Sam: Hello\nDana: Hi\n") == 0);
    CHECK(line->detect("10:31 Sam: Hello\n10:32 Dana: Hi\n10:33 Sam: ok\n") == 0);
  }

  TEST_CASE("corpus samples parse into the right messages and speakers") {
    struct Sample {
      const char* file;
      size_t messages;
      size_t participants;
      const char* started;
    };
    for (const Sample& s :
         {Sample{"corpus/real/line_th_direct_space_gregorian_fictional.txt", 6, 2, "2025-05-15T08:35:00+07:00"},
          Sample{"corpus/real/line_th_group_tab_buddhist_era_fictional.txt", 5, 2, "2025-11-28T08:55:00+07:00"},
          Sample{"corpus/real/line_th_real_excerpt_dollar_sep_Tenyyy.txt", 21, 2, "2019-07-10T19:10:00+07:00"},
          Sample{"corpus/dev/th-line-fibernet-outage-en-header.txt", 18, 2, "2026-01-20T08:12:00+07:00"},
          Sample{"corpus/dev/th-line-nami-beauty-late-delivery.txt", 17, 2, "2026-03-03T19:42:00+07:00"}}) {
      CAPTURE(s.file);
      const std::string bytes = test::read_data(s.file);
      REQUIRE(!bytes.empty());
      CHECK(importers::detect(bytes) == importers::find("line"));
      auto p = parse_ln(bytes);
      REQUIRE(p.ok);
      CHECK(p.conversation.message_count() == s.messages);
      CHECK(p.conversation.participants.size() == s.participants);
      REQUIRE(p.conversation.started);
      CHECK(p.conversation.started->iso() == s.started);
    }
    auto p = parse_ln(test::read_data("corpus/real/line_th_direct_space_gregorian_fictional.txt"));
    REQUIRE(p.ok);
    CHECK(events(p.conversation) == 2);
    const auto m = messages(p.conversation);
    REQUIRE(m.size() == 6);
    CHECK(m[2]->is_media);  // "08:37 สมหญิง รูป"
    CHECK(m.back()->time.iso() == "2025-05-16T09:00:00+07:00");
  }
}
