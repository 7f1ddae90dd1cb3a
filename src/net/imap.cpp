// The IMAP client: libcurl speaks the protocol's session (TLS, STARTTLS, login, the connection
// kept between commands); each command is sent as a custom request with no mailbox in the URL, so
// libcurl never SELECTs on its own (a SELECT may change a mailbox's state; EXAMINE never does),
// and every line of the server's answer, literals included, is read from the header callback.
#include "inwriting/net/imap.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>

#include "imap_protocol.hpp"

namespace inwriting::net {

namespace {

std::once_flag g_curl_initialised;

size_t collect(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

// Custom commands' untagged lines also come as the body: the header stream has them already.
size_t discard(char*, size_t size, size_t count, void*) { return size * count; }

int default_port(ImapSecurity security) { return security == ImapSecurity::imaps ? 993 : 143; }

std::string escaped_mailbox(const std::string& mailbox) {
  char* e = curl_easy_escape(nullptr, mailbox.c_str(), static_cast<int>(mailbox.size()));
  std::string out = e ? e : mailbox;
  curl_free(e);
  return out;
}

std::string advice(ImapFailure failure, CURLcode code) {
  switch (failure) {
    case ImapFailure::temporary:
      return "the server could not be reached or did not answer; the next run tries again";
    case ImapFailure::authentication:
      return "check the user name and the password (password_command, password_env or ~/.netrc)";
    case ImapFailure::tls:
      if (code == CURLE_USE_SSL_FAILED) {
        return "the server does not offer STARTTLS; use imaps:// (port 993), or insecure_plaintext = true on a "
               "trusted network only";
      }
      return "the connection is not safe: the server's certificate is not trusted or is for another name; check "
             "the host name, or trust the server's certificate or private CA with --cacert (tls_ca_file)";
    case ImapFailure::mailbox:
      return "check the mailbox name and the filters";
    default:
      return "";
  }
}

}  // namespace

bool is_temporary(ImapFailure failure) {
  return failure == ImapFailure::temporary || failure == ImapFailure::changed;
}

std::string scrub(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

std::string server_url(const ImapAccount& a) {
  const int port = a.port > 0 ? a.port : default_port(a.security);
  std::string host = a.host.find(':') != std::string::npos ? "[" + a.host + "]" : a.host;
  std::string user;
  if (!a.user.empty()) {
    char* e = curl_easy_escape(nullptr, a.user.c_str(), static_cast<int>(a.user.size()));
    user = std::string(e ? e : a.user.c_str()) + "@";
    curl_free(e);
  }
  return std::string(a.security == ImapSecurity::imaps ? "imaps://" : "imap://") + user + host + ":" +
         std::to_string(port);
}

std::string message_url(const ImapAccount& a, const std::string& mailbox, std::optional<int64_t> uidvalidity,
                        std::optional<int64_t> uid) {
  std::string url = server_url(a) + "/" + escaped_mailbox(mailbox);
  if (uidvalidity) url += ";UIDVALIDITY=" + std::to_string(*uidvalidity);
  if (uid) url += "/;UID=" + std::to_string(*uid);
  return url;
}

struct ImapClient::Session {
  CURL* curl = nullptr;
  std::string response;
  char error[CURL_ERROR_SIZE] = {};
  ~Session() {
    if (curl) curl_easy_cleanup(curl);
  }
};

ImapClient::ImapClient(ImapAccount account) : m_account(std::move(account)) {}

ImapClient::~ImapClient() = default;

Error ImapClient::failed(ImapFailure failure, std::string message) {
  m_last_failure = failure;
  return make_error(scrub(std::move(message), m_account.password));
}

Result<std::string> ImapClient::run(const std::string& command, const std::string& what) {
  const std::string where = server_url(m_account);
  if (!m_session) {
    std::call_once(g_curl_initialised, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_session = std::make_unique<Session>();
    m_session->curl = curl_easy_init();
    if (!m_session->curl) {
      m_session.reset();
      return failed(ImapFailure::temporary, where + ": cannot start libcurl; is the system short of memory?");
    }
    CURL* c = m_session->curl;
    // The URL names no mailbox: see the comment at the top.
    curl_easy_setopt(c, CURLOPT_URL, (where + "/").c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "imap,imaps");
    if (m_account.use_netrc) {
      // The user name is in the URL: given as CURLOPT_USERNAME too, libcurl would send an empty
      // password instead of looking the user up in the netrc file.
      curl_easy_setopt(c, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_REQUIRED));
      if (!m_account.netrc_file.empty()) curl_easy_setopt(c, CURLOPT_NETRC_FILE, m_account.netrc_file.c_str());
    } else {
      curl_easy_setopt(c, CURLOPT_USERNAME, m_account.user.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, m_account.password.c_str());
    }
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     static_cast<long>(m_account.security == ImapSecurity::plaintext ? CURLUSESSL_NONE : CURLUSESSL_ALL));
    if (!m_account.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, m_account.ca_file.c_str());
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, m_account.connect_timeout_seconds);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, m_account.stall_timeout_seconds);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    // Response lines longer than half the buffer are cut by libcurl: take the largest it allows.
    curl_easy_setopt(c, CURLOPT_BUFFERSIZE, static_cast<long>(CURL_MAX_READ_SIZE));
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &m_session->response);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, m_session->error);
  }
  CURL* c = m_session->curl;
  m_session->response.clear();
  m_session->error[0] = '\0';
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, command.c_str());
  const CURLcode code = curl_easy_perform(c);
  long new_connections = 0;
  curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &new_connections);
  if (new_connections > 0) {
    // A new connection (the first, or the old one dropped): nothing is selected on it.
    m_selected.clear();
  }
  if (code == CURLE_OK) {
    m_last_failure = ImapFailure::none;
    return std::move(m_session->response);
  }
  ImapFailure failure = ImapFailure::temporary;
  switch (code) {
    case CURLE_LOGIN_DENIED:
    case CURLE_REMOTE_ACCESS_DENIED:
      failure = ImapFailure::authentication;
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_USE_SSL_FAILED:
      failure = ImapFailure::tls;
      break;
    case CURLE_QUOTE_ERROR:
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      failure = ImapFailure::mailbox;
      break;
    default:
      break;
  }
  std::string why = m_session->error[0] ? std::string(m_session->error) : curl_easy_strerror(code);
  const std::string server_said = protocol::last_refusal(m_session->response);
  if (!server_said.empty()) why += " (the server said: " + server_said + ")";
  // libcurl logs in before the first command: a refused login is not that command's failure.
  std::string message = where + ": " + (failure == ImapFailure::authentication ? std::string("cannot log in") : what) +
                        ": " + why;
  if (const std::string next = advice(failure, code); !next.empty()) message += "; " + next;
  return failed(failure, message);
}

Status ImapClient::examine(const std::string& mailbox, std::optional<int64_t> expected, MailboxState* state) {
  auto answer = run("EXAMINE " + protocol::quoted(protocol::mailbox_name(mailbox)), "cannot open the mailbox " + mailbox);
  if (!answer) return Error{answer.error()};
  auto uidvalidity = protocol::response_code_number(*answer, "UIDVALIDITY");
  if (!uidvalidity) {
    return failed(ImapFailure::mailbox, message_url(m_account, mailbox) +
                                            ": the server did not give the mailbox's UIDVALIDITY, without which "
                                            "messages cannot be told apart between runs");
  }
  if (expected && *expected != *uidvalidity) {
    return failed(ImapFailure::changed, message_url(m_account, mailbox) + ": the mailbox changed during the run "
                                            "(UIDVALIDITY " + std::to_string(*expected) + " is now " +
                                            std::to_string(*uidvalidity) + "); the next run reads it again");
  }
  m_selected = mailbox;
  m_selected_uidvalidity = *uidvalidity;
  if (state) {
    state->uidvalidity = *uidvalidity;
    state->exists = protocol::exists(*answer).value_or(0);
  }
  return ok_status();
}

Result<MailboxState> ImapClient::scan(const std::string& mailbox, const ImapFilter& filter) {
  auto search = protocol::search_command(filter);
  if (!search) return failed(ImapFailure::mailbox, search.error());
  MailboxState state;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (auto opened = examine(mailbox, attempt == 0 ? std::nullopt : std::optional<int64_t>(state.uidvalidity), &state);
        !opened) {
      return Error{opened.error()};
    }
    auto answer = run(*search, "cannot list the messages of " + mailbox);
    if (!answer && m_selected.empty() && attempt == 0) continue;  // reconnected in between: open it again
    if (!answer) return Error{answer.error()};
    state.uids = protocol::search_results(*answer);
    return state;
  }
  return failed(ImapFailure::temporary, message_url(m_account, mailbox) + ": the connection kept dropping");
}

Result<FetchedMessage> ImapClient::fetch(const std::string& mailbox, int64_t uidvalidity, int64_t uid) {
  const std::string url = message_url(m_account, mailbox, uidvalidity, uid);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (m_selected != mailbox || m_selected_uidvalidity != uidvalidity) {
      if (auto opened = examine(mailbox, uidvalidity, nullptr); !opened) return Error{opened.error()};
    }
    auto answer = run(protocol::fetch_command(uid), "cannot fetch UID " + std::to_string(uid));
    if (!answer && m_selected.empty() && attempt == 0) continue;
    if (!answer) return Error{answer.error()};
    auto responses = protocol::fetch_responses(*answer);
    if (!responses) return failed(ImapFailure::temporary, url + ": the server's answer could not be read: " + responses.error());
    for (auto& r : *responses) {
      auto body = r.sections.find("body[]");
      if (r.uid != uid || body == r.sections.end()) continue;
      if (r.size && static_cast<size_t>(*r.size) != body->second.size()) {
        return failed(ImapFailure::temporary, url + ": the message came cut short (" +
                                                  std::to_string(body->second.size()) + " of " +
                                                  std::to_string(*r.size) + " bytes)");
      }
      FetchedMessage m;
      m.uid = uid;
      m.bytes = std::move(body->second);
      if (!r.internaldate.empty()) {
        auto when = protocol::internaldate_rfc3339(r.internaldate);
        m.internaldate = when ? *when : r.internaldate;
      }
      return m;
    }
    return failed(ImapFailure::gone, url + ": the message is no longer in the mailbox");
  }
  return failed(ImapFailure::temporary, url + ": the connection kept dropping");
}

Result<std::vector<MessageSummary>> ImapClient::summaries(const std::string& mailbox, int64_t uidvalidity,
                                                          const std::vector<int64_t>& uids) {
  std::vector<MessageSummary> out;
  constexpr size_t k_per_command = 200;
  for (size_t start = 0; start < uids.size(); start += k_per_command) {
    const std::vector<int64_t> part(uids.begin() + static_cast<std::ptrdiff_t>(start),
                                    uids.begin() + static_cast<std::ptrdiff_t>(std::min(uids.size(), start + k_per_command)));
    if (m_selected != mailbox || m_selected_uidvalidity != uidvalidity) {
      if (auto opened = examine(mailbox, uidvalidity, nullptr); !opened) return Error{opened.error()};
    }
    auto answer = run(protocol::summary_command(part), "cannot read the messages' headers");
    if (!answer) return Error{answer.error()};
    auto responses = protocol::fetch_responses(*answer);
    if (!responses) {
      return failed(ImapFailure::temporary, message_url(m_account, mailbox, uidvalidity) +
                                                ": the server's answer could not be read: " + responses.error());
    }
    for (const auto& r : *responses) {
      if (!r.uid) continue;
      MessageSummary s;
      s.uid = *r.uid;
      s.size = r.size.value_or(0);
      if (!r.internaldate.empty()) {
        auto when = protocol::internaldate_rfc3339(r.internaldate);
        s.internaldate = when ? *when : r.internaldate;
      }
      for (const auto& [name, bytes] : r.sections) {
        s.from = protocol::header_value(bytes, "From");
        s.subject = protocol::header_value(bytes, "Subject");
      }
      out.push_back(std::move(s));
    }
  }
  std::sort(out.begin(), out.end(), [](const MessageSummary& a, const MessageSummary& b) { return a.uid < b.uid; });
  return out;
}

}  // namespace inwriting::net
