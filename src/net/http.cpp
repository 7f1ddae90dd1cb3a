// The HTTP client over libcurl. Every failure becomes one sentence naming the URL and, where the
// user can do something about it, what to do.
#include "inwriting/net/http.hpp"

#include <curl/curl.h>
#include <sys/stat.h>

#include <memory>
#include <mutex>

#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::net {
namespace {

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// curl_global_init is not thread-safe in every libcurl build: do it once, before any handle.
bool global_init() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] { ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; });
  return ok;
}

// A URL as it may be shown: "user:password@" is dropped, so an error never repeats a password.
std::string shown_url(const std::string& url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    return url;
  }
  const size_t host_start = scheme_end + 3;
  const size_t authority_end = url.find_first_of("/?#", host_start);
  const size_t at = url.rfind('@', authority_end == std::string::npos ? url.size() : authority_end);
  if (at == std::string::npos || at < host_start) {
    return url;
  }
  return url.substr(0, host_start) + url.substr(at + 1);
}

std::string megabytes(size_t bytes) {
  const size_t mb = bytes / (1024 * 1024);
  if (mb * 1024 * 1024 == bytes && mb > 0) {
    return std::to_string(mb) + " MB";
  }
  return std::to_string(bytes) + " bytes";
}

struct Transfer {
  size_t max_bytes = 0;
  bool too_large = false;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (transfer->body.size() + n > transfer->max_bytes) {
    transfer->too_large = true;
    return 0;  // libcurl stops with CURLE_WRITE_ERROR
  }
  transfer->body.append(data, n);
  return n;
}

// libcurl hands over the headers of every response on the way (redirects, 100 Continue): a status
// line starts a new response, so only the last one's headers remain.
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t n = size * count;
  std::string line(data, n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.pop_back();
  }
  if (line.rfind("HTTP/", 0) == 0) {
    transfer->headers.clear();
    return n;
  }
  if (line.empty()) {
    return n;
  }
  if ((line[0] == ' ' || line[0] == '\t') && !transfer->headers.empty()) {
    transfer->headers.back().second += " " + std::string(text::trim(line));  // an obsolete folded line
    return n;
  }
  const size_t colon = line.find(':');
  if (colon == std::string::npos) {
    return n;
  }
  transfer->headers.emplace_back(std::string(text::trim(std::string_view(line).substr(0, colon))), std::string(text::trim(std::string_view(line).substr(colon + 1))));
  return n;
}

std::string describe_failure(CURLcode code, const HttpRequest& request, const Transfer& transfer, const char* detail) {
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
      if (text::starts_with_icase(request.url, "https://")) {
        return "it redirects to an address that is not https (refused: the page would travel unencrypted)";
      }
      return "only http:// and https:// addresses can be fetched";
    case CURLE_URL_MALFORMAT:
      return "this is not a web address that can be fetched (check it was copied whole)";
    case CURLE_COULDNT_RESOLVE_HOST:
      return "the host name could not be found (check the address and your internet connection)";
    case CURLE_COULDNT_RESOLVE_PROXY:
      return "the proxy's host name could not be found (check the proxy settings)";
    case CURLE_COULDNT_CONNECT:
      return "the server could not be reached (the connection was refused or the network is down)";
    case CURLE_OPERATION_TIMEDOUT:
      return "no complete answer within " + std::to_string(request.timeout_seconds) + " seconds (try again later)";
    case CURLE_TOO_MANY_REDIRECTS:
      return "more than " + std::to_string(request.max_redirects) + " redirects (the site is sending it round in a loop)";
    case CURLE_PEER_FAILED_VERIFICATION:
      return "the certificate is not trusted (use --cacert FILE for a private CA)";
    case CURLE_SSL_CACERT_BADFILE:
      return "the CA file " + request.ca_file + " could not be read as PEM certificates";
    case CURLE_SSL_CONNECT_ERROR:
      return std::string("the secure connection failed (") + detail + ")";
    case CURLE_FILESIZE_EXCEEDED:
      return "the answer is larger than " + megabytes(request.max_bytes) + "; refused";
    case CURLE_WRITE_ERROR:
      if (transfer.too_large) {
        return "the answer is larger than " + megabytes(request.max_bytes) + "; refused";
      }
      break;
    case CURLE_GOT_NOTHING:
      return "the server closed the connection without answering";
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      return "the connection broke before the answer was complete (try again)";
    default:
      break;
  }
  return std::string(*detail ? detail : curl_easy_strerror(code));
}

}  // namespace

std::string header_value(const HttpResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key.size() == name.size() && text::starts_with_icase(key, name)) {
      return value;
    }
  }
  return {};
}

Result<HttpResponse> http_request(const HttpRequest& request) {
  const std::string where = shown_url(request.url);
  if (request.method != "GET" && request.method != "POST") {
    return make_error(where + ": method " + request.method + " is not supported (GET or POST)");
  }
  if (!request.ca_file.empty()) {
    struct stat info {};
    if (stat(request.ca_file.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
      return make_error(request.ca_file + ": no such CA file (give the PEM file of the private CA with --cacert)");
    }
  }
  if (!global_init()) {
    return make_error(where + ": libcurl could not start (out of memory?)");
  }
  std::unique_ptr<CURL, EasyDeleter> easy(curl_easy_init());
  if (!easy) {
    return make_error(where + ": libcurl could not start (out of memory?)");
  }
  CURL* h = easy.get();
  Transfer transfer;
  transfer.max_bytes = request.max_bytes;
  char detail[CURL_ERROR_SIZE] = {0};
  const std::string agent = request.user_agent.empty() ? std::string("inwriting/") + INWRITING_VERSION : request.user_agent;

  std::unique_ptr<curl_slist, SlistDeleter> header_list;
  auto add_header = [&](const std::string& line) {
    curl_slist* grown = curl_slist_append(header_list.get(), line.c_str());
    if (grown) {
      (void)header_list.release();
      header_list.reset(grown);
    }
  };
  for (const auto& line : request.headers) {
    add_header(line);
  }
  if (request.method == "POST" && !request.content_type.empty()) {
    add_header("Content-Type: " + request.content_type);
  }

  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for DNS timeouts: callers may be threaded
  // Without these a redirect could lead libcurl to file://, dict:// or gopher://: refuse to go on.
  // From https, redirects stay on https: the page must not come back unencrypted.
  const bool secure = text::starts_with_icase(request.url, "https://");
  if (curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK ||
      curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, secure ? "https" : "http,https") != CURLE_OK) {
    return make_error(where + ": this libcurl cannot be limited to http and https (it needs 7.85 or later)");
  }
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, request.max_redirects > 0 ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, request.max_redirects);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, request.timeout_seconds);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, request.connect_timeout_seconds);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!request.ca_file.empty()) {
    // CAINFO replaces the default bundle; the system's hashed directory stays trusted beside it.
    curl_easy_setopt(h, CURLOPT_CAINFO, request.ca_file.c_str());
    struct stat info {};
    if (stat("/etc/ssl/certs", &info) == 0 && S_ISDIR(info.st_mode)) {
      curl_easy_setopt(h, CURLOPT_CAPATH, "/etc/ssl/certs");
    }
  }
  // The bytes kept must be the bytes the server sent: no Accept-Encoding, no decoding.
  curl_easy_setopt(h, CURLOPT_HTTP_CONTENT_DECODING, 0L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, agent.c_str());
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_bytes));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
  if (header_list) {
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get());
  }
  if (request.method == "POST") {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }

  const CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK) {
    return make_error(where + ": " + describe_failure(code, request, transfer, detail));
  }

  HttpResponse response;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
  char* effective = nullptr;
  curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective);
  response.final_url = effective ? shown_url(effective) : where;
  response.headers = std::move(transfer.headers);
  response.body = std::move(transfer.body);
  response.fetched_at = timeutil::format_iso(timeutil::now_utc(), 0);
  return response;
}

}  // namespace inwriting::net
