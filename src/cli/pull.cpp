// inwriting pull [ACCOUNT...]: emailed transcripts from IMAP mailboxes, quietly and safely from
// cron. Read-only on the server; each message is kept and marked as taken in one transaction.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <gmime/gmime.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "import_pipeline.hpp"
#include "inwriting/net/imap.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::cli {

namespace fs = std::filesystem;

// EX_TEMPFAIL: cron and systemd read it as "try again later" (network, server, lock busy).
constexpr int k_exit_temporary = 75;

struct PullOptions {
  std::vector<std::string> accounts;
  std::string url;
  std::string password_command;
  std::string password_env;
  bool netrc = false;
  std::string cacert;
  bool insecure_plaintext = false;
  std::vector<std::string> from;
  std::vector<std::string> subject_contains;
  std::string since;
  double wait_seconds = 0;
  bool dry_run = false;
  bool quiet = false;
  bool verbose = false;
  bool json = false;
  ParseOptions parse;  // --tz, --me, --company-domain
  std::vector<std::string> company_currencies;
  std::string config_path;  // the file the accounts are read from (the program's --config)
};

namespace {

// One account to pull, from the config file or from --url.
struct Account {
  std::string name;  // the config section's name, or the URL's server part
  net::ImapAccount imap;
  std::vector<std::string> mailboxes;
  net::ImapFilter filter;
  std::string password_command;
  std::string password_env;
  bool netrc = false;
  bool insecure_plaintext = false;
};

// How a run went, worst first: a person must fix something (1) before "try again later" (75).
struct Outcome {
  bool permanent = false;
  bool temporary = false;
  void add(const Outcome& o) {
    permanent = permanent || o.permanent;
    temporary = temporary || o.temporary;
  }
  int exit_code() const { return permanent ? k_exit_some_failed : temporary ? k_exit_temporary : k_exit_ok; }
};

std::string percent_decoded(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// imaps://USER@HOST:PORT/MAILBOX (imap:// with STARTTLS). A password in it is refused: URLs end up
// in shell history, process lists and logs.
Result<Account> account_from_url(const std::string& url) {
  auto bad = [&](const std::string& why) {
    return make_error("--url " + printable(url) + ": " + why +
                      "; write it as imaps://USER@HOST:PORT/MAILBOX (or imap:// for STARTTLS)");
  };
  Account a;
  std::string_view rest = url;
  if (rest.rfind("imaps://", 0) == 0) {
    a.imap.security = net::ImapSecurity::imaps;
    rest.remove_prefix(8);
  } else if (rest.rfind("imap://", 0) == 0) {
    a.imap.security = net::ImapSecurity::starttls;
    rest.remove_prefix(7);
  } else {
    return bad("not an IMAP URL");
  }
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  const std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    if (userinfo.find(':') != std::string_view::npos) {
      return make_error("--url: a password in the URL is refused (URLs are seen in process lists and logs); give it "
                        "with --password-command, --password-env or ~/.netrc");
    }
    a.imap.user = percent_decoded(userinfo);
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority;
  std::string_view port;
  if (!host.empty() && host.front() == '[') {
    const size_t close = host.find(']');
    if (close == std::string_view::npos) return bad("an IPv6 address is not closed with ]");
    port = host.substr(close + 1);
    host = host.substr(1, close - 1);
    if (!port.empty() && port.front() != ':') return bad("something follows the address");
    if (!port.empty()) port.remove_prefix(1);
  } else if (const size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (host.empty()) return bad("no host");
  a.imap.host = std::string(host);
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos || std::stoi(std::string(port)) < 1 ||
        std::stoi(std::string(port)) > 65535) {
      return bad("the port is not a number from 1 to 65535");
    }
    a.imap.port = std::stoi(std::string(port));
  }
  if (a.imap.user.empty()) return bad("no user name");
  std::string mailbox = percent_decoded(path);
  if (const size_t semicolon = mailbox.find(';'); semicolon != std::string::npos) mailbox.resize(semicolon);
  a.mailboxes = {mailbox.empty() ? std::string("INBOX") : mailbox};
  a.name = net::server_url(a.imap);
  return a;
}

bool truthy(const std::string& value) { return value == "true" || value == "1" || value == "yes"; }

// [pull.accounts.NAME] sections of the config file, read with CLI11's own TOML reader (the main
// parse ignores these sections: they are not options).
Result<std::vector<Account>> accounts_from_config(const std::string& path) {
  std::vector<Account> accounts;
  std::error_code ec;
  if (path.empty() || !fs::exists(path, ec)) return accounts;
  std::vector<CLI::ConfigItem> items;
  try {
    items = CLI::ConfigTOML().from_file(path);
  } catch (const std::exception& e) {
    return make_error(path + ": cannot be read: " + e.what());
  }
  auto find = [&](const std::string& name) -> Account& {
    for (auto& a : accounts) {
      if (a.name == name) return a;
    }
    accounts.push_back(Account{});
    accounts.back().name = name;
    return accounts.back();
  };
  std::set<std::string> port_given;
  std::map<std::string, std::string> tls;
  for (const auto& item : items) {
    if (item.parents.size() != 3 || item.parents[0] != "pull" || item.parents[1] != "accounts" || item.name == "++" ||
        item.name == "--") {
      continue;
    }
    Account& a = find(item.parents[2]);
    const std::string where = path + ": [pull.accounts." + a.name + "] " + item.name;
    const std::string one = item.inputs.empty() ? std::string() : item.inputs.front();
    if (item.name == "host") {
      a.imap.host = one;
    } else if (item.name == "port") {
      try {
        a.imap.port = std::stoi(one);
      } catch (const std::exception&) {
        return make_error(where + ": not a port number");
      }
      if (a.imap.port < 1 || a.imap.port > 65535) return make_error(where + ": not a port number from 1 to 65535");
    } else if (item.name == "user") {
      a.imap.user = one;
    } else if (item.name == "mailboxes" || item.name == "mailbox") {
      a.mailboxes.insert(a.mailboxes.end(), item.inputs.begin(), item.inputs.end());
    } else if (item.name == "tls") {
      if (one != "imaps" && one != "starttls") return make_error(where + " = \"" + one + "\": write \"imaps\" or \"starttls\"");
      tls[a.name] = one;
    } else if (item.name == "tls_ca_file") {
      a.imap.ca_file = one;
    } else if (item.name == "insecure_plaintext") {
      a.insecure_plaintext = truthy(one);
    } else if (item.name == "password_command") {
      a.password_command = one;
    } else if (item.name == "password_env") {
      a.password_env = one;
    } else if (item.name == "netrc") {
      a.netrc = truthy(one);
    } else if (item.name == "from") {
      a.filter.from.insert(a.filter.from.end(), item.inputs.begin(), item.inputs.end());
    } else if (item.name == "subject_contains") {
      a.filter.subject_contains.insert(a.filter.subject_contains.end(), item.inputs.begin(), item.inputs.end());
    } else if (item.name == "since") {
      a.filter.since = one;
    } else if (item.name == "password") {
      return make_error(where + ": a password is not kept in the config file in clear; use password_command (e.g. "
                                "\"pass show mail/work\"), password_env or ~/.netrc");
    } else {
      return make_error(where + ": unknown setting; the settings are host, port, user, mailboxes, tls, tls_ca_file, "
                                "insecure_plaintext, password_command, password_env, netrc, from, subject_contains, since");
    }
  }
  for (auto& a : accounts) {
    const std::string where = path + ": [pull.accounts." + a.name + "]";
    if (a.imap.host.empty()) return make_error(where + ": no host; add host = \"imap.example.com\"");
    if (a.imap.user.empty()) return make_error(where + ": no user; add user = \"you@example.com\"");
    const std::string mode = tls.count(a.name) ? tls[a.name] : "imaps";
    a.imap.security = a.insecure_plaintext ? net::ImapSecurity::plaintext
                      : mode == "starttls"  ? net::ImapSecurity::starttls
                                            : net::ImapSecurity::imaps;
    if (a.mailboxes.empty()) a.mailboxes = {"INBOX"};
  }
  return accounts;
}

// The first line a password command prints; it runs through /bin/sh -c, as a crontab line would.
Result<std::string> run_password_command(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return make_error("password_command could not be started: " + std::string(std::strerror(errno)));
  std::string first_line;
  char buffer[4096];
  bool line_done = false;
  while (std::fgets(buffer, sizeof buffer, pipe)) {
    if (!line_done) first_line += buffer;
    if (!first_line.empty() && first_line.back() == '\n') line_done = true;
  }
  const int status = ::pclose(pipe);
  while (!first_line.empty() && (first_line.back() == '\n' || first_line.back() == '\r')) first_line.pop_back();
  std::fill(std::begin(buffer), std::end(buffer), '\0');
  if (status != 0) {
    return make_error("password_command failed (exit status " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : status) +
                      "); run it by hand to see why");
  }
  if (first_line.empty()) return make_error("password_command printed nothing; it must print the password on its first line");
  return first_line;
}

// Fills in the password (or says to use ~/.netrc), never in argv or a URL.
Status find_password(Account& a) {
  if (!a.password_command.empty()) {
    auto password = run_password_command(a.password_command);
    if (!password) return Error{password.error()};
    a.imap.password = std::move(*password);
    return ok_status();
  }
  if (!a.password_env.empty()) {
    const char* value = std::getenv(a.password_env.c_str());
    if (!value || !*value) {
      return make_error("the environment variable " + a.password_env + " (password_env) is not set or empty");
    }
    a.imap.password = value;
    return ok_status();
  }
  const char* home = std::getenv("HOME");
  std::error_code ec;
  if (a.netrc || (home && fs::exists(fs::path(home) / ".netrc", ec))) {
    a.imap.use_netrc = true;
    return ok_status();
  }
  return make_error("no password: set password_command (e.g. \"pass show mail/work\") or password_env in the "
                    "account's config section, use --password-command, or add the server to ~/.netrc");
}

// One lock per account and store, beside the store: a second run of the same account stops at once (or waits).
class AccountLock {
public:
  ~AccountLock() {
    if (m_fd >= 0) ::close(m_fd);  // closing releases the lock
  }
  // true: held; false: busy after `wait_seconds`; error: the file cannot be made.
  Result<bool> acquire(const std::string& path, double wait_seconds) {
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0) return make_error(path + ": cannot create the lock file: " + std::strerror(errno));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
    for (;;) {
      if (::flock(m_fd, LOCK_EX | LOCK_NB) == 0) return true;
      if (errno != EWOULDBLOCK && errno != EINTR) return make_error(path + ": cannot lock: " + std::strerror(errno));
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

private:
  int m_fd = -1;
};

std::string lock_path(const std::string& store_path, const std::string& account) {
  std::string safe;
  for (char ch : account) safe += std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.' ? ch : '_';
  return store_path + ".pull-" + safe + ".lock";
}

std::string now_utc_text() { return timeutil::format_iso(timeutil::now_utc(), 0); }

// Everything a run prints goes through here: JSON lines or text, --quiet and --verbose, and the
// password scrubbed from every line whatever its origin.
class Printer {
public:
  Printer(const PullOptions& o, Io& io) : m_o(o), m_io(io) {}
  void secret(const std::string& password) {
    if (!password.empty()) m_secrets.push_back(password);
  }
  std::string clean(std::string s) const {
    for (const auto& secret : m_secrets) s = net::scrub(std::move(s), secret);
    return printable(s);
  }
  void verbose(const std::string& account, const std::string& line) {
    if (m_o.verbose && !m_o.json) m_io.err << "pull " << clean(account) << ": " << clean(line) << "\n";
  }
  void error(const std::string& account, const std::string& message, bool temporary) {
    if (m_o.json) {
      json({{"type", "error"}, {"account", account}, {"error", message}, {"temporary", temporary}});
      return;
    }
    m_io.err << "inwriting: pull " << clean(account) << ": " << clean(message) << "\n";
  }
  void json(nlohmann::json j) {
    j["format_version"] = k_json_format_version;
    std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    for (const auto& secret : m_secrets) line = net::scrub(std::move(line), secret);
    m_io.out << line << "\n" << std::flush;
  }
  std::ostream& out() { return m_io.out; }
  const PullOptions& options() const { return m_o; }

private:
  const PullOptions& m_o;
  Io& m_io;
  std::vector<std::string> m_secrets;
};

struct Counts {
  int kept = 0;
  int duplicate = 0;
  int unparsed = 0;
  int failed = 0;
};

struct Context {
  const PullOptions& o;
  Printer& print;
  store::Store* store;  // null for a dry run without a store yet
  const model::ImportContext& parse;
  const PromiseFinder* finder;
};

std::string custody_detail(const Account& a, const std::string& mailbox, int64_t uidvalidity,
                           const net::FetchedMessage& m, const std::string& fetched_at) {
  nlohmann::json j = {{"server", net::server_url(a.imap)},
                      {"mailbox", mailbox},
                      {"uidvalidity", uidvalidity},
                      {"uid", m.uid},
                      {"internaldate", m.internaldate},
                      {"fetched_at", fetched_at},
                      {"account", a.name}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Keeps one fetched message and marks it taken, in one transaction. Returns its report.
SourceReport keep_message(Context& cx, const Account& a, const std::string& mailbox, int64_t uidvalidity,
                          net::FetchedMessage& m, store::PullOutcome& outcome) {
  const std::string origin = net::message_url(a.imap, mailbox, uidvalidity, m.uid);
  const std::string fetched_at = now_utc_text();
  const std::string detail = custody_detail(a, mailbox, uidvalidity, m, fetched_at);
  store::Store& store = *cx.store;
  // Read as an email whatever it looks like; "imap" is no file path, so no Maildir flags are read.
  Work w = prepare("imap", m.bytes, origin, origin, 0, "eml", cx.parse, nullptr);
  w.origin_kind = "mailbox";
  w.custody_detail = detail;
  auto fail = [&](SourceReport r, const std::string& why) {
    r.status = "failed";
    r.error = why;
    return r;
  };
  if (auto begun = store.begin_batch(); !begun) return fail(w.report, begun.error());
  SourceReport report;
  int64_t source_id = 0;
  std::string parse_error;
  if (w.report.status == "failed") {
    // Not readable as an email: the bytes are kept all the same, and the reason with them, so the
    // message is evidence still and is not fetched again on every run.
    parse_error = w.report.error;
    report = w.report;
    store::SourceRecord raw{std::move(m.bytes), origin, "mailbox", "unparsed", "unparsed/1", detail};
    auto kept = store.import_source(raw, {});
    if (!kept) {
      (void)store.commit_batch();
      return fail(report, kept.error());
    }
    source_id = kept->source_id;
    outcome = store::PullOutcome::unparsed;
    report.status = kept->status == store::ImportStatus::kept ? "unparsed" : "duplicate";
  } else {
    report = keep(w, store, *cx.finder);
    if (report.status == "failed") {
      (void)store.commit_batch();
      return report;
    }
    source_id = store.find_source(report.sha256).value_or(0);
    outcome = report.status == "kept" ? store::PullOutcome::imported : store::PullOutcome::duplicate;
  }
  store::PullRecord record{{a.name, mailbox, uidvalidity, m.uid}, outcome, source_id, parse_error, fetched_at};
  if (auto recorded = store.record_pull(record); !recorded) {
    // The source is kept either way; the next run finds its bytes kept and records it then.
    report.warnings.push_back(recorded.error());
  }
  if (auto committed = store.commit_batch(); !committed) return fail(report, committed.error());
  return report;
}

void print_message(Context& cx, const Account& a, const std::string& mailbox, int64_t uidvalidity,
                   const net::FetchedMessage& m, const SourceReport& r) {
  Printer& p = cx.print;
  if (cx.o.json) {
    p.json({{"type", "message"},
            {"account", a.name},
            {"mailbox", mailbox},
            {"uidvalidity", uidvalidity},
            {"uid", m.uid},
            {"internaldate", m.internaldate},
            {"source", r.source},
            {"status", r.status},
            {"sha256", r.sha256.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.sha256)},
            {"conversations", r.conversations},
            {"warnings", r.warnings},
            {"error", r.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.error)}});
    return;
  }
  if (r.status == "duplicate" && cx.o.quiet) return;
  if (r.status == "unparsed") {
    p.out() << "kept as raw bytes (not readable as an email) " << p.clean(r.source) << ": " << p.clean(r.error) << "\n";
    return;
  }
  // The same lines as import prints, through the scrubbing printer.
  for (const auto& w : r.warnings) p.error(a.name, "warning: " + w, false);
  if (r.status == "failed") {
    p.error(a.name, "failed " + r.source + ": " + r.error, false);
    return;
  }
  const char* label = r.status == "kept" ? "kept    " : "already kept ";
  if (r.human_conversations.empty()) p.out() << label << p.clean(r.source) << "\n";
  for (const auto& line : r.human_conversations) p.out() << label << p.clean(r.source) << ": " << p.clean(line) << "\n";
  p.out() << std::flush;
}

// "=?UTF-8?B?...?=" → the text, for people; JSON keeps the header as written.
std::string decoded_header(const std::string& raw) {
  static std::once_flag gmime_ready;
  std::call_once(gmime_ready, [] { g_mime_init(); });
  char* text = g_mime_utils_header_decode_text(nullptr, raw.c_str());
  std::string out = text ? text : raw;
  g_free(text);
  return out;
}

std::string size_text(int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  return std::to_string((bytes + 512) / 1024) + " KB";
}

// One mailbox: list, compare with what was taken, fetch and keep the rest in UID order.
Outcome pull_mailbox(Context& cx, net::ImapClient& client, const Account& a, const std::string& mailbox) {
  Printer& p = cx.print;
  Outcome result;
  auto stop = [&](const std::string& message) {
    const bool temporary = net::is_temporary(client.last_failure());
    p.error(a.name, message, temporary);
    (temporary ? result.temporary : result.permanent) = true;
    return result;
  };
  p.verbose(a.name, mailbox + ": opening it read-only and listing the messages to take");
  auto scanned = client.scan(mailbox, a.filter);
  if (!scanned) return stop(scanned.error());
  std::vector<int64_t> taken;
  if (cx.store) {
    auto pulled = cx.store->pulled_uids(a.name, mailbox, scanned->uidvalidity);
    if (!pulled) {
      p.error(a.name, pulled.error(), false);
      result.permanent = true;
      return result;
    }
    taken = std::move(*pulled);
  }
  std::vector<int64_t> todo;
  std::set_difference(scanned->uids.begin(), scanned->uids.end(), taken.begin(), taken.end(), std::back_inserter(todo));
  p.verbose(a.name, mailbox + ": UIDVALIDITY " + std::to_string(scanned->uidvalidity) + ", " +
                        std::to_string(scanned->exists) + " messages, " + std::to_string(scanned->uids.size()) +
                        " match, " + std::to_string(todo.size()) + " not taken yet");
  if (cx.o.dry_run) {
    if (todo.empty()) {
      if (cx.o.json) {
        p.json({{"type", "mailbox"}, {"account", a.name}, {"mailbox", mailbox}, {"uidvalidity", scanned->uidvalidity},
                {"would_fetch", 0}});
      } else if (!cx.o.quiet) {
        p.out() << a.name << " " << p.clean(mailbox) << ": nothing new to fetch\n";
      }
      return result;
    }
    auto listed = client.summaries(mailbox, scanned->uidvalidity, todo);
    if (!listed) return stop(listed.error());
    for (const auto& s : *listed) {
      if (cx.o.json) {
        p.json({{"type", "would_fetch"}, {"account", a.name}, {"mailbox", mailbox},
                {"uidvalidity", scanned->uidvalidity}, {"uid", s.uid}, {"internaldate", s.internaldate},
                {"size", s.size}, {"from", s.from}, {"subject", s.subject}});
      } else {
        p.out() << "would fetch " << p.clean(net::message_url(a.imap, mailbox, scanned->uidvalidity, s.uid)) << "  "
                << readable_time(s.internaldate) << "  " << size_text(s.size) << "  " << p.clean(decoded_header(s.from))
                << "  " << p.clean(decoded_header(s.subject)) << "\n";
      }
    }
    if (cx.o.json) {
      p.json({{"type", "mailbox"}, {"account", a.name}, {"mailbox", mailbox}, {"uidvalidity", scanned->uidvalidity},
              {"would_fetch", listed->size()}});
    } else if (!cx.o.quiet) {
      p.out() << a.name << " " << p.clean(mailbox) << ": " << listed->size() << " message(s) would be fetched\n";
    }
    return result;
  }
  Counts counts;
  for (const int64_t uid : todo) {
    p.verbose(a.name, mailbox + ": fetching UID " + std::to_string(uid));
    auto fetched = client.fetch(mailbox, scanned->uidvalidity, uid);
    if (!fetched && client.last_failure() == net::ImapFailure::gone) {
      p.verbose(a.name, fetched.error());
      continue;
    }
    if (!fetched) {
      stop(fetched.error());
      break;
    }
    store::PullOutcome outcome = store::PullOutcome::imported;
    const SourceReport report = keep_message(cx, a, mailbox, scanned->uidvalidity, *fetched, outcome);
    print_message(cx, a, mailbox, scanned->uidvalidity, *fetched, report);
    if (report.status == "failed") {
      ++counts.failed;
      // Another program writing to the store for longer than the busy timeout is a reason to try
      // again later; any other refusal (a full disk, a damaged store) needs a person.
      const bool busy = report.error.find("database is locked") != std::string::npos ||
                        report.error.find("database is busy") != std::string::npos;
      (busy ? result.temporary : result.permanent) = true;
      break;  // the store refused it: the next ones would fare no better
    }
    (report.status == "kept" ? counts.kept : report.status == "unparsed" ? counts.unparsed : counts.duplicate)++;
  }
  if (cx.o.json) {
    p.json({{"type", "mailbox"}, {"account", a.name}, {"mailbox", mailbox}, {"uidvalidity", scanned->uidvalidity},
            {"kept", counts.kept}, {"duplicate", counts.duplicate}, {"unparsed", counts.unparsed},
            {"failed", counts.failed}});
  } else if (!cx.o.quiet || counts.kept + counts.unparsed > 0) {
    if (counts.kept + counts.duplicate + counts.unparsed + counts.failed == 0) {
      if (!cx.o.quiet && !result.temporary && !result.permanent) p.out() << a.name << " " << p.clean(mailbox) << ": nothing new\n";
    } else {
      p.out() << a.name << " " << p.clean(mailbox) << ": " << counts.kept << " new, " << counts.duplicate
              << " already kept, " << counts.unparsed << " kept as raw bytes only\n";
    }
  }
  return result;
}

Outcome pull_account(Context& cx, Account& a, const std::string& store_path) {
  Printer& p = cx.print;
  Outcome result;
  if (a.imap.security == net::ImapSecurity::plaintext) {
    p.verbose(a.name, "insecure_plaintext: the password and the mail cross the network unencrypted");
  }
  AccountLock lock;
  if (!cx.o.dry_run) {
    const std::string path = lock_path(store_path, a.name);
    auto held = lock.acquire(path, cx.o.wait_seconds);
    if (!held) {
      p.error(a.name, held.error(), false);
      result.permanent = true;
      return result;
    }
    if (!*held) {
      p.error(a.name, "another pull of this account is running (lock " + path + "); nothing was done. Use --wait SECONDS "
                      "to wait for it",
              true);
      result.temporary = true;
      return result;
    }
  }
  if (auto found = find_password(a); !found) {
    p.error(a.name, found.error(), false);
    result.permanent = true;
    return result;
  }
  p.secret(a.imap.password);
  p.verbose(a.name, "connecting to " + net::server_url(a.imap) +
                        (a.imap.use_netrc ? " (password from ~/.netrc)" : ""));
  net::ImapClient client(a.imap);
  for (const auto& mailbox : a.mailboxes) {
    const Outcome one = pull_mailbox(cx, client, a, mailbox);
    result.add(one);
    // A server down, or a password refused, is the same for the next mailbox: stop here.
    const net::ImapFailure why = client.last_failure();
    if (why == net::ImapFailure::temporary || why == net::ImapFailure::authentication || why == net::ImapFailure::tls) {
      break;
    }
  }
  return result;
}

// `usage` says the error is in the command line (exit 2), not in the config file (exit 1).
Result<std::vector<Account>> chosen_accounts(const PullOptions& o, bool& usage) {
  std::vector<Account> chosen;
  usage = true;
  if (!o.url.empty() && !o.accounts.empty()) return make_error("give either account names or --url, not both");
  if (!o.since.empty() && !timeutil::parse_iso_date(o.since)) {
    return make_error("--since " + o.since + ": not a date; write it as YYYY-MM-DD");
  }
  if (!o.cacert.empty() && !fs::is_regular_file(o.cacert)) {
    return make_error("--cacert " + o.cacert + ": no such file; give the server's certificate or CA in PEM");
  }
  if (o.insecure_plaintext && o.url.rfind("imaps://", 0) == 0) {
    return make_error("--insecure-plaintext goes with an imap:// URL, not imaps://");
  }
  if (!o.url.empty()) {
    auto a = account_from_url(o.url);
    if (!a) return Error{a.error()};
    chosen.push_back(std::move(*a));
  } else {
    usage = false;
    auto configured = accounts_from_config(o.config_path);
    if (!configured) return Error{configured.error()};
    if (o.accounts.empty()) {
      chosen = std::move(*configured);
      if (chosen.empty()) {
        return make_error("no account to pull from: add a [pull.accounts.NAME] section to " +
                          (o.config_path.empty() ? std::string("the config file") : o.config_path) +
                          " (see 'man inwriting', PULL), or give --url imaps://USER@HOST/MAILBOX");
      }
    }
    for (const auto& name : o.accounts) {
      auto it = std::find_if(configured->begin(), configured->end(), [&](const Account& a) { return a.name == name; });
      if (it == configured->end()) {
        std::string names;
        for (const auto& a : *configured) names += (names.empty() ? "" : ", ") + a.name;
        return make_error("no account named " + name + " in " + o.config_path +
                          (names.empty() ? std::string(" (it has none)") : "; the accounts are: " + names));
      }
      chosen.push_back(*it);
    }
  }
  // The command line overrides the config, so a script can adjust one account.
  for (auto& a : chosen) {
    if (!o.password_command.empty()) a.password_command = o.password_command;
    if (!o.password_env.empty()) a.password_env = o.password_env;
    if (o.netrc) a.netrc = true;
    if (!o.cacert.empty()) a.imap.ca_file = o.cacert;
    if (o.insecure_plaintext) a.insecure_plaintext = true;
    if (!o.from.empty()) a.filter.from = o.from;
    if (!o.subject_contains.empty()) a.filter.subject_contains = o.subject_contains;
    if (!o.since.empty()) a.filter.since = o.since;
    if (a.insecure_plaintext) a.imap.security = net::ImapSecurity::plaintext;
  }
  usage = false;
  for (const auto& a : chosen) {
    const std::string where = o.config_path + ": [pull.accounts." + a.name + "]";
    if (!a.filter.since.empty() && !timeutil::parse_iso_date(a.filter.since)) {
      return make_error(where + " since = \"" + a.filter.since + "\": not a date; write it as YYYY-MM-DD");
    }
    std::error_code ec;
    if (!a.imap.ca_file.empty() && !fs::is_regular_file(a.imap.ca_file, ec)) {
      return make_error(where + " tls_ca_file = \"" + a.imap.ca_file +
                        "\": no such file; give the server's certificate or CA in PEM");
    }
  }
  return chosen;
}

}  // namespace

int run_pull(const PullOptions& o, const GlobalOptions& global, Io& io) {
  Printer print(o, io);
  bool usage = false;
  auto chosen = chosen_accounts(o, usage);
  if (!chosen) {
    io.err << "inwriting: pull: " << printable(chosen.error()) << "\n";
    return usage ? k_exit_usage : k_exit_some_failed;
  }
  auto context = make_import_context(o.parse);
  if (!context) {
    io.err << "inwriting: " << context.error() << "\n";
    return k_exit_usage;
  }
  const std::string store_path = global.store_path.empty() ? store::default_store_path() : global.store_path;
  std::unique_ptr<store::Store> store;
  std::optional<PromiseFinder> finder;
  if (o.dry_run) {
    std::error_code ec;
    if (fs::exists(store_path, ec)) {
      store = open_store(global, store::OpenMode::read_only, io);
      if (!store) return k_exit_store;
    }
  } else {
    int failed_with = k_exit_ok;
    finder = load_promise_finder(o.company_currencies, io, failed_with);
    if (!finder) return failed_with;
    store = open_store(global, store::OpenMode::read_write, io);
    if (!store) return k_exit_store;
  }
  Context cx{o, print, store.get(), *context, finder ? &*finder : nullptr};
  Outcome outcome;
  for (auto& account : *chosen) outcome.add(pull_account(cx, account, store_path));
  return outcome.exit_code();
}

void setup_pull(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state) {
  auto options = std::make_shared<PullOptions>();
  CLI::App* cmd = app.add_subcommand(
      "pull", "Fetch emailed transcripts from IMAP mailboxes (read-only, never marks mail read; safe from cron)");
  cmd->add_option("accounts", options->accounts, "Accounts to pull, as named in the config file (default: all)");
  cmd->add_option("--url", options->url, "One mailbox instead of the config's accounts: imaps://USER@HOST:PORT/MAILBOX "
                                         "(imap:// uses STARTTLS)");
  cmd->add_option("--password-command", options->password_command,
                  "A command (run by /bin/sh) whose first line of output is the password");
  cmd->add_option("--password-env", options->password_env, "The name of an environment variable holding the password");
  cmd->add_flag("--netrc", options->netrc, "Take the password from ~/.netrc");
  cmd->add_option("--cacert", options->cacert, "Trust this certificate or private CA (PEM) for the server");
  cmd->add_flag("--insecure-plaintext", options->insecure_plaintext,
                "With imap://: no TLS at all; password and mail cross the network in clear (loopback tests only)");
  cmd->add_option("--from", options->from, "Only messages from this address or name (repeatable: any of them)")
      ->allow_extra_args(false);
  cmd->add_option("--subject-contains", options->subject_contains,
                  "Only messages whose subject contains this (repeatable: any of them)")
      ->allow_extra_args(false);
  cmd->add_option("--since", options->since, "Only messages received on or after this day (YYYY-MM-DD)");
  cmd->add_option("--wait", options->wait_seconds, "If another pull of the account is running, wait this many seconds "
                                                   "for it (default: exit 75 at once)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--dry-run", options->dry_run, "List what would be fetched; fetch and keep nothing");
  cmd->add_flag("--quiet,-q", options->quiet, "Print nothing unless something was kept or failed (for cron)");
  cmd->add_flag("--verbose,-v", options->verbose, "Say what is being done, on standard error");
  cmd->add_flag("--json", options->json, "Print one JSON object per message, mailbox and error");
  cmd->add_option("--tz", options->parse.tz, "Time zone of transcripts whose clock has no zone, e.g. America/New_York");
  cmd->add_option("--me", options->parse.me, "A participant name that is you (repeatable)")->allow_extra_args(false);
  cmd->add_option("--company-domain", options->parse.company_domains,
                  "An email domain and the company it belongs to, as DOMAIN=COMPANY (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--company-currency", options->company_currencies,
                  "The currency a company bills in, as COMPANY=CODE (repeatable)")
      ->allow_extra_args(false);
  cmd->callback([options, &app, &global, &io, &state] {
    if (const CLI::Option* config = app.get_config_ptr()) options->config_path = config->as<std::string>();
    state.exit_code = run_pull(*options, global, io);
  });
}

}  // namespace inwriting::cli
