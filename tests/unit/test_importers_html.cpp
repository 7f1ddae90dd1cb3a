#include <doctest/doctest.h>

#include <string>

#include "importer_test_helpers.hpp"
#include "importers/formats.hpp"
#include "inwriting/model/conversation.hpp"

using namespace inwriting;

namespace {

using Parsed = test::ParsedImport;

Parsed parse(const std::string& bytes, const std::string& name = "chat.html") {
  return test::parse_file_as("html-chat", bytes, name);
}

std::vector<const model::Entry*> messages_of(const model::Conversation& c) { return test::messages(c); }

const model::Participant* find(const model::Conversation& c, const std::string& name) {
  return test::participant_named(c, name);
}

// Markup unlike any sample: "line-guest"/"line-staff" rows, a "who" name, a "stamp" time, an
// avatar naming the author of a bubble that omits it, and a notice.
const std::string k_page = R"HTML(<!DOCTYPE html>
<html><head><title>Help</title><style>.x{color:red}</style><script>var s = "Agent: fake message";</script></head>
<body>
<div class="convo" role="log">
  <div class="line line-guest" data-sender="Maria Lopez"><p>Hi, my order KX-1001 is late</p><span class="stamp" data-time="2026-01-05T10:00:00-05:00">10:00</span></div>
  <div class="line line-staff"><b class="who">Sam</b><p>Let me check &amp; see</p><span class="stamp" data-time="2026-01-05T10:01:30-05:00">10:01</span></div>
  <div class="line line-staff"><img class="pic" src="sam.png" alt="Sam (support team)"><p>Found it: it ships today</p><span class="stamp" data-time="2026-01-05T10:02:00-05:00">10:02</span></div>
  <div class="line line-staff" hidden><b class="who">Sam</b><p>hidden draft</p></div>
  <div class="line line-staff" style="display: none"><b class="who">Sam</b><p>display none draft</p></div>
  <div class="line line-staff" aria-hidden="true"><b class="who">Sam</b><p>aria hidden draft</p></div>
  <template><div class="line line-staff"><b class="who">Sam</b><p>template draft</p></div></template>
  <noscript><div class="line line-staff"><b class="who">Sam</b><p>noscript draft</p></div></noscript>
  <div class="line line-staff d-none"><b class="who">Sam</b><p>class-hidden draft</p></div>
  <div class="line notice" data-time="1767625380">Sam left the chat</div>
</div>
</body></html>
)HTML";

}  // namespace

TEST_SUITE("importers::html") {
  TEST_CASE("detects saved chat pages and transcript bodies, not plain text") {
    CHECK(importers::detect_html_chat(k_page) >= 80);
    CHECK(importers::detect_html_chat("<p>Chat Started: Monday</p>( 10s ) Ann: hi<br>( 12s ) Bo: hello<br>") >= 60);
    CHECK(importers::detect_html_chat("Agent: hello\nMe: hi <br> there") == 0);
    CHECK(importers::detect_html_chat("<peter> hi, my chat order\n<support> hello, message received") == 0);
    CHECK(importers::detect_html_chat("From: a@b.example\nSubject: chat\n\n<html><body>x</body></html>") == 0);
    CHECK(importers::detect_html_chat(R"HTML({"messages": []})HTML") == 0);
  }

  TEST_CASE("bubbles become messages with speakers; notices become events") {
    auto parsed = parse(k_page);
    REQUIRE(parsed.ok);
    REQUIRE(parsed.conversations.size() == 1);
    const auto& c = parsed.conversations[0];
    CHECK(c.format == "html-chat");
    CHECK(c.channel == model::Channel::web);
    CHECK(c.title == "Help");
    const auto msgs = messages_of(c);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[0]->speaker == "Maria Lopez");
    CHECK(msgs[0]->text == "Hi, my order KX-1001 is late");
    CHECK(msgs[1]->speaker == "Sam");
    CHECK(msgs[2]->speaker == "Sam");  // from the avatar
    CHECK(msgs[2]->text == "Found it: it ships today");
    REQUIRE(c.entries.size() == 4);
    CHECK(c.entries.back().kind == model::EntryKind::event);
    CHECK(c.entries.back().text == "Sam left the chat");
  }

  TEST_CASE("hidden elements, scripts, templates and noscript are ignored") {
    auto parsed = parse(k_page);
    REQUIRE(parsed.ok);
    for (const auto& e : parsed.conversations[0].entries) {
      CHECK(e.text.find("draft") == std::string::npos);
      CHECK(e.text.find("fake") == std::string::npos);
    }
  }

  TEST_CASE("roles come from the markup") {
    auto parsed = parse(k_page);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    const auto* sam = find(c, "Sam");
    const auto* maria = find(c, "Maria Lopez");
    REQUIRE(sam != nullptr);
    REQUIRE(maria != nullptr);
    CHECK(sam->role == model::Role::agent);
    CHECK(sam->role_reason.find("markup") != std::string::npos);
    CHECK(maria->role == model::Role::customer);
    CHECK(c.participants.size() == 2);
  }

  TEST_CASE("times: written offsets are kept, epoch values take the page's offset") {
    auto parsed = parse(k_page);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    CHECK(c.entries[0].time.iso() == "2026-01-05T10:00:00-05:00");
    // 1767625380 = 2026-01-05T15:03:00Z, shown on this page's -05:00 clock.
    CHECK(c.entries.back().time.iso() == "2026-01-05T10:03:00-05:00");
    REQUIRE(c.started.has_value());
    CHECK(c.started->iso() == "2026-01-05T10:00:00-05:00");
  }

  TEST_CASE("a UTC <time datetime> beside a local clock gives the page's offset") {
    const std::string page = R"HTML(<ul class="chat-history">
<li class="message agent" data-author="Kim"><div class="text">Hello</div><time datetime="2026-07-01T12:30:00Z">8:30 AM</time></li>
<li class="message visitor" data-author="Lee"><div class="text">Hi Kim</div><time datetime="2026-07-01T12:31:10.000Z">8:31 AM</time></li>
<li class="message agent" data-author="Kim"><div class="text">How can I help?</div><time datetime="2026-07-01T13:05:00Z">9:05 AM</time></li>
</ul>)HTML";
    auto parsed = parse(page);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    REQUIRE(c.entries.size() == 3);
    CHECK(c.entries[0].time.iso() == "2026-07-01T08:30:00-04:00");
    CHECK(c.entries[1].time.iso() == "2026-07-01T08:31:10-04:00");
    CHECK(c.entries[0].text == "Hello");
    CHECK(c.channel == model::Channel::chat);  // a fragment, not a saved page
  }

  TEST_CASE("named and numeric entities are decoded") {
    const std::string page = R"HTML(<div role="log">
<div class="msg msg--bot" data-author="Asistente">&iexcl;Hola! &iquest;En qu&eacute; te ayudo? Cup&oacute;n de 20&nbsp;&euro;</div>
<div class="msg msg--customer" data-author="Daniel">&#3626;&#3623;&#3633;&#3626;&#3604;&#3637; &#3647;599 &#x27;ok&#x27;</div>
<div class="msg msg--agent" data-author="Ploy">R&#xE9;sum&eacute; &mdash; done <img class="emoji" alt="🙂" src="e.png"></div>
</div>)HTML";
    auto parsed = parse(page);
    REQUIRE(parsed.ok);
    const auto msgs = messages_of(parsed.conversations[0]);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[0]->text == "¡Hola! ¿En qué te ayudo? Cupón de 20 €");
    CHECK(msgs[1]->text == "สวัสดี ฿599 'ok'");
    CHECK(msgs[2]->text == "Résumé — done 🙂");
    const auto* bot = find(parsed.conversations[0], "Asistente");
    REQUIRE(bot != nullptr);
    CHECK(bot->role == model::Role::bot);
  }

  TEST_CASE("consecutive bubbles grouped under one author header") {
    const std::string page = R"HTML(<section class="log">
<div class="group group--agent"><span class="name">Ana</span><div class="stack">
  <div class="bubble"><span>One</span><time datetime="2026-02-01T10:00:00+01:00">10:00</time></div>
  <div class="bubble"><span>Two</span><time datetime="2026-02-01T10:00:30+01:00">10:00</time></div>
</div></div>
<div class="group group--customer"><span class="name">Bo</span><div class="stack">
  <div class="bubble"><span>Three</span><time datetime="2026-02-01T10:01:00+01:00">10:01</time></div>
</div></div>
<div class="group group--agent"><span class="name">Ana</span><div class="stack">
  <div class="bubble"><span>Four</span><time datetime="2026-02-01T10:02:00+01:00">10:02</time></div>
</div></div>
</section>)HTML";
    auto parsed = parse(page);
    REQUIRE(parsed.ok);
    const auto msgs = messages_of(parsed.conversations[0]);
    REQUIRE(msgs.size() == 4);
    CHECK(msgs[0]->speaker == "Ana");
    CHECK(msgs[0]->text == "One");
    CHECK(msgs[1]->speaker == "Ana");
    CHECK(msgs[1]->text == "Two");
    CHECK(msgs[1]->time.iso() == "2026-02-01T10:00:30+01:00");
    CHECK(msgs[2]->speaker == "Bo");
    CHECK(msgs[3]->text == "Four");
  }

  TEST_CASE("the widget header gives the company and the chat id") {
    const std::string page = R"HTML(<div class="support-widget">
<div class="widget-header"><span class="widget-title">Chat with Nordlys Energy</span><span class="status">Online</span></div>
<p class="chat-meta">Chat ID: NE-55012</p>
<div class="thread">
<div class="message" data-author="Nordlys Energy"><p>Welcome back</p><time datetime="2026-03-01T09:00:00+01:00">09:00</time></div>
<div class="message" data-author="Ola"><p>My bill doubled</p><time datetime="2026-03-01T09:01:00+01:00">09:01</time></div>
<div class="message" data-author="Nordlys Energy"><p>Let me look</p><time datetime="2026-03-01T09:02:00+01:00">09:02</time></div>
</div></div>)HTML";
    auto parsed = parse(page);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    CHECK(c.company == "Nordlys Energy");
    bool id = false;
    for (const auto& [kind, value] : c.external_ids) {
      id = id || value == "NE-55012";
    }
    CHECK(id);
    const auto* page_account = find(c, "Nordlys Energy");
    REQUIRE(page_account != nullptr);
    CHECK(page_account->role == model::Role::agent);  // finish: the company's own account
    const auto* ola = find(c, "Ola");
    REQUIRE(ola != nullptr);
    CHECK(ola->role == model::Role::customer);
  }

  TEST_CASE("table rows and bold name labels are bubbles too") {
    const std::string table = R"HTML(<table class="history"><tbody>
<tr><td class="when">10:00</td><td class="name">Agent Sam</td><td>Hello, how can I help?</td></tr>
<tr><td class="when">10:01</td><td class="name">Maria</td><td>My order is late</td></tr>
<tr><td class="when">10:02</td><td class="name">Agent Sam</td><td>Sending a new one</td></tr>
</tbody></table>)HTML";
    auto parsed = parse(table);
    REQUIRE(parsed.ok);
    auto msgs = messages_of(parsed.conversations[0]);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[0]->speaker == "Agent Sam");
    CHECK(msgs[0]->text == "Hello, how can I help?");
    REQUIRE(msgs[0]->time.time.has_value());
    CHECK(msgs[0]->time.time->hour == 10);
    CHECK(msgs[1]->speaker == "Maria");

    const std::string labels = R"HTML(<div class="chat-window">
<div class="msg msg-operator"><strong>Lee:</strong> Welcome! <span class="time">9:15 AM</span></div>
<div class="msg msg-visitor"><strong>Kai:</strong> Hi there</div>
<div class="msg msg-operator"><strong>Lee:</strong> What is the order number?</div>
</div>)HTML";
    parsed = parse(labels);
    REQUIRE(parsed.ok);
    msgs = messages_of(parsed.conversations[0]);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[0]->speaker == "Lee");
    CHECK(msgs[0]->text == "Welcome!");
    REQUIRE(msgs[0]->time.time.has_value());
    CHECK(msgs[0]->time.time->hour == 9);
    CHECK(msgs[0]->time.time->minute == 15);
    CHECK(msgs[1]->speaker == "Kai");
    const auto* lee = find(parsed.conversations[0], "Lee");
    REQUIRE(lee != nullptr);
    CHECK(lee->role == model::Role::agent);
  }

  TEST_CASE("a page saved in a legacy charset is converted") {
    // windows-1252: "Qué" and "€" as single bytes.
    const std::string page = "<html><head><meta charset=\"windows-1252\"></head><body><div role=\"log\">"
                             "<div class=\"msg msg--agent\" data-author=\"Eva\">\xBFQu\xE9 tal? 20 \x80</div>"
                             "<div class=\"msg msg--customer\" data-author=\"Rui\">Bien</div>"
                             "<div class=\"msg msg--agent\" data-author=\"Eva\">Vale</div></div></body></html>";
    auto parsed = parse(page);
    REQUIRE(parsed.ok);
    const auto msgs = messages_of(parsed.conversations[0]);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[0]->text == "¿Qué tal? 20 €");
  }

  TEST_CASE("incoming/outgoing bubbles, avatars and metadata lines") {
    const std::string page = R"HTML(<div class="parts">
 <div class="part part-admin"><div class="avatar-box"><img alt="Priya" src="p.png"></div>
   <div class="comment">Hi! How can I help?</div><div class="part-metadata">Priya · 2m ago</div></div>
 <div class="part part-user"><div class="comment">My invoice is wrong</div><div class="part-metadata">Seen · 1m ago</div></div>
 <div class="part part-admin"><div class="avatar-box"><img alt="Priya" src="p.png"></div><div class="comment">Fixed.</div></div>
</div>)HTML";
    auto parsed = parse(page);
    REQUIRE(parsed.ok);
    auto msgs = messages_of(parsed.conversations[0]);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[0]->speaker == "Priya");
    CHECK(msgs[0]->text == "Hi! How can I help?");
    CHECK(msgs[1]->text == "My invoice is wrong");
    const auto* priya = find(parsed.conversations[0], "Priya");
    REQUIRE(priya != nullptr);
    CHECK(priya->role == model::Role::agent);

    const std::string wa = R"HTML(<div class="pane">
<div class="message-in"><div data-pre-plain-text="[10:01, 3/4/2026] Acme Support: "><span>Hello, Acme here</span></div></div>
<div class="message-out"><div data-pre-plain-text="[10:02, 3/4/2026] Dana: "><span>Order A-1 is missing</span></div></div>
<div class="message-in"><div><span>We'll resend it</span></div></div>
</div>)HTML";
    parsed = parse(wa);
    REQUIRE(parsed.ok);
    msgs = messages_of(parsed.conversations[0]);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[0]->speaker == "Acme Support");
    CHECK(msgs[1]->speaker == "Dana");
    CHECK(msgs[2]->speaker == "Acme Support");
    const auto* dana = find(parsed.conversations[0], "Dana");
    REQUIRE(dana != nullptr);
    CHECK(dana->role == model::Role::customer);
  }

  TEST_CASE("entries know their lines in the page") {
    auto parsed = parse(k_page);
    REQUIRE(parsed.ok);
    const auto& c = parsed.conversations[0];
    CHECK(c.entries[0].where.first_line == 5);
    CHECK(c.entries[1].where.first_line == 6);
    CHECK(c.entries.back().where.first_line == 14);
  }

  TEST_CASE("without bubbles the visible text goes to the text transcript parser") {
    const std::string body =
        "<p align=\"center\">Chat Started: Monday, December 17, 2018, 23:27:57 (-0500)</p>"
        "<p align=\"center\">Agent Royalle G</p>"
        "( 10s ) Royalle G: Hi, this is Royalle &amp; I&#39;ll help<br>( 44s ) George M: thanks<br>\n"
        "<p align=\"center\">Chat Started: Friday, September 20, 2019, 16:14:59 (+0000)</p>"
        "( 5s ) Stephen F: Hello<br>\n";
    model::ImportContext context;
    importers::ParseInput input{body, "body.html", &context};
    const std::string first_text =
        "Chat Started: Monday, December 17, 2018, 23:27:57 (-0500)\nAgent Royalle G\n"
        "( 10s ) Royalle G: Hi, this is Royalle & I'll help\n( 44s ) George M: thanks\n";
    auto direct = importers::parse_text_chat_text(first_text, input);
    auto parsed = parse(body, "body.html");
    REQUIRE(direct.ok());
    REQUIRE(parsed.ok);
    REQUIRE(parsed.conversations.size() == 2);  // two bodies, one header each
    const auto& c = parsed.conversations[0];
    REQUIRE(c.entries.size() == direct->conversations[0].entries.size());
    for (size_t i = 0; i < c.entries.size(); ++i) {
      CHECK(c.entries[i].speaker == direct->conversations[0].entries[i].speaker);
      CHECK(c.entries[i].text == direct->conversations[0].entries[i].text);
      CHECK(c.entries[i].where.first_line == 1);  // every line of the first body is on line 1
    }
    CHECK(parsed.conversations[1].entries.back().where.first_line == 2);
    CHECK(c.format == "html-chat");
    CHECK(c.channel == model::Channel::chat);
    const auto* agent = find(c, "Royalle G");
    REQUIRE(agent != nullptr);
    CHECK(agent->role == model::Role::agent);
    REQUIRE(c.started.has_value());
    CHECK(c.started->iso() == "2018-12-17T23:27:57-05:00");
  }

  TEST_CASE("a page without bubbles gives only its transcript element to the text parser") {
    const std::string page = R"HTML(<!DOCTYPE html><html><body>
<nav><a href="/">Home</a> <a href="/help">Help: FAQ</a></nav>
<div id="transcript">[10:00] Ann: my order is late<br>[10:01] Support: sorry, sending a new one<br>[10:02] Ann: thanks</div>
<footer>Contact: 555-0100</footer>
</body></html>)HTML";
    model::ImportContext context;
    importers::ParseInput input{page, "page.html", &context};
    auto direct = importers::parse_text_chat_text(
        "[10:00] Ann: my order is late\n[10:01] Support: sorry, sending a new one\n[10:02] Ann: thanks\n", input);
    auto parsed = parse(page, "page.html");
    REQUIRE(direct.ok());
    REQUIRE(parsed.ok);
    REQUIRE(parsed.conversations.size() == 1);
    const auto& c = parsed.conversations[0];
    REQUIRE(c.entries.size() == direct->conversations[0].entries.size());
    for (size_t i = 0; i < c.entries.size(); ++i) {
      CHECK(c.entries[i].text == direct->conversations[0].entries[i].text);
      CHECK(c.entries[i].where.first_line == 3);
    }
    CHECK(c.channel == model::Channel::web);
  }

  TEST_CASE("when the element named like a transcript is not one, the whole page is read") {
    const std::string page = R"HTML(<!DOCTYPE html><html><body>
<nav class="messages-nav"><a href="/inbox">Inbox</a></nav>
<div>[10:00] Ann: my order is late<br>[10:01] Support: sorry, sending a new one<br>[10:02] Ann: thanks</div>
</body></html>)HTML";
    auto parsed = parse(page, "page.html");
    REQUIRE(parsed.ok);
    REQUIRE(parsed.conversations.size() == 1);
    const auto msgs = messages_of(parsed.conversations[0]);
    REQUIRE(msgs.size() == 3);
    CHECK(msgs[0]->speaker == "Ann");
    CHECK(msgs[2]->where.first_line == 3);
  }

  TEST_CASE("bad input is an error or a parse, never a crash") {
    CHECK_FALSE(parse("").ok);
    CHECK_FALSE(parse("<html><body></body></html>").ok);
    std::string deep;
    for (int i = 0; i < 20000; ++i) {
      deep += "<div>";
    }
    deep += "x";
    auto parsed = parse(deep);
    CHECK_FALSE(parsed.ok);
    CHECK(parsed.error.rfind("chat.html:", 0) == 0);
    auto garbage = parse("<div class=\"msg\" data-author=\"A\"><<<>>></div></span></p>&#99999999;&bogus;");
    (void)garbage;
  }
}
