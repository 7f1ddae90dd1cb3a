// The IMAP client: its wire format on its own, then the client against a real Dovecot on
// 127.0.0.1 (tests/e2e/dovecot/dovecot.sh), started for these tests with its own user and a
// self-signed certificate for "localhost".
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "inwriting/net/imap.hpp"
#include "net/imap_protocol.hpp"
#include "test_helpers.hpp"

using namespace inwriting;
namespace protocol = inwriting::net::protocol;

namespace {

std::string shell_output(const std::string& command) { return test::run_command(command).out; }

// A Dovecot of the test's own, stopped (and its directory removed) when the test ends.
class Dovecot {
public:
  Dovecot() {
    std::istringstream started(shell_output("bash -c \"source '" + script() +
                                            "' && dovecot_start >/dev/null 2>&1 && echo \\$DOVECOT_DIR \\$IMAP_PORT \\$IMAPS_PORT\""));
    started >> m_dir >> m_imap_port >> m_imaps_port;
  }
  ~Dovecot() {
    if (!m_dir.empty()) (void)shell_output("bash -c \"source '" + script() + "' && DOVECOT_DIR='" + m_dir + "' dovecot_stop\"");
  }
  bool running() const { return m_imaps_port > 0; }
  // imap.py COMMAND ARGS, as the mail user's other client.
  std::string tool(const std::string& args) const {
    return shell_output("IMAP_CA='" + ca() + "' IMAPS_PORT=" + std::to_string(m_imaps_port) +
                        " IMAP_USER=dana IMAP_PASSWORD='S3cret-pa55word!' python3 '" + INWRITING_SOURCE_DIR +
                        "/tests/e2e/dovecot/imap.py' " + args);
  }
  std::string ca() const { return m_dir + "/cert.pem"; }
  net::ImapAccount account(const std::string& host = "localhost") const {
    net::ImapAccount a;
    a.host = host;
    a.port = m_imaps_port;
    a.user = "dana";
    a.password = "S3cret-pa55word!";
    a.ca_file = ca();
    a.connect_timeout_seconds = 5;
    return a;
  }
  int imap_port() const { return m_imap_port; }

private:
  static std::string script() { return std::string(INWRITING_SOURCE_DIR) + "/tests/e2e/dovecot/dovecot.sh"; }
  std::string m_dir;
  int m_imap_port = 0;
  int m_imaps_port = 0;
};

// A loopback port that was free a moment ago, and is closed now.
int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

const std::string k_message = "From: Acme Support <help@acme.example>\r\nTo: dana@example.com\r\n"
                              "Subject: Your chat transcript\r\nDate: Tue, 3 Mar 2026 10:00:00 -0500\r\n"
                              "Message-ID: <t1@acme.example>\r\n\r\nSam: We will refund the $40 fee.\r\n";

}  // namespace

TEST_SUITE("net") {
  TEST_CASE("imap protocol: SEARCH commands from filters") {
    CHECK(*protocol::search_command({}) == "UID SEARCH ALL");
    net::ImapFilter f;
    f.from = {"help@acme.example"};
    f.since = "2026-02-05";
    CHECK(*protocol::search_command(f) == "UID SEARCH FROM \"help@acme.example\" SINCE 5-Feb-2026");
    f.from.clear();
    f.subject_contains = {"transcript", "transcripción", "บันทึกการสนทนา"};
    f.since.clear();
    CHECK(*protocol::search_command(f) ==
          "UID SEARCH CHARSET UTF-8 OR SUBJECT \"transcript\" (OR SUBJECT \"transcripción\" SUBJECT \"บันทึกการสนทนา\")");
    f.subject_contains = {"a \"quoted\" \\ word\r\nA1 LOGOUT"};
    CHECK(*protocol::search_command(f) == "UID SEARCH SUBJECT \"a \\\"quoted\\\" \\\\ word  A1 LOGOUT\"");
    f.since = "5 Feb";
    CHECK_FALSE(protocol::search_command(f).ok());
  }

  TEST_CASE("imap protocol: mailbox names in modified UTF-7") {
    CHECK(protocol::mailbox_name("INBOX") == "INBOX");
    CHECK(protocol::mailbox_name("Soporte/Atención") == "Soporte/Atenci&APM-n");
    CHECK(protocol::mailbox_name("Entwürfe") == "Entw&APw-rfe");
    CHECK(protocol::mailbox_name("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-");  // RFC 3501 5.1.3
    CHECK(protocol::mailbox_name("A&B") == "A&-B");
    CHECK(protocol::mailbox_name("บันทึก") == "&DhoOMQ4ZDhcONg4B-");
  }

  TEST_CASE("imap protocol: FETCH uses BODY.PEEK so nothing is marked read") {
    CHECK(protocol::fetch_command(7) == "UID FETCH 7 (UID INTERNALDATE RFC822.SIZE BODY.PEEK[])");
    CHECK(protocol::summary_command({3, 4, 9}).rfind("UID FETCH 3,4,9 (", 0) == 0);
    CHECK(protocol::summary_command({3}).find("BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)]") != std::string::npos);
  }

  TEST_CASE("imap protocol: EXAMINE and SEARCH answers") {
    const std::string answer = "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
                               "* OK [PERMANENTFLAGS ()] Read-only mailbox.\r\n* 3 EXISTS\r\n* 0 RECENT\r\n"
                               "* OK [UIDVALIDITY 1796236800] UIDs valid\r\n* OK [UIDNEXT 4] Predicted next UID\r\n"
                               "A003 OK [READ-ONLY] Examine completed (0.001 + 0.000 secs).\r\n";
    CHECK(protocol::response_code_number(answer, "UIDVALIDITY") == 1796236800);
    CHECK(protocol::response_code_number(answer, "UIDNEXT") == 4);
    CHECK_FALSE(protocol::response_code_number(answer, "HIGHESTMODSEQ"));
    CHECK(protocol::exists(answer) == 3);
    CHECK(protocol::search_results("* SEARCH 9 2 4\r\nA004 OK Search completed\r\n") == std::vector<int64_t>{2, 4, 9});
    CHECK(protocol::search_results("* SEARCH\r\nA004 OK Search completed\r\n").empty());
    CHECK(protocol::last_refusal("A003 NO [NONEXISTENT] Mailbox doesn't exist: Nope\r\n* BYE Logging out\r\n"
                                 "A004 OK Logout completed\r\n") == "NO [NONEXISTENT] Mailbox doesn't exist: Nope");
    CHECK(protocol::last_refusal("A003 OK Examine completed\r\n").empty());
  }

  TEST_CASE("imap protocol: FETCH responses keep literals byte for byte") {
    const std::string body = "Subject: hi\r\n\r\nline one\r\n* 2 FETCH (not a response)\r\n{5}\r\nA5 OK inside\r\n";
    const std::string answer = "* 1 FETCH (UID 17 INTERNALDATE \" 2-Mar-2026 09:05:33 -0500\" RFC822.SIZE " +
                               std::to_string(body.size()) + " FLAGS (\\Seen) BODY[] {" + std::to_string(body.size()) +
                               "}\r\n" + body + ")\r\n* 5 EXPUNGE\r\nA005 OK Fetch completed.\r\n";
    auto parsed = protocol::fetch_responses(answer);
    REQUIRE(parsed.ok());
    REQUIRE(parsed->size() == 1);
    const auto& f = parsed->front();
    CHECK(f.sequence == 1);
    CHECK(f.uid == 17);
    CHECK(f.size == static_cast<int64_t>(body.size()));
    CHECK(f.internaldate == " 2-Mar-2026 09:05:33 -0500");
    CHECK(f.sections.at("body[]") == body);
    CHECK(*protocol::internaldate_rfc3339(f.internaldate) == "2026-03-02T09:05:33-05:00");
    CHECK_FALSE(protocol::internaldate_rfc3339("yesterday").ok());
    CHECK_FALSE(protocol::internaldate_rfc3339("31-Feb-2026 09:05:33 +0000").ok());

    const std::string headers = "From: =?UTF-8?B?U2t5bGFyaw==?=\r\n <care@skylark.example>\r\nSubject: Chat\r\n\r\n";
    const std::string two = "* 4 FETCH (UID 8 RFC822.SIZE 10 BODY[HEADER.FIELDS (FROM SUBJECT)] {" +
                            std::to_string(headers.size()) + "}\r\n" + headers + ")\r\nA6 OK done\r\n";
    auto summary = protocol::fetch_responses(two);
    REQUIRE(summary.ok());
    REQUIRE(summary->size() == 1);
    const std::string& block = summary->front().sections.at("body[header.fields (from subject)]");
    CHECK(protocol::header_value(block, "from") == "=?UTF-8?B?U2t5bGFyaw==?= <care@skylark.example>");
    CHECK(protocol::header_value(block, "Subject") == "Chat");

    // A literal the connection cut short is an error, never a shorter message.
    CHECK_FALSE(protocol::fetch_responses("* 1 FETCH (UID 3 BODY[] {100}\r\nSubject: cut").ok());
  }

  TEST_CASE("imap: URLs name the server and the message, never the password; scrub hides it") {
    net::ImapAccount a;
    a.host = "imap.example.com";
    a.user = "dana@example.com";
    a.password = "hunter2";
    CHECK(net::server_url(a) == "imaps://dana%40example.com@imap.example.com:993");
    a.security = net::ImapSecurity::starttls;
    CHECK(net::message_url(a, "Support/Chats", 42, 7) ==
          "imap://dana%40example.com@imap.example.com:143/Support%2FChats;UIDVALIDITY=42/;UID=7");
    CHECK(net::scrub("login hunter2 failed: hunter2", "hunter2") == "login *** failed: ***");
    CHECK(net::scrub("nothing here", "") == "nothing here");
  }

  TEST_CASE("imap: a port nobody listens on is a temporary failure") {
    net::ImapAccount a;
    a.host = "127.0.0.1";
    a.port = closed_port();
    a.user = "dana";
    a.password = "S3cret";
    a.connect_timeout_seconds = 5;
    net::ImapClient client(a);
    auto scanned = client.scan("INBOX", {});
    REQUIRE_FALSE(scanned.ok());
    CHECK(client.last_failure() == net::ImapFailure::temporary);
    CHECK(net::is_temporary(client.last_failure()));
    CHECK(scanned.error().find("imaps://dana@127.0.0.1:" + std::to_string(a.port)) == 0);
    CHECK(scanned.error().find("S3cret") == std::string::npos);
  }

  TEST_CASE("imap: against a real Dovecot, read-only, with the failures told apart") {
    Dovecot server;
    REQUIRE_MESSAGE(server.running(), "dovecot did not start (is dovecot-imapd installed?)");
    test::TempDir files;
    for (int i = 1; i <= 3; ++i) {
      std::string m = k_message;
      m.replace(m.find("<t1@"), 4, "<t" + std::to_string(i) + "@");
      if (i == 3) m.replace(m.find("chat transcript"), 15, "invoice");
      REQUIRE(file::write_atomic(files / ("m" + std::to_string(i)), m).ok());
    }
    server.tool("append Chats " + files / "m1" + " " + files / "m2" + " " + files / "m3");

    net::ImapClient client(server.account());
    auto all = client.scan("Chats", {});
    REQUIRE_MESSAGE(all.ok(), (all.ok() ? "" : all.error()));
    CHECK(all->uids == std::vector<int64_t>{1, 2, 3});
    CHECK(all->exists == 3);
    CHECK(all->uidvalidity > 0);
    net::ImapFilter only;
    only.subject_contains = {"TRANSCRIPT"};
    auto some = client.scan("Chats", only);
    REQUIRE(some.ok());
    CHECK(some->uids == std::vector<int64_t>{1, 2});

    auto message = client.fetch("Chats", all->uidvalidity, 2);
    REQUIRE_MESSAGE(message.ok(), (message.ok() ? "" : message.error()));
    CHECK(message->uid == 2);
    CHECK(message->bytes.find("Message-ID: <t2@acme.example>") != std::string::npos);
    CHECK(message->bytes.find("We will refund the $40 fee.") != std::string::npos);
    CHECK(message->internaldate.size() == 25);  // 2026-12-02T18:39:38+00:00
    // Still unread: PEEK, and the mailbox was only EXAMINEd.
    const std::string flags = server.tool("flags Chats");
    CHECK(flags.find("Seen") == std::string::npos);
    CHECK(flags.find("2 ") != std::string::npos);

    auto gone = client.fetch("Chats", all->uidvalidity, 99);
    CHECK_FALSE(gone.ok());
    CHECK(client.last_failure() == net::ImapFailure::gone);

    auto listed = client.summaries("Chats", all->uidvalidity, {1, 3});
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == 2);
    CHECK(listed->at(1).subject == "Your invoice");
    CHECK(listed->at(0).from == "Acme Support <help@acme.example>");

    // A mailbox named in Spanish: the server knows it as Atenci&APM-n.
    server.tool("append 'Atenci&APM-n' " + files / "m1");
    auto accented = client.scan("Atención", {});
    REQUIRE_MESSAGE(accented.ok(), (accented.ok() ? "" : accented.error()));
    CHECK(accented->uids.size() == 1);

    auto missing = client.scan("Nope", {});
    CHECK_FALSE(missing.ok());
    CHECK(client.last_failure() == net::ImapFailure::mailbox);
    CHECK(missing.error().find("the server said: NO") != std::string::npos);
    CHECK(missing.error().find("Nope") != std::string::npos);

    // Recreated with the same messages: a new UIDVALIDITY, and a fetch under the old one is refused.
    server.tool("recreate Chats");
    auto stale = client.fetch("Chats", all->uidvalidity, 1);
    CHECK_FALSE(stale.ok());
    CHECK(client.last_failure() == net::ImapFailure::changed);
    auto again = client.scan("Chats", {});
    REQUIRE(again.ok());
    CHECK(again->uidvalidity != all->uidvalidity);

    net::ImapAccount wrong = server.account();
    wrong.password = "not-the-Password-42";
    net::ImapClient refused(wrong);
    auto denied = refused.scan("Chats", {});
    REQUIRE_FALSE(denied.ok());
    CHECK(refused.last_failure() == net::ImapFailure::authentication);
    CHECK(denied.error().find("not-the-Password-42") == std::string::npos);

    // The certificate names localhost: the same server reached as 127.0.0.1 does not match.
    net::ImapClient mismatch(server.account("127.0.0.1"));
    auto unsafe = mismatch.scan("Chats", {});
    REQUIRE_FALSE(unsafe.ok());
    CHECK(mismatch.last_failure() == net::ImapFailure::tls);

    // STARTTLS on the plain port, required.
    net::ImapAccount starttls = server.account();
    starttls.security = net::ImapSecurity::starttls;
    starttls.port = server.imap_port();
    net::ImapClient upgraded(starttls);
    auto over_starttls = upgraded.scan("Chats", {});
    REQUIRE_MESSAGE(over_starttls.ok(), (over_starttls.ok() ? "" : over_starttls.error()));
    CHECK(over_starttls->uids.size() == 3);
  }
}
