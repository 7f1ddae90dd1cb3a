#pragma once
// One HTTP(S) request over libcurl: transcript links (capture --url) and RFC 3161 time-stamping.
// HTTPS is always verified; only http and https are spoken, also across redirects.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "inwriting/util/result.hpp"

namespace inwriting::net {

struct HttpRequest {
  std::string url;
  std::string method = "GET";              // GET or POST
  std::string body;                         // POST body
  std::string content_type;                 // POST Content-Type
  std::vector<std::string> headers;         // extra "Name: value" lines
  std::string ca_file;                      // extra trusted CA bundle (PEM); HTTPS is always verified
  long max_redirects = 5;
  size_t max_bytes = 16 * 1024 * 1024;      // the body is refused (error) past this
  long timeout_seconds = 30;
  long connect_timeout_seconds = 10;
  std::string user_agent;                   // empty: "inwriting/VERSION"
};

struct HttpResponse {
  long status = 0;
  std::string final_url;
  std::vector<std::pair<std::string, std::string>> headers;  // of the final response, in order
  std::string body;
  std::string fetched_at;                   // RFC 3339 UTC, when the response ended
};

// An error (DNS, refused, TLS verification, timeout, too many redirects, body over max_bytes) is
// one line for people naming the URL: "https://x/y: the certificate is not trusted (use --cacert FILE for a private CA)".
// A non-2xx status is NOT an error here: callers decide.
Result<HttpResponse> http_request(const HttpRequest& request);

// The value of the first header named `name` (case-insensitive), or "" when absent.
std::string header_value(const HttpResponse& response, std::string_view name);

}  // namespace inwriting::net
