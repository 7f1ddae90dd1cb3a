#pragma once
// The local server a bookmarklet sends an open chat page to (`inwriting serve`). It serves its own
// few pages, checks every request, and hands a captured page to the caller; it knows nothing of the
// store: the cli's callback reads the page, and keeps it when asked to.
//
// The way in, as browsers allow it today: the bookmarklet opens http://127.0.0.1:PORT/capture#<the
// page, encoded> in a new window (or, past the URL limit, sends it there with postMessage); that
// page shows what inwriting understood and a Save button, which POSTs same-origin with the page's
// own token. A fetch() straight from the chat site would meet the site's CSP and Chromium's Local
// Network Access prompt.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "inwriting/util/result.hpp"

namespace inwriting::net {

struct CapturedPage {
  std::string page_url;     // what the page said its address was
  std::string title;
  std::string html;         // the bytes the capture page sent: the chat page's HTML as the browser had it
  std::string user_agent;   // of the browser that sent it
  std::string captured_at;  // RFC 3339 UTC, when the server received it
};

// What the caller understood of a page (and, when saving, what it kept): shown on the review page.
struct CaptureSummary {
  bool ok = false;
  std::string error;   // for people, when !ok
  std::string status;  // "understood" (preview), "kept", "duplicate"
  std::string channel;
  std::string format;
  std::string company;
  size_t messages = 0;
  struct Speaker {
    std::string name;
    std::string role;
  };
  std::vector<Speaker> speakers;
  struct Promise {
    std::string kind, amount, currency, due, by, quote;
  };
  std::vector<Promise> promises;
  std::vector<long long> conversation_ids;  // when kept
};

// What the review page asks: what is in the page (nothing stored), or to keep it.
enum class CaptureAction { review, save };
// Calls never overlap.
using CaptureHandler = std::function<CaptureSummary(const CapturedPage& page, CaptureAction action)>;
// One line for the log about a refused request (no page content, no token).
using RefusalLogger = std::function<void(const std::string& line)>;

struct CaptureServerOptions {
  int port = 0;                            // 0: a free one
  size_t max_body_bytes = 8 * 1024 * 1024;
  long read_timeout_seconds = 10;
  long write_timeout_seconds = 10;
  int requests_per_10_seconds = 200;       // all requests; past it: 429
  int saves_per_minute = 30;
  size_t max_path_bytes = 256;
};

class CaptureServer {
public:
  // Binds 127.0.0.1:port (without SO_REUSEPORT, so no other process can share the port).
  static Result<std::unique_ptr<CaptureServer>> bind(const CaptureServerOptions& options, CaptureHandler handler,
                                                     RefusalLogger log_refusal = {});
  ~CaptureServer();
  CaptureServer(const CaptureServer&) = delete;
  CaptureServer& operator=(const CaptureServer&) = delete;

  int port() const;
  std::string base_url() const;  // "http://127.0.0.1:PORT/"
  // Serves until stop() (from another thread); an error when the listening socket fails.
  Status run();
  void stop();

  struct Impl;

private:
  explicit CaptureServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// The bookmarklet's javascript: URL for a server at `origin` ("http://127.0.0.1:PORT").
std::string bookmarklet_url(const std::string& origin);

}  // namespace inwriting::net
