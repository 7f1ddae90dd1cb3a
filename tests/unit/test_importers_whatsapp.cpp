// WhatsApp .txt exports: Android and iOS shapes, date order, clocks, system lines, media, roles.
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

Parsed parse_wa(const std::string& text, model::ImportContext context = {}, bool finish = true,
               const std::string& file = "chat.txt") {
  return test::parse_one_as("whatsapp", text, file, std::move(context), finish);
}

using test::messages;

// The first message, failing the test when there is none.
const model::Entry& first_message(const model::Conversation& c) {
  const auto m = messages(c);
  REQUIRE(!m.empty());
  return *m.front();
}

size_t events(const model::Conversation& c) { return c.entries.size() - c.message_count(); }

using test::role_of;

}  // namespace

TEST_SUITE("importers::whatsapp") {
  TEST_CASE("Android US 12-hour export: M/D/Y, PM clock, media placeholder, mangled 3:22_AM") {
    auto p = parse_wa(
        "1/22/23, 6:30 PM - User 1: Hi! I'm offering $50.\n"
        "1/22/23, 8:24 PM - User 2: $50 is too low.\n"
        "1/23/23, 12:05 AM - User 1: How much?\n"
        "1/23/23, 3:01 AM - User 2: <Media omitted>\n"
        "1/23/23, 3:22_AM - User 1: And let me know if anything changes");
    REQUIRE(p.ok);
    auto& c = p.conversation;
    CHECK(c.format == "whatsapp");
    CHECK(c.channel == model::Channel::social);
    const auto m = messages(c);
    REQUIRE(m.size() == 5);
    CHECK(m[0]->speaker == "User 1");
    CHECK(m[0]->time.iso() == "2023-01-22T18:30:00");
    CHECK(m[2]->time.iso() == "2023-01-23T00:05:00");
    CHECK(m[3]->is_media);
    CHECK_FALSE(m[1]->is_media);
    CHECK(m[4]->time.iso() == "2023-01-23T03:22:00");
    CHECK(m[4]->text == "And let me know if anything changes");
    CHECK_FALSE(m[0]->time.offset_minutes.has_value());
    CHECK(c.participants.size() == 2);
    REQUIRE(c.started);
    CHECK(c.started->iso() == "2023-01-22T18:30:00");
  }

  TEST_CASE("Android D/M/Y 24-hour: decided by a later day over 12; multi-line; system lines; Name:.") {
    auto p = parse_wa(
        "01/01/19, 11:25 - John Doe: Lorem ipsum dolor sit amet.\n"
        "20/01/19, 11:23 - John Doe:.\n"
        "30/01/19, 20:49 - Jahn Doe: Lorem ipsum dolor sit amet,\n"
        "consectetur adipiscing elit.\n"
        "10/06/20, 15:55 - John-John Doe: Lorem ipsum : dolor sit amet.\n"
        "20/06/20, 00:08 - +12 345 578 created group \"Groupname\"\n"
        "30/06/20, 09:10 - You were added\n"
        "10/12/21, 10:10 - John Doe \xF0\x9F\xA4\x93: Lorem ipsum\n"
        "20/12/21, 12:10 - \xF0\x9F\xA4\x93: Lorem ipsum\n");
    REQUIRE(p.ok);
    auto& c = p.conversation;
    const auto m = messages(c);
    REQUIRE(m.size() == 6);
    CHECK(events(c) == 2);
    CHECK(m[0]->time.iso() == "2019-01-01T11:25:00");
    CHECK(m[1]->text == ".");
    CHECK(m[1]->speaker == "John Doe");
    CHECK(m[2]->text == "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit.");
    CHECK(m[2]->where.first_line == 3);
    CHECK(m[2]->where.last_line == 4);
    CHECK(m[3]->time.iso() == "2020-06-10T15:55:00");  // 10 June, not 6 October
    CHECK(m[3]->text == "Lorem ipsum : dolor sit amet.");
    CHECK(m[4]->speaker == "John Doe \xF0\x9F\xA4\x93");
    CHECK(m[5]->speaker == "\xF0\x9F\xA4\x93");
    CHECK(c.participants.size() == 5);
    for (const auto& e : c.entries) {
      if (e.kind == model::EntryKind::event) {
        CHECK(e.speaker.empty());
      }
    }
  }

  TEST_CASE("Spanish a. m./p. m. clock with 4-digit years: M/D/Y from a second field over 12") {
    auto p = parse_wa(
        "01/01/2019, 11:25 a. m. - John Doe: Lorem ipsum.\n"
        "01/20/2019, 12:10 p. m. - John Doe: Mediodía\n"
        "06/20/2020, 00:08 a. m. - +12 345 578 creó el grupo \"Grupo\"\n"
        "06/30/2020, 12:30 a. m. - Jahn Doe: medianoche\n"
        "12/30/2021, 10:01 p. m. - Jahn Doe: Lorem\n");
    REQUIRE(p.ok);
    const auto m = messages(p.conversation);
    REQUIRE(m.size() == 4);
    CHECK(m[0]->time.iso() == "2019-01-01T11:25:00");
    CHECK(m[1]->time.iso() == "2019-01-20T12:10:00");
    CHECK(m[2]->time.iso() == "2020-06-30T00:30:00");
    CHECK(m[3]->time.iso() == "2021-12-30T22:01:00");
    CHECK(events(p.conversation) == 1);
  }

  TEST_CASE("ambiguous dates: 12-hour English is M/D, 24-hour is D/M, --date-order and Spanish text decide") {
    const std::string twelve = "3/4/24, 9:15 AM - Ann: hi\n3/4/24, 9:16 AM - Bo: hello\n";
    const std::string twenty_four = "3/4/24, 09:15 - Ann: hi\n3/4/24, 09:16 - Bo: hello\n";
    {
      auto p = parse_wa(twelve);
      REQUIRE(p.ok);
      CHECK(first_message(p.conversation).time.iso() == "2024-03-04T09:15:00");
    }
    {
      auto p = parse_wa(twenty_four);
      REQUIRE(p.ok);
      CHECK(first_message(p.conversation).time.iso() == "2024-04-03T09:15:00");
    }
    {
      model::ImportContext context;
      context.date_order = model::ImportContext::DateOrder::mdy;
      auto p = parse_wa(twenty_four, context);
      REQUIRE(p.ok);
      CHECK(first_message(p.conversation).time.iso() == "2024-03-04T09:15:00");
    }
    {
      // A day over 12 anywhere wins over --date-order.
      model::ImportContext context;
      context.date_order = model::ImportContext::DateOrder::mdy;
      auto p = parse_wa(twenty_four + "13/4/24, 10:00 - Ann: later\n", context);
      REQUIRE(p.ok);
      CHECK(first_message(p.conversation).time.iso() == "2024-04-03T09:15:00");
    }
    {
      auto p = parse_wa("3/4/24, 9:15 p. m. - Los mensajes y las llamadas están cifrados de extremo a extremo.\n"
                        "3/4/24, 9:16 p. m. - Ana: hola\n");
      REQUIRE(p.ok);
      CHECK(first_message(p.conversation).time.iso() == "2024-04-03T21:16:00");
    }
  }

  TEST_CASE("iOS bracket export: seconds, U+202F before AM, U+200E marks, business notice under its name") {
    auto p = parse_wa(
        "[2/17/26, 9:13:48\xE2\x80\xAF" "AM] Brightside Furniture: \xE2\x80\x8EMessages and calls are end-to-end "
        "encrypted. Only people in this chat can read, listen to, or share them.\n"
        "[2/17/26, 9:13:48\xE2\x80\xAF" "AM] Brightside Furniture: \xE2\x80\x8EThis business uses a secure service "
        "from Meta to manage this chat. Tap to learn more.\n"
        "[2/17/26, 9:14:03\xE2\x80\xAF" "AM] Megan Cho: Hi, my sofa never came\n"
        "[2/17/26, 9:20:41\xE2\x80\xAF" "AM] Brightside Furniture: Sorry! Let me check.\n"
        "Second line\n"
        "[2/20/26, 11:55:40\xE2\x80\xAF" "AM] Megan Cho: \xE2\x80\x8Eimage omitted\n"
        "[2/20/26, 12:05:40\xE2\x80\xAF" "PM] Megan Cho: \xE2\x80\x8Esticker omitted\n");
    REQUIRE(p.ok);
    auto& c = p.conversation;
    const auto m = messages(c);
    REQUIRE(m.size() == 4);
    CHECK(events(c) == 2);
    CHECK(m[0]->time.iso() == "2026-02-17T09:14:03");
    CHECK(m[0]->time.time->has_seconds);
    CHECK_FALSE(m[0]->is_media);
    CHECK(m[1]->text == "Sorry! Let me check.\nSecond line");
    CHECK(m[1]->where.last_line == 5);
    CHECK(m[2]->is_media);
    CHECK(m[2]->text == "image omitted");
    CHECK(m[3]->is_media);
    CHECK(m[3]->time.iso() == "2026-02-20T12:05:40");
    REQUIRE(c.started);
    CHECK(c.started->iso() == "2026-02-17T09:14:03");  // the first message, not the notices
    CHECK(role_of(c, "Brightside Furniture") == model::Role::agent);
    CHECK(role_of(c, "Megan Cho") == model::Role::customer);
    CHECK(c.participants.size() == 2);
  }

  TEST_CASE("iOS Spanish business app: 'X es un contacto', encryption under a name, calls, <adjunto: …>") {
    auto p = parse_wa(
        "\xEF\xBB\xBF[15/07/26, 23:03:35] Jheferson Cliente: Los mensajes y las llamadas están cifrados de "
        "extremo a extremo.\r\n"
        "[15/07/26, 23:03:35] Jheferson Cliente: Jheferson Cliente es un contacto.\r\n"
        "[15/07/26, 21:57:11] Jheferson Cliente: Quiero importar desde china\r\n"
        "[16/07/26, 12:59:45] Wings Trade: Llamada, Sin respuesta\r\n"
        "[16/07/26, 13:00:46] Wings Trade: \xE2\x80\x8E<adjunto: 00000024-AUDIO.opus>\r\n"
        "[16/07/26, 14:07:41] Jheferson Cliente: Lo quiero para BOLIVIA\r\n");
    REQUIRE(p.ok);
    auto& c = p.conversation;
    const auto m = messages(c);
    REQUIRE(m.size() == 3);
    CHECK(events(c) == 3);
    CHECK(m[1]->is_media);
    CHECK(m[1]->speaker == "Wings Trade");
    CHECK(m[2]->time.iso() == "2026-07-16T14:07:41");
    CHECK(m[2]->where.first_line == 6);
    CHECK(role_of(c, "Jheferson Cliente") == model::Role::customer);
    CHECK(role_of(c, "Wings Trade") == model::Role::agent);
    REQUIRE(c.started);
    CHECK(c.started->iso() == "2026-07-15T21:57:11");
  }

  TEST_CASE("Android business notice without a name: the participant naming itself is the agent") {
    auto p = parse_wa(
        "12/5/26, 11:02 - Este chat es con una cuenta de empresa. Toca para obtener más información.\n"
        "12/5/26, 11:02 - Gabriela Torres: Buenos días, mi lavadora no centrifuga\n"
        "12/5/26, 11:02 - Almacenes Del Valle Servicio: ¡Hola! Gracias por escribir a Almacenes Del Valle.\n"
        "14/5/26, 16:13 - Gabriela Torres: <Multimedia omitido>\n");
    REQUIRE(p.ok);
    auto& c = p.conversation;
    CHECK(c.message_count() == 3);
    CHECK(messages(c)[2]->time.iso() == "2026-05-14T16:13:00");
    CHECK(messages(c)[2]->is_media);
    CHECK(role_of(c, "Almacenes Del Valle Servicio") == model::Role::agent);
    CHECK(role_of(c, "Gabriela Torres") == model::Role::customer);
  }

  TEST_CASE("Android business app: 'X is a contact.' without a name makes X the customer") {
    auto p = parse_wa(
        "3/9/25, 10:00 - Ana Lima is a contact.\n"
        "3/9/25, 10:01 - Ana Lima: my order is late\n"
        "3/9/25, 10:05 - Shop Desk: checking now\n");
    REQUIRE(p.ok);
    auto& c = p.conversation;
    CHECK(c.message_count() == 2);
    CHECK(role_of(c, "Ana Lima") == model::Role::customer);
    CHECK(role_of(c, "Shop Desk") == model::Role::agent);
  }

  TEST_CASE("Thai phone: Buddhist-era years, four- and two-digit") {
    auto p = parse_wa(
        "30/1/2562 20:49 - สมชาย: สวัสดีครับ\n"
        "31/1/62 08:00 - สมหญิง: ค่ะ\n");
    REQUIRE(p.ok);
    const auto m = messages(p.conversation);
    REQUIRE(m.size() == 2);
    CHECK(m[0]->time.iso() == "2019-01-30T20:49:00");
    CHECK(m[1]->time.iso() == "2019-01-31T08:00:00");
    CHECK_FALSE(m[0]->time.offset_minutes.has_value());  // WhatsApp writes no zone
  }

  TEST_CASE("the export's file name gives the title") {
    const std::string chat = "1/22/23, 6:30 PM - User 1: hi\n";
    CHECK(parse_wa(chat, {}, true, "WhatsApp Chat with Acme Store.txt").conversation.title == "Acme Store");
    CHECK(parse_wa(chat, {}, true, "/tmp/x/Chat de WhatsApp con Tienda Sol.txt").conversation.title == "Tienda Sol");
    CHECK(parse_wa(chat).conversation.title.empty());
  }

  TEST_CASE("a person quoting a notice in a long message is still talking") {
    auto p = parse_wa(
        "1/22/23, 6:30 PM - Ann: I read somewhere that this chat is with a business account, and that this means "
        "the messages might be handled by a service provider on behalf of the company, is that right? I would "
        "like to know before I send my card details, thanks a lot for checking this for me\n"
        "1/22/23, 6:31 PM - Bo: yes\n",
        {}, false);
    REQUIRE(p.ok);
    CHECK(p.conversation.message_count() == 2);
    for (const auto& participant : p.conversation.participants) {
      CHECK(participant.role == model::Role::unknown);
    }
  }

  TEST_CASE("no business notice: roles are left to the generic step") {
    auto p = parse_wa("1/22/23, 6:30 PM - User 1: hi\n1/22/23, 6:31 PM - User 2: hello\n", {}, false);
    REQUIRE(p.ok);
    for (const auto& participant : p.conversation.participants) {
      CHECK(participant.role == model::Role::unknown);
    }
    CHECK(p.conversation.company.empty());
  }

  TEST_CASE("deleted messages and calls under a name are events; a message about a call is not") {
    auto p = parse_wa(
        "[1/5/24, 10:00:00] Ann: This message was deleted\n"
        "[1/5/24, 10:00:01] Ann: Missed voice call\n"
        "[1/5/24, 10:00:02] Bo: Voice call, 12 min\n"
        "[1/5/24, 10:00:03] Bo: Video call tomorrow?\n"
        "[1/5/24, 10:00:04] Ann: Bo unsent a message\n");
    REQUIRE(p.ok);
    const auto m = messages(p.conversation);
    REQUIRE(m.size() == 1);
    CHECK(m[0]->text == "Video call tomorrow?");
    CHECK(events(p.conversation) == 4);
  }

  TEST_CASE("a date that is no calendar date continues the previous message, with a warning") {
    auto p = parse_wa("30/01/19, 20:49 - Ann: one\n31/02/19, 20:50 - Bo: two\n01/02/19, 08:00 - Bo: three\n");
    REQUIRE(p.ok);
    const auto m = messages(p.conversation);
    REQUIRE(m.size() == 2);
    CHECK(m[0]->text == "one\n31/02/19, 20:50 - Bo: two");
    REQUIRE(p.warnings.size() == 1);
    CHECK(p.warnings[0].rfind("chat.txt:2:", 0) == 0);
  }

  TEST_CASE("errors name the file and line; never a crash") {
    auto not_wa = parse_wa("Sam: hello\nDana: hi\n");
    CHECK_FALSE(not_wa.ok);
    CHECK(not_wa.error.rfind("chat.txt:1:", 0) == 0);
    auto empty = parse_wa("");
    CHECK_FALSE(empty.ok);
    CHECK(empty.error.rfind("chat.txt:", 0) == 0);
    auto binary = parse_wa(std::string("1/22/23, 6:30 PM - A: x\n\0\0\0", 27));
    CHECK_FALSE(binary.ok);
    CHECK(binary.error.find("chat.txt:2:") == 0);
  }

  TEST_CASE("a 10 MB single line is handled quickly") {
    std::string big = "1/22/23, 6:30 PM - Ann: ";
    big.append(10 * 1024 * 1024, 'x');
    big += "\n1/22/23, 6:31 PM - Bo: ok\n";
    const auto start = std::chrono::steady_clock::now();
    CHECK(importers::find("whatsapp")->detect(big) >= 80);
    auto p = parse_wa(big);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    REQUIRE(p.ok);
    CHECK(p.conversation.message_count() == 2);
    CHECK(seconds < 5.0);

    std::string one_line(10 * 1024 * 1024, 'y');
    CHECK(importers::find("whatsapp")->detect(one_line) == 0);
    CHECK_FALSE(parse_wa(one_line).ok);
  }

  TEST_CASE("detect: high for WhatsApp lines, zero for generic chat and LINE files") {
    const auto* wa = importers::find("whatsapp");
    REQUIRE(wa != nullptr);
    CHECK(wa->detect("1/22/23, 6:30 PM - User 1: hi\n1/22/23, 8:24 PM - User 2: ok\n1/23/23, 2:59 AM - User 1: x\n") >=
          80);
    CHECK(wa->detect("\xEF\xBB\xBF\xE2\x80\x8E[01/30/19 20:49] A: \xE2\x80\x8EMessages and calls are end-to-end "
                     "encrypted.\r\n[01/30/19 20:50] B: y\r\n[01/30/19 20:51] A: z\r\n") >= 80);
    CHECK(wa->detect("[1/30/19, 20:49:01] A: x\n[1/30/19, 20:50:13] B: y\n") >= 80);
    // Without a comma, seconds or any WhatsApp notice, the bracket shape is only a weak sign.
    CHECK(wa->detect("[01/30/19 20:49] A: x\n[01/30/19 20:50] B: y\n[01/30/19 20:51] A: z\n") < 30);
    CHECK(wa->detect("Sam: Hello, how can I help?\nDana: My order is late\nSam: Sorry!\n") == 0);
    CHECK(wa->detect("[10:31] Sam: Hello\n[10:32] Dana: Hi\n") == 0);
    CHECK(wa->detect("[LINE] Chat history with Shop\nSaved on: 2026/01/22, 21:40\n\n2026/01/20(Tue)\n08:12\tPim\thi\n") ==
          0);
    CHECK(wa->detect("") == 0);
  }

  TEST_CASE("a pasted '[DD/MM/YYYY HH:MM] Name: text' chat is not claimed strongly; Sistema lines are events") {
    const std::string pasted =
        "[04/03/2026 14:02] Sistema: Bienvenido/a al chat.\n"
        "[04/03/2026 14:05] Agente Laura: Hola Martín, ¿en qué te puedo ayudar?\n"
        "[04/03/2026 14:06] Martín Sosa: Estoy sin internet\n"
        "[04/03/2026 14:23] Sistema: La conversación ha finalizado.\n";
    CHECK(importers::find("whatsapp")->detect(pasted) < 30);
    // The same shape with WhatsApp's own notice is WhatsApp.
    CHECK(importers::find("whatsapp")->detect("[04/03/2026 14:01] Ana created group \"x\"\n" + pasted) >= 80);
    auto p = parse_wa(pasted);
    REQUIRE(p.ok);
    CHECK(p.conversation.message_count() == 2);
    CHECK(events(p.conversation) == 2);
    CHECK(p.conversation.participants.size() == 2);
    CHECK(first_message(p.conversation).time.iso() == "2026-03-04T14:05:00");
    REQUIRE(p.conversation.started);
    CHECK(p.conversation.started->iso() == "2026-03-04T14:02:00");  // the chat window opened then
  }

  TEST_CASE("corpus samples parse into the right messages and speakers") {
    struct Sample {
      const char* file;
      size_t messages;
      size_t participants;
      const char* started;
    };
    for (const Sample& s : {Sample{"corpus/real/whatsapp_android_ddmmyy_24h_chatminer.txt", 7, 5, "2019-01-01T11:25:00"},
                            Sample{"corpus/real/whatsapp_android_us_12h_langchain.txt", 12, 2, "2023-01-22T18:30:00"},
                            Sample{"corpus/real/whatsapp_es_ampm_mmddyyyy_chatminer.txt", 7, 5, "2019-01-01T11:25:00"},
                            Sample{"corpus/real/whatsapp_ios_bracket_mmddyy_24h_chatminer.txt", 7, 5,
                                   "2019-01-01T11:25:00"},
                            Sample{"corpus/real/whatsapp_ios_es_business_chat_crlf.txt", 4, 2, "2026-07-15T21:57:11"},
                            Sample{"corpus/dev/en-whatsapp-ios-brightside-delivery.txt", 22, 2, "2026-02-17T09:14:03"},
                            Sample{"corpus/dev/es-whatsapp-android-mx-lavadora.txt", 17, 2, "2026-05-12T11:02:00"}}) {
      CAPTURE(s.file);
      const std::string bytes = test::read_data(s.file);
      REQUIRE(!bytes.empty());
      auto p = parse_wa(bytes);
      REQUIRE(p.ok);
      CHECK(p.conversation.message_count() == s.messages);
      CHECK(p.conversation.participants.size() == s.participants);
      REQUIRE(p.conversation.started);
      CHECK(p.conversation.started->iso() == s.started);
    }
    // The last message of the chat-miner samples: 30 December 2021, two lines.
    auto p = parse_wa(test::read_data("corpus/real/whatsapp_ios_bracket_mmddyy_24h_chatminer.txt"));
    REQUIRE(p.ok);
    const auto m = messages(p.conversation);
    REQUIRE(m.size() == 7);
    CHECK(m.back()->time.iso() == "2021-12-30T22:01:00");
    CHECK(m.back()->where.last_line == 11);
  }
}
