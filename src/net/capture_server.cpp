// The capture server over cpp-httplib: 127.0.0.1 only, every request checked before routing.
// Debian's cpp-httplib 0.11.4 checks its size limit only against Content-Length and inflates gzip
// request bodies itself, so chunked and encoded bodies are refused here, before it reads them.
#include "inwriting/net/capture_server.hpp"

#include "httplib.hpp"
#include <openssl/rand.h>
#include <sys/socket.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "capture_server_pages.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::net {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto k_token_lifetime = std::chrono::hours(2);
constexpr size_t k_max_tokens = 256;
constexpr size_t k_max_url_bytes = 16 * 1024;
constexpr size_t k_max_title_bytes = 4 * 1024;

// Every response, refused ones too: nothing here may be framed, sniffed, cached or run inline code.
const httplib::Headers& security_headers() {
  static const httplib::Headers headers = {
      {"Content-Security-Policy",
       "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Cache-Control", "no-store"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
  };
  return headers;
}

std::string random_token() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return {};
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

std::string replaced(std::string text, const std::string& mark, const std::string& value) {
  for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size())) {
    text.replace(at, mark.size(), value);
  }
  return text;
}

// Percent-encodes all but a few characters that are safe both in a URL and in a quoted attribute.
std::string percent_encode(const std::string& s) {
  static const std::string safe = "-_.~!*();:,/=+?$@'[]{}|";
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || safe.find(static_cast<char>(c)) != std::string::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

nlohmann::json summary_json(const CaptureSummary& s) {
  nlohmann::json speakers = nlohmann::json::array();
  for (const auto& sp : s.speakers) {
    speakers.push_back({{"name", sp.name}, {"role", sp.role}});
  }
  nlohmann::json promises = nlohmann::json::array();
  for (const auto& p : s.promises) {
    promises.push_back({{"kind", p.kind}, {"amount", p.amount}, {"currency", p.currency}, {"due", p.due}, {"by", p.by},
                        {"quote", p.quote}});
  }
  return {{"ok", s.ok},
          {"error", s.error},
          {"status", s.status},
          {"channel", s.channel},
          {"format", s.format},
          {"company", s.company},
          {"messages", s.messages},
          {"speakers", speakers},
          {"promises", promises},
          {"conversation_ids", s.conversation_ids}};
}

// A sliding window: at most `limit` events in `window`.
bool allow(std::deque<Clock::time_point>& events, Clock::duration window, int limit, Clock::time_point now) {
  while (!events.empty() && now - events.front() > window) {
    events.pop_front();
  }
  if (static_cast<int>(events.size()) >= limit) {
    return false;
  }
  events.push_back(now);
  return true;
}

}  // namespace

struct CaptureServer::Impl {
  CaptureServerOptions options;
  CaptureHandler handler;
  RefusalLogger log_refusal;
  httplib::Server server;
  int port = 0;
  std::string host;    // "127.0.0.1:PORT", the only Host accepted
  std::string origin;  // "http://127.0.0.1:PORT", the only Origin a POST may carry

  std::mutex state_mutex;    // tokens and rate windows
  std::mutex handler_mutex;  // the caller's handler is never run twice at once
  std::mutex log_mutex;
  std::map<std::string, Clock::time_point> tokens;
  std::deque<Clock::time_point> recent_requests;
  std::deque<Clock::time_point> recent_saves;

  httplib::Server::HandlerResponse refuse(const httplib::Request& req, httplib::Response& res, int status,
                                          const std::string& why) {
    res.status = status;
    res.body.clear();
    // The unread body (if any) must not be taken for the next request on this connection
    // (cpp-httplib adds the header itself when the client asked to close).
    if (req.get_header_value("Connection") != "close") res.set_header("Connection", "close");
    if (log_refusal) {
      std::string path = req.path.substr(0, 80);
      for (char& c : path) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
      }
      std::lock_guard lock(log_mutex);
      log_refusal("refused " + req.method.substr(0, 10) + " " + path + (req.path.size() > 80 ? "…" : "") + ": " + why);
    }
    return httplib::Server::HandlerResponse::Handled;
  }

  httplib::Server::HandlerResponse check(const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard lock(state_mutex);
      if (!allow(recent_requests, std::chrono::seconds(10), options.requests_per_10_seconds, Clock::now())) {
        res.set_header("Retry-After", "10");
        return refuse(req, res, 429, "too many requests");
      }
    }
    if (req.target.size() > options.max_path_bytes || req.path.size() > options.max_path_bytes) {
      return refuse(req, res, 414, "path longer than " + std::to_string(options.max_path_bytes) + " bytes");
    }
    if (req.get_header_value_count("Host") != 1 || req.get_header_value("Host") != host) {
      return refuse(req, res, 421, "Host is not " + host + " (a page on another name, e.g. DNS rebinding)");
    }
    if (req.method != "GET" && req.method != "HEAD" && req.method != "POST") {
      return refuse(req, res, 405, "method not allowed");
    }
    if (req.has_header("Transfer-Encoding")) {
      return refuse(req, res, 400, "Transfer-Encoding on a request (its size could not be checked first)");
    }
    if (req.has_header("Content-Encoding")) {
      return refuse(req, res, 415, "Content-Encoding on a request (its size could not be checked first)");
    }
    if (req.method == "POST") {
      if (req.get_header_value_count("Origin") != 1 || req.get_header_value("Origin") != origin) {
        return refuse(req, res, 403, "POST not from inwriting's own page (Origin is not " + origin + ")");
      }
      if (req.get_header_value_count("Content-Length") != 1) {
        return refuse(req, res, 411, "POST without Content-Length");
      }
      const std::string length = req.get_header_value("Content-Length");
      if (length.empty() || length.size() > 12 || length.find_first_not_of("0123456789") != std::string::npos ||
          std::stoull(length) > options.max_body_bytes) {
        return refuse(req, res, 413, "body larger than " + std::to_string(options.max_body_bytes) + " bytes");
      }
    } else if (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0") {
      return refuse(req, res, 400, "a body on a " + req.method.substr(0, 10));
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }

  std::string issue_token() {
    std::string token = random_token();
    std::lock_guard lock(state_mutex);
    const auto now = Clock::now();
    for (auto it = tokens.begin(); it != tokens.end();) {
      it = now - it->second > k_token_lifetime ? tokens.erase(it) : std::next(it);
    }
    while (tokens.size() >= k_max_tokens) {
      auto oldest = tokens.begin();
      for (auto it = tokens.begin(); it != tokens.end(); ++it) {
        if (it->second < oldest->second) oldest = it;
      }
      tokens.erase(oldest);
    }
    if (!token.empty()) tokens[token] = now;
    return token;
  }

  bool valid_token(const std::string& token) {
    std::lock_guard lock(state_mutex);
    auto it = tokens.find(token);
    return !token.empty() && it != tokens.end() && Clock::now() - it->second <= k_token_lifetime;
  }

  void reply(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json; charset=utf-8");
  }

  void page_request(const httplib::Request& req, httplib::Response& res, CaptureAction action) {
    const std::string token = req.get_header_value("X-Inwriting-Token");
    if (!valid_token(token)) {
      refuse(req, res, 403, "missing or unknown page token");
      return;
    }
    const std::string type = req.get_header_value("Content-Type");
    if (type.rfind("application/json", 0) != 0) {
      refuse(req, res, 415, "not JSON");
      return;
    }
    const nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
    auto text_field = [&](const char* name) -> std::string {
      if (!body.is_object() || !body.contains(name) || !body[name].is_string()) return {};
      return body[name].get<std::string>();
    };
    CapturedPage page;
    page.html = text_field("html");
    page.page_url = text_field("url");
    page.title = text_field("title");
    page.user_agent = req.get_header_value("User-Agent");
    if (body.is_discarded() || page.html.empty()) {
      reply(res, 400, {{"ok", false}, {"error", "The page arrived empty or damaged; click the bookmarklet again."}});
      return;
    }
    if (page.page_url.size() > k_max_url_bytes) page.page_url.resize(k_max_url_bytes);
    if (page.title.size() > k_max_title_bytes) page.title.resize(k_max_title_bytes);
    if (action == CaptureAction::save) {
      std::lock_guard lock(state_mutex);
      if (!allow(recent_saves, std::chrono::minutes(1), options.saves_per_minute, Clock::now())) {
        reply(res, 429, {{"ok", false}, {"error", "Too many saves in a minute; wait a moment and press Save again."}});
        return;
      }
    }
    page.captured_at = timeutil::format_iso(timeutil::now_utc(), 0);
    CaptureSummary summary;
    {
      std::lock_guard lock(handler_mutex);
      summary = handler(page, action);
    }
    if (action == CaptureAction::save && summary.ok) {
      std::lock_guard lock(state_mutex);
      tokens.erase(token);  // one page, one save
    }
    reply(res, summary.ok ? 200 : 422, summary_json(summary));
  }

  void routes() {
    server.set_default_headers(security_headers());
    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) { return check(req, res); });
    server.Get("/", [this](const httplib::Request&, httplib::Response& res) {
      std::string html = replaced(pages::index_html(), "@BOOKMARKLET@", bookmarklet_url(origin));
      res.set_content(replaced(std::move(html), "@PORT@", std::to_string(port)), "text/html; charset=utf-8");
    });
    server.Get("/capture", [this](const httplib::Request&, httplib::Response& res) {
      const std::string token = issue_token();
      if (token.empty()) {
        res.status = 500;
        return;
      }
      res.set_content(replaced(pages::capture_html(), "@TOKEN@", token), "text/html; charset=utf-8");
    });
    server.Get("/capture.js", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(pages::capture_js(), "text/javascript; charset=utf-8");
    });
    server.Get("/style.css", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(pages::style_css(), "text/css; charset=utf-8");
    });
    server.Post("/api/preview", [this](const httplib::Request& req, httplib::Response& res) { page_request(req, res, CaptureAction::review); });
    server.Post("/api/save", [this](const httplib::Request& req, httplib::Response& res) { page_request(req, res, CaptureAction::save); });
  }
};

std::string bookmarklet_url(const std::string& origin) {
  return "javascript:" + percent_encode(pages::bookmarklet_source(origin));
}

CaptureServer::CaptureServer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
CaptureServer::~CaptureServer() { stop(); }

Result<std::unique_ptr<CaptureServer>> CaptureServer::bind(const CaptureServerOptions& options, CaptureHandler handler,
                                                           RefusalLogger log_refusal) {
  if (options.port < 0 || options.port > 65535) {
    return make_error("--port " + std::to_string(options.port) + ": not a port number (0 to 65535; 0 picks a free one)");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->handler = std::move(handler);
  impl->log_refusal = std::move(log_refusal);
  httplib::Server& server = impl->server;
  // cpp-httplib's default sets SO_REUSEPORT, which would let another process bind the same port
  // and take the captures; SO_REUSEADDR alone only allows a quick restart.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server.set_read_timeout(static_cast<time_t>(options.read_timeout_seconds), 0);
  server.set_write_timeout(static_cast<time_t>(options.write_timeout_seconds), 0);
  // An idle browser connection holds a worker (and a stop) this long.
  server.set_keep_alive_timeout(2);
  server.set_keep_alive_max_count(50);
  server.set_payload_max_length(options.max_body_bytes);
  errno = 0;
  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port("127.0.0.1");
  } else if (!server.bind_to_port("127.0.0.1", port)) {
    port = -1;
  }
  if (port <= 0) {
    const std::string why = errno == EADDRINUSE ? "the port is in use (is inwriting serve already running?); choose another with --port N, or 0 for a free one"
                            : errno != 0       ? std::string(std::strerror(errno))
                                               : std::string("could not listen");
    return make_error("127.0.0.1:" + std::to_string(options.port) + ": " + why);
  }
  impl->port = port;
  impl->host = "127.0.0.1:" + std::to_string(port);
  impl->origin = "http://" + impl->host;
  impl->routes();
  return std::unique_ptr<CaptureServer>(new CaptureServer(std::move(impl)));
}

int CaptureServer::port() const { return m_impl->port; }
std::string CaptureServer::base_url() const { return m_impl->origin + "/"; }

Status CaptureServer::run() {
  if (!m_impl->server.listen_after_bind()) {
    return make_error(m_impl->origin + ": the server stopped listening");
  }
  return ok_status();
}

void CaptureServer::stop() {
  if (m_impl) m_impl->server.stop();
}

}  // namespace inwriting::net
