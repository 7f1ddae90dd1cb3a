// The email importer: .eml and mbox through GMime, charsets through ICU, transcript emails as chats.
#include <doctest/doctest.h>

#include <string>

#include "importer_test_helpers.hpp"
#include "importers/formats.hpp"
#include "inwriting/importers/importer.hpp"
#include "inwriting/model/conversation.hpp"

using namespace inwriting;

namespace {

using Parsed = test::ParsedImport;

Parsed parse_eml(const std::string& bytes, const std::string& name = "mail.eml") {
  return test::parse_file_as("eml", bytes, name);
}

Parsed parse_mbox(const std::string& bytes, const std::string& name = "inbox.mbox") {
  return test::parse_file_as("mbox", bytes, name);
}

bool any_warning(const Parsed& p, const std::string& needle) {
  for (const auto& w : p.warnings) {
    if (w.find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string only_text(const Parsed& p) {
  REQUIRE(p.ok);
  REQUIRE(p.conversations.size() == 1);
  const auto msgs = test::messages(p.conversations.front());
  REQUIRE(msgs.size() == 1);
  return msgs.front()->text;
}

std::string headers(const std::string& extra) {
  return "From: Ana Ruiz <ana@example.org>\r\n"
         "To: help@shop.example\r\n"
         "Subject: My order\r\n"
         "Date: Tue, 03 Mar 2026 10:31:52 -0500\r\n"
         "Message-ID: <abc123@example.org>\r\n"
         "MIME-Version: 1.0\r\n" +
         extra;
}

}  // namespace

TEST_SUITE("importers::email") {
  TEST_CASE("detect: a header block is an eml, a 'From ' line before one an mbox") {
    const std::string eml = headers("Content-Type: text/plain\r\n\r\nhello\r\n");
    CHECK(importers::detect_eml(eml) >= 80);
    CHECK(importers::detect_mbox(eml) == 0);
    const std::string mbox = "From ana@example.org Tue Mar  3 10:31:52 2026\n" + eml;
    CHECK(importers::detect_mbox(mbox) >= 90);
    CHECK(std::string(importers::detect(mbox)->name) == "mbox");
    CHECK(std::string(importers::detect(eml)->name) == "eml");
    // A chat transcript with a "Date:" line is not an email.
    CHECK(importers::detect_eml("Chat transcript\nDate: Nov 28, 2025\n\n[1:12 PM] Alex: hi\n") == 0);
    CHECK(importers::detect_mbox("From here on we talk\nabout it\n") == 0);
    // A Maildir file: delivery headers first, no 'From ' line.
    const std::string maildir = "Return-Path: <a@b.example>\nDelivered-To: me@example.net\n"
                                "Received: from mx by mx1; Tue, 03 Mar 2026 10:31:52 -0500\n" + eml;
    CHECK(std::string(importers::detect(maildir)->name) == "eml");
  }

  TEST_CASE("an ordinary email is one email message: speaker, time with offset, title, message id") {
    auto p = parse_eml(headers("Content-Type: text/plain; charset=utf-8\r\n\r\nWhere is my order ORD-55120?\r\n"));
    REQUIRE(p.ok);
    REQUIRE(p.conversations.size() == 1);
    const auto& c = p.conversations.front();
    CHECK(c.channel == model::Channel::email);
    CHECK(c.format == "email");
    CHECK(c.title == "My order");
    REQUIRE(c.external_ids.size() == 1);
    CHECK(c.external_ids.front().first == "message_id");
    CHECK(c.external_ids.front().second == "abc123@example.org");
    const auto msgs = test::messages(c);
    REQUIRE(msgs.size() == 1);
    CHECK(msgs.front()->speaker == "Ana Ruiz");
    CHECK(msgs.front()->text == "Where is my order ORD-55120?");
    CHECK(msgs.front()->time.iso() == "2026-03-03T10:31:52-05:00");
  }

  TEST_CASE("quoted-printable body is decoded") {
    const std::string t = only_text(parse_eml(headers("Content-Type: text/plain; charset=UTF-8\r\n"
                                                "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                                                "Caf=C3=A9 au lait, a long line that is soft=\r\n broken.\r\n")));
    CHECK(t == "Café au lait, a long line that is soft broken.");
  }

  TEST_CASE("base64 body is decoded") {
    // "Reembolso aprobado ✓"
    const std::string t = only_text(parse_eml(headers("Content-Type: text/plain; charset=utf-8\r\n"
                                                "Content-Transfer-Encoding: base64\r\n\r\n"
                                                "UmVlbWJvbHNvIGFwcm9iYWRvIOKckw==\r\n")));
    CHECK(t == "Reembolso aprobado ✓");
  }

  TEST_CASE("RFC 2047 encoded words in Subject and From display name") {
    const std::string bytes = "From: =?UTF-8?B?THVjw61hIFJ1aXo=?= <lucia@example.es>\r\n"
                              "Subject: =?ISO-8859-1?Q?Reclamaci=F3n_del_vuelo?= =?UTF-8?B?IOKckw==?=\r\n"
                              "Date: Thu, 16 Apr 2026 10:21:44 +0200\r\n"
                              "Message-ID: <x@example.es>\r\n\r\nHola\r\n";
    auto p = parse_eml(bytes);
    REQUIRE(p.ok);
    const auto& c = p.conversations.front();
    CHECK(c.title == "Reclamación del vuelo ✓");
    CHECK(test::messages(c).front()->speaker == "Lucía Ruiz");
  }

  TEST_CASE("RFC 2231 attachment filename is decoded; the attachment is kept as evidence, not read as a body") {
    const std::string bytes = headers(
        "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
        "--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nReceipt attached.\r\n"
        "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Disposition: attachment; filename*=UTF-8''recibo%20d%C3%A9bito.txt\r\n\r\n"
        "secret attachment text\r\n--b1--\r\n");
    auto p = parse_eml(bytes);
    CHECK(only_text(p) == "Receipt attached.");
    REQUIRE(p.conversations.size() == 1);
    REQUIRE(p.conversations[0].attachments.size() == 1);
    const auto& a = p.conversations[0].attachments[0];
    CHECK(a.file_name == "recibo débito.txt");
    CHECK(a.evidence);
    CHECK(a.bytes == "secret attachment text");
  }

  TEST_CASE("windows-874 and TIS-620 (read as windows-874) become UTF-8") {
    // "สวัสดี – ค่ะ" in windows-874: 0x96 is the en dash TIS-620 itself lacks.
    const std::string body = "\xCA\xC7\xD1\xCA\xB4\xD5 \x96 \xA4\xE8\xD0\r\n";
    for (const char* charset : {"windows-874", "TIS-620"}) {
      CAPTURE(charset);
      const std::string t = only_text(parse_eml(headers(std::string("Content-Type: text/plain; charset=") + charset +
                                                  "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body)));
      CHECK(t == "สวัสดี – ค่ะ");
    }
  }

  TEST_CASE("ISO-8859-1 is read as windows-1252") {
    // 0x80 is the euro sign in windows-1252 (a control character in ISO-8859-1).
    const std::string t = only_text(parse_eml(headers("Content-Type: text/plain; charset=\"iso-8859-1\"\r\n"
                                                "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                                                "Le devolvemos 25 =80, se=F1ora.\r\n")));
    CHECK(t == "Le devolvemos 25 €, señora.");
  }

  TEST_CASE("missing or bogus charset: detected, with a warning; invalid bytes become U+FFFD") {
    auto missing = parse_eml(headers("Content-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                                     "La cr\xE8me br\xFBl\xE9" "e est d\xE9licieuse et tr\xE8s ch\xE8re, "
                                     "mais le caf\xE9 \xE9tait froid et la cr\xEApe aussi.\r\n"));
    CHECK(only_text(missing).find("crème brûlée") != std::string::npos);
    CHECK(any_warning(missing, "no charset given"));
    auto bogus = parse_eml(headers("Content-Type: text/plain; charset=x-no-such-charset\r\n\r\nplain words\r\n"));
    CHECK(only_text(bogus) == "plain words");
    CHECK(any_warning(bogus, "unknown charset 'x-no-such-charset'"));
    auto invalid = parse_eml(headers("Content-Type: text/plain; charset=utf-8\r\n\r\nbad \xFF byte\r\n"));
    CHECK(only_text(invalid) == "bad \xEF\xBF\xBD byte");
  }

  TEST_CASE("nested multipart: the text/plain inside mixed > related > alternative") {
    const std::string bytes = headers(
        "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
        "--outer\r\nContent-Type: multipart/related; boundary=\"mid\"\r\n\r\n"
        "--mid\r\nContent-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n"
        "--inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe plain words.\r\n"
        "--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>The <b>HTML</b> words.</p>\r\n"
        "--inner--\r\n"
        "--mid\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--mid--\r\n"
        "--outer--\r\n");
    CHECK(only_text(parse_eml(bytes)) == "The plain words.");
  }

  TEST_CASE("an HTML-only email: its visible text") {
    const std::string bytes = headers("Content-Type: text/html; charset=utf-8\r\n\r\n"
                                      "<html><head><style>p{}</style></head><body><p>Your refund</p>"
                                      "<p>is on its way.</p></body></html>\r\n");
    CHECK(only_text(parse_eml(bytes)) == "Your refund\nis on its way.");
  }

  TEST_CASE("a transcript email becomes the chat it carries, company from the sender") {
    const std::string bytes =
        "From: Skylark Airways Customer Care <care@skylark.example>\r\n"
        "To: jordan@example.net\r\nSubject: Your chat transcript\r\n"
        "Date: Tue, 27 Jan 2026 18:31:02 -0800\r\nMessage-ID: <t1@skylark.example>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Hi Jordan, here is your chat. Booking reference ZK4Q7P.\r\n\r\n"
        "[6:02:16 PM] Jordan Ellis: my flight got cancelled\r\n"
        "[6:03:01 PM] Priya R.: I'm sorry, let me check that for you.\r\n"
        "[6:04:40 PM] Priya R.: I've processed a refund to your card.\r\n"
        "[6:05:00 PM] Jordan Ellis: thanks\r\n";
    auto p = parse_eml(bytes);
    REQUIRE(p.ok);
    REQUIRE(p.conversations.size() == 1);
    const auto& c = p.conversations.front();
    CHECK(c.channel == model::Channel::chat);
    CHECK(c.format == "email-transcript");
    CHECK(c.company == "Skylark Airways");
    CHECK(c.title == "Your chat transcript");
    const auto msgs = test::messages(c);
    REQUIRE(msgs.size() == 4);
    CHECK(msgs[0]->speaker == "Jordan Ellis");
    CHECK(msgs[1]->text == "I'm sorry, let me check that for you.");
    // The words around the chat are kept as an event: found as a reference, not counted as a message.
    bool ref = false;
    for (const auto& r : model::extract_references(c)) {
      ref = ref || r.value == "ZK4Q7P";
    }
    CHECK(ref);
  }

  TEST_CASE("an HTML-only transcript email is read by the HTML chat importer") {
    const std::string bytes =
        "From: Hearthline Support <support@hearthline.example>\nSubject: Your chat\n"
        "Date: Mon, 09 Mar 2026 14:23:05 -0500\nMessage-ID: <h1@hearthline.example>\n"
        "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" +
        std::string("PGh0bWw+PGJvZHk+PHA+WzI6MTU6MDcgUE1dIFJvc2EgRGVsZ2FkbzogbXkgZHJ5ZXIgaXMgYnJva2VuPGJyPlsy"
                    "OjE2OjAwIFBNXSBNYXJjdXM6IEkgY2FuIHNlbmQgYSB0ZWNobmljaWFuPGJyPlsyOjE3OjEwIFBNXSBSb3NhIERl"
                    "bGdhZG86IHRoYW5rIHlvdTwvcD48L2JvZHk+PC9odG1sPg==\n");
    auto p = parse_eml(bytes);
    REQUIRE(p.ok);
    REQUIRE(p.conversations.size() == 1);
    const auto& c = p.conversations.front();
    CHECK(c.format == "email-transcript");
    CHECK(c.channel == model::Channel::chat);
    CHECK(c.company == "Hearthline");
    const auto msgs = test::messages(c);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[1]->speaker == "Marcus");
    CHECK(msgs[1]->text == "I can send a technician");
  }

  TEST_CASE("plain and HTML bodies with the same chat: the plain one, its lines the source's") {
    const std::string chat_lines = "[2:15:07 PM] Rosa Delgado: my dryer is broken\n"
                                   "[2:16:00 PM] Marcus: I can send a technician\n"
                                   "[2:17:10 PM] Rosa Delgado: thank you\n";
    const std::string bytes =
        "From: Hearthline Support <support@hearthline.example>\nSubject: Your chat\n"   // 1-2
        "Date: Mon, 09 Mar 2026 14:23:05 -0500\nMessage-ID: <h2@hearthline.example>\n"  // 3-4
        "Content-Type: multipart/alternative; boundary=\"alt\"\n\n"                    // 5-6
        "--alt\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"  // 7-10
        + chat_lines +                                                                   // 11-13
        "--alt\nContent-Type: text/html; charset=utf-8\n\n<p>[2:15:07 PM] Rosa Delgado: my dryer is broken<br>"
        "[2:16:00 PM] Marcus: I can send a technician<br>[2:17:10 PM] Rosa Delgado: thank you</p>\n--alt--\n";
    auto p = parse_eml(bytes);
    REQUIRE(p.ok);
    REQUIRE(p.conversations.size() == 1);
    const auto msgs = test::messages(p.conversations.front());
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[0]->where.first_line == 11);
    CHECK(msgs[2]->where.first_line == 13);
  }

  TEST_CASE("a plain body that holds less of the chat than the HTML one: the HTML one") {
    // The plain part was cut short by the sender; the HTML part has every line, behind markup,
    // styles and a comment that hold no text.
    const std::string bytes =
        "From: Hearthline Support <support@hearthline.example>\nSubject: Your chat\n"
        "Date: Mon, 09 Mar 2026 14:23:05 -0500\nMessage-ID: <h3@hearthline.example>\n"
        "Content-Type: multipart/alternative; boundary=\"alt\"\n\n"
        "--alt\nContent-Type: text/plain; charset=utf-8\n\n"
        "[2:15:07 PM] Rosa Delgado: my dryer is broken\n[2:16:00 PM] Marcus: I can send a technician\n"
        "--alt\nContent-Type: text/html; charset=utf-8\n\n"
        "<html><head><style>p { color: #333; margin: 0 }</style></head><body><!-- chat -->"
        "<p>[2:15:07 PM] Rosa Delgado: my dryer is broken</p><p>[2:16:00 PM] Marcus: I can send a technician</p>"
        "<p>[2:16:30 PM] Marcus: I&#39;ve booked a visit for Thursday &amp; waived the fee</p>"
        "<p>[2:17:10 PM] Rosa Delgado: thank you</p></body></html>\n--alt--\n";
    auto p = parse_eml(bytes);
    REQUIRE(p.ok);
    REQUIRE(p.conversations.size() == 1);
    const auto msgs = test::messages(p.conversations.front());
    REQUIRE(msgs.size() == 4);
    CHECK(msgs[2]->text == "I've booked a visit for Thursday & waived the fee");
  }

  TEST_CASE("a transcript whose clock has no zone takes the zone of the email's Date") {
    const std::string bytes =
        "From: Voltra Electronics Support <noreply@voltra.example>\n"
        "Subject: Transcript of your chat\nDate: Fri, 28 Nov 2025 13:41:55 -0800\n"
        "Message-ID: <v1@voltra.example>\nContent-Type: text/plain; charset=us-ascii\n\n"
        "Chat transcript\nDate: Nov 28, 2025\n\n"
        "[1:12:03 PM] Alex Moreno: hi, my TV is cheaper today\n"
        "[1:12:40 PM] Kim (Voltra): Let me pull up your order.\n"
        "[1:15:20 PM] Kim (Voltra): I've submitted a price adjustment.\n";
    auto p = parse_eml(bytes);
    REQUIRE(p.ok);
    REQUIRE(p.conversations.size() == 1);
    const auto& c = p.conversations.front();
    CHECK(c.company == "Voltra Electronics");
    const auto msgs = test::messages(c);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[0]->time.iso() == "2025-11-28T13:12:03-08:00");
    // Lines of an unencoded single-part body are the source's lines.
    CHECK(msgs[0]->where.first_line == 10);
    // --tz given: the importer leaves the zone to it.
    model::ImportContext with_tz;
    with_tz.tz = "Europe/Madrid";
    auto own = test::parse_as("eml", bytes, "mail.eml", with_tz, false);
    REQUIRE(own.ok);
    CHECK(!test::messages(own.conversations.front())[0]->time.offset_minutes);
  }

  TEST_CASE("company from the sender: suffixes dropped, 'X from Company', else the domain") {
    auto company_of = [](const std::string& from) {
      auto p = parse_eml("From: " + from + "\nSubject: s\nDate: Tue, 03 Mar 2026 10:31:52 -0500\n\nhello\n");
      REQUIRE(p.ok);
      return p.conversations.front().company;
    };
    CHECK(company_of("Skylark Airways Customer Care <care@skylark.example>") == "Skylark Airways");
    CHECK(company_of("\"Maya from IronLeaf Fitness\" <hello@ironleaf.example>") == "IronLeaf Fitness");
    CHECK(company_of("\"Meridia Airlines - Atencion al Cliente\" <a@meridia-air.example>") == "Meridia Airlines");
    CHECK(company_of("<noreply@em.tunely.example>") == "Tunely");
    CHECK(company_of("=?UTF-8?Q?Atenci=C3=B3n_al_Cliente_Luz_Clara?= <clientes@luzclara.example>") == "Luz Clara");
    // A person's email (perhaps the user's own) names no company.
    CHECK(company_of("María de la Cruz <maria@example.es>").empty());
  }

  TEST_CASE("mbox: two messages split by GMime, '>From ' unescaped in bodies") {
    const std::string bytes =
        "From ana@example.org Tue Mar  3 10:31:52 2026\n"
        "From: Ana Ruiz <ana@example.org>\nSubject: First\nDate: Tue, 03 Mar 2026 10:31:52 -0500\n"
        "Message-ID: <m1@example.org>\n\n"
        "Hello.\n>From what I read, the fee is waived.\n>>From here it is quoted.\n\n"
        "From - Wed Mar 04 09:00:00 2026\n"
        "From: Shop Support <help@shop.example>\nSubject: Re: First\nDate: Wed, 04 Mar 2026 09:00:00 -0500\n"
        "Message-ID: <m2@shop.example>\n\nIt is.\n";
    auto p = parse_mbox(bytes);
    REQUIRE(p.ok);
    REQUIRE(p.conversations.size() == 2);
    const auto first = test::messages(p.conversations[0]);
    REQUIRE(first.size() == 1);
    CHECK(first.front()->text == "Hello.\nFrom what I read, the fee is waived.\n>From here it is quoted.");
    CHECK(first.front()->where.first_line == 7);  // the body's first line
    const auto second = test::messages(p.conversations[1]);
    REQUIRE(second.size() == 1);
    CHECK(second.front()->speaker == "Shop Support");
    CHECK(second.front()->text == "It is.");
    CHECK(second.front()->where.first_line == 17);
    CHECK(p.conversations[1].title == "Re: First");
  }

  TEST_CASE("multiparts nested 100 deep are read to the innermost part; past GMime's 1024 levels skipped with a warning") {
    auto nested = [](int depth) {
      std::string bytes = headers("Content-Type: multipart/mixed; boundary=b0\r\n\r\n");
      for (int i = 1; i < depth; ++i) {
        bytes += "--b" + std::to_string(i - 1) + "\r\nContent-Type: multipart/mixed; boundary=b" + std::to_string(i) +
                 "\r\n\r\n";
      }
      return bytes + "--b" + std::to_string(depth - 1) + "\r\nContent-Type: text/plain\r\n\r\ninnermost words\r\n";
    };
    auto p = parse_eml(nested(100));
    CHECK(only_text(p) == "innermost words");
    CHECK(p.warnings.empty());
    auto deeper = parse_eml(nested(3000));
    REQUIRE(deeper.ok);
    CHECK(any_warning(deeper, "mail.eml:1: MIME parts nested more than 1024 deep; the inner ones are skipped"));
    CHECK(only_text(deeper).empty());  // never the raw MIME of the skipped levels
  }

  TEST_CASE("a multipart whose boundary is missing or wrong: its parts read under the boundary the body uses, with a warning") {
    auto missing = parse_eml(headers("Content-Type: multipart/mixed\r\n\r\n"
                                     "--found\r\nContent-Type: text/plain\r\n\r\nthe words\r\n"
                                     "--found\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=a.pdf\r\n"
                                     "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--found--\r\n"));
    CHECK(only_text(missing) == "the words");
    CHECK(any_warning(missing, "mail.eml:1: a multipart without a boundary parameter; its parts read under the boundary its body uses, 'found'"));
    REQUIRE(missing.conversations.front().attachments.size() == 1);
    CHECK(missing.conversations.front().attachments.front().file_name == "a.pdf");
    CHECK(missing.conversations.front().attachments.front().bytes == "%PDF-1.4\n");
    auto wrong = parse_eml(headers("Content-Type: multipart/mixed; boundary=declared\r\n\r\n"
                                   "--other\r\nContent-Type: text/plain\r\n\r\nother words\r\n--other--\r\n"));
    CHECK(only_text(wrong) == "other words");
    CHECK(any_warning(wrong, "a multipart whose boundary 'declared' never appears"));
    // No boundary-like line at all: the body is read as plain text, not dropped.
    auto none = parse_eml(headers("Content-Type: multipart/alternative; boundary=x\r\n\r\njust words\r\n"));
    CHECK(only_text(none) == "just words");
    CHECK(any_warning(none, "its body read as plain text"));
  }

  TEST_CASE("mbox: a body's unescaped 'From ' line that is no postmark stays in the body") {
    const std::string bytes =
        "From support@acme.example Tue Mar 10 14:20:00 2026\n"
        "From: Acme Support <support@acme.example>\nSubject: one\nDate: Tue, 10 Mar 2026 14:20:00 -0500\n"
        "Message-ID: <one@acme.example>\n\nHello Dana,\n\nFrom the desk of the manager: your refund is approved.\n\n"
        "From dana@example.net Tue Mar 10 15:20:00 2026\n"
        "From: Dana <dana@example.net>\nSubject: two\nDate: Tue, 10 Mar 2026 15:20:00 -0500\n"
        "Message-ID: <two@example.net>\n\nThanks.\n";
    auto p = parse_mbox(bytes);
    REQUIRE(p.ok);
    CHECK(p.warnings.empty());
    REQUIRE(p.conversations.size() == 2);
    const auto first = test::messages(p.conversations[0]);
    REQUIRE(first.size() == 1);
    CHECK(first.front()->text == "Hello Dana,\n\nFrom the desk of the manager: your refund is approved.");
    CHECK(first.front()->where.first_line == 7);
    CHECK(p.conversations[0].where.first_line == 1);
    CHECK(p.conversations[1].where.first_line == 11);
    CHECK(test::messages(p.conversations[1]).front()->where.first_line == 17);
  }

  TEST_CASE("quoted history: the email's Date settles a numeric attribution date, --date-order is heeded, the sender's bare name is a signature") {
    // Spanish reads "03/04/2026" day first (3 April), but an email of 10 March cannot quote April.
    const std::string spanish =
        "From: Dana Whitfield <dana@example.net>\nTo: soporte@acme.example\nSubject: Re: Factura\n"
        "Date: Tue, 10 Mar 2026 10:00:00 -0500\nMessage-ID: <es1@example.net>\n\n"
        "Gracias, quedo atenta.\n\nEl 03/04/2026 a las 9:15, Acme Soporte <soporte@acme.example> escribió:\n"
        "> Su factura está corregida.\n";
    auto p = parse_eml(spanish);
    REQUIRE(p.ok);
    auto msgs = test::messages(p.conversations.front());
    REQUIRE(msgs.size() == 2);
    CHECK(msgs[0]->quoted);
    CHECK(msgs[0]->time.iso() == "2026-03-04T09:15:00-05:00");
    // --date-order dmy says it is 3 April after all (the importer does not second-guess the user).
    model::ImportContext dmy;
    dmy.origin = "mail.eml";
    dmy.date_order = model::ImportContext::DateOrder::dmy;
    auto given = test::parse_as("eml", spanish, "mail.eml", dmy);
    REQUIRE(given.ok);
    CHECK(test::messages(given.conversations.front())[0]->time.iso() == "2026-04-03T09:15:00-05:00");

    // "Ana" alone under her words, from Ana Ruiz: her signature, which only her From name shows.
    auto signed_off = parse_eml(
        "From: Ana Ruiz <ana@example.org>\nTo: support@tunely.example\nSubject: Re: Refund\n"
        "Date: Tue, 03 Mar 2026 10:31:52 -0500\nMessage-ID: <ana2@example.org>\n\n"
        "Hi team, any update on this?\n\nAna\n\n"
        "On Thu, Feb 26, 2026 at 9:30 AM Tunely Support <support@tunely.example> wrote:\n> The refund is on its way.\n");
    REQUIRE(signed_off.ok);
    msgs = test::messages(signed_off.conversations.front());
    REQUIRE(msgs.size() == 2);
    const auto* own = msgs[1];
    CHECK(!own->quoted);
    REQUIRE(own->signature_at < own->text.size());
    CHECK(own->text.substr(own->signature_at) == "Ana");
    CHECK(own->text.substr(0, own->signature_at).find("any update") != std::string::npos);
  }

  TEST_CASE("a broken Date: no time, with a warning") {
    std::string bytes = headers("Content-Type: text/plain\r\n\r\nhi\r\n");
    bytes.replace(bytes.find("Tue, 03 Mar 2026 10:31:52 -0500"), 31, "sometime next week");
    auto p = parse_eml(bytes);
    CHECK(only_text(p) == "hi");
    CHECK(!test::messages(p.conversations.front()).front()->time.complete());
    CHECK(any_warning(p, "unreadable Date header"));
  }

  TEST_CASE("truncated and garbage input fail cleanly or read what is there") {
    // Cut inside a base64 part of a multipart whose closing boundary never comes.
    const std::string truncated = headers(
        "Content-Type: multipart/alternative; boundary=\"zz\"\r\n\r\n"
        "--zz\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "SGVsbG8sIHRoaXMgaXMgY3V0");
    auto p = parse_eml(truncated);
    REQUIRE(p.ok);
    CHECK(only_text(p).starts_with("Hello, this is cut"));
    auto garbage = parse_eml(std::string("\x01\x02\x03 not an email at all \xFF\xFE\n\n\n", 28));
    CHECK(!garbage.ok);
    CHECK(garbage.error.starts_with("mail.eml:1: "));
    auto empty = parse_eml("");
    CHECK(!empty.ok);
    CHECK(empty.error == "mail.eml:1: the file is empty");
    auto not_mbox = parse_mbox("Subject: hi\n\nbody\n");
    CHECK(!not_mbox.ok);
    CHECK(not_mbox.error.starts_with("inbox.mbox:1: "));
    // Only headers, cut mid-line: still one email with what is there.
    auto cut = parse_eml("From: Ana <ana@example.org>\r\nSubject: Cut o");
    REQUIRE(cut.ok);
    CHECK(cut.conversations.front().title == "Cut o");
    CHECK(any_warning(cut, "mail.eml:1: the message ends inside its headers (cut short?)"));
  }
}
