#pragma once
// A small IMAP client over libcurl, for `inwriting pull`: read-only by construction. Mailboxes are
// opened with EXAMINE and messages read with BODY.PEEK[], so nothing on the server changes (no
// \Seen flag, no expunge). It knows nothing of the store.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inwriting/util/result.hpp"

namespace inwriting::net {

enum class ImapSecurity {
  imaps,      // TLS from the first byte (port 993)
  starttls,   // imap:// upgraded with STARTTLS, which must succeed (port 143)
  plaintext,  // imap:// with nothing encrypted: only when the user asked for it by name
};

struct ImapAccount {
  std::string host;
  int port = 0;  // 0: 993 for imaps, 143 otherwise
  std::string user;
  ImapSecurity security = ImapSecurity::imaps;
  std::string ca_file;   // a private CA or a self-signed certificate to trust; empty: the system's
  std::string password;  // handed to libcurl with CURLOPT_PASSWORD, never put in a URL
  bool use_netrc = false;  // the password from ~/.netrc (or netrc_file) instead
  std::string netrc_file;
  long connect_timeout_seconds = 30;
  long stall_timeout_seconds = 120;  // a transfer slower than 1 byte/s for this long is dropped
};

// "imaps://dana@imap.example.com:993": how errors and custody name the server (never a password).
std::string server_url(const ImapAccount& account);
// The mailbox's URL form, with its UIDVALIDITY and UID when given: what a source's origin says.
std::string message_url(const ImapAccount& account, const std::string& mailbox, std::optional<int64_t> uidvalidity = {},
                        std::optional<int64_t> uid = {});

// Which messages to take. Empty lists and no date: all of them. Several `from` (or several
// `subject_contains`) are alternatives; the kinds of filter combine (all must hold).
struct ImapFilter {
  std::vector<std::string> from;
  std::vector<std::string> subject_contains;  // matched by the server, case-insensitively, UTF-8
  std::string since;                          // YYYY-MM-DD: INTERNALDATE on or after that day
};

struct MailboxState {
  int64_t uidvalidity = 0;
  int64_t exists = 0;
  std::vector<int64_t> uids;  // the messages the filter matches, ascending
};

struct FetchedMessage {
  int64_t uid = 0;
  std::string internaldate;  // RFC 3339, as the server gave it (its zone kept)
  std::string bytes;         // the whole message, verbatim
};

struct MessageSummary {
  int64_t uid = 0;
  std::string internaldate;  // RFC 3339
  int64_t size = 0;
  std::string from;     // the header as written (encoded words left as they are)
  std::string subject;  // likewise
};

enum class ImapFailure {
  none,
  temporary,       // network, server down or busy, timeout: try again later
  authentication,  // the server refused the user name or password
  tls,             // the certificate is not trusted or names another host; STARTTLS refused
  mailbox,         // no such mailbox, or the server refused a command
  changed,         // the mailbox's UIDVALIDITY changed during the run: scan it again next time
  gone,            // the message was deleted on the server between listing and fetching it
};

// A failure worth retrying on the next run (exit 75), as opposed to one a person must fix (exit 1).
bool is_temporary(ImapFailure failure);

class ImapClient {
public:
  explicit ImapClient(ImapAccount account);
  ~ImapClient();
  ImapClient(const ImapClient&) = delete;
  ImapClient& operator=(const ImapClient&) = delete;

  // Logs in (on first use), opens the mailbox read-only and lists the messages the filter matches.
  Result<MailboxState> scan(const std::string& mailbox, const ImapFilter& filter);
  // One message, read without marking it; fails with `changed` when the mailbox open is no longer
  // the one with `uidvalidity`.
  Result<FetchedMessage> fetch(const std::string& mailbox, int64_t uidvalidity, int64_t uid);
  // What --dry-run shows: size, date, sender and subject of each message, unmarked.
  Result<std::vector<MessageSummary>> summaries(const std::string& mailbox, int64_t uidvalidity,
                                                const std::vector<int64_t>& uids);

  // What the last failed call failed of.
  ImapFailure last_failure() const { return m_last_failure; }

private:
  struct Session;
  Result<std::string> run(const std::string& command, const std::string& what);
  Status examine(const std::string& mailbox, std::optional<int64_t> expected_uidvalidity, MailboxState* state);
  Error failed(ImapFailure failure, std::string message);
  ImapAccount m_account;
  std::unique_ptr<Session> m_session;
  std::string m_selected;  // the mailbox open on the current connection, if any
  int64_t m_selected_uidvalidity = 0;
  ImapFailure m_last_failure = ImapFailure::none;
};

// Replaces every occurrence of `secret` in `text` (a server's or libcurl's message) with "***".
std::string scrub(std::string text, std::string_view secret);

}  // namespace inwriting::net
