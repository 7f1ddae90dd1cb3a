#include "tsa_client.hpp"

#include "inwriting/net/http.hpp"

namespace inwriting::cli {

Result<exporter::TimestampToken> request_timestamp(const std::string& url, std::string_view data, const std::string& ca_file) {
  const exporter::TimestampRequest query = exporter::make_timestamp_request(data);
  if (query.der.empty()) {
    return make_error(url + ": OpenSSL could not make the time-stamp request; check that libssl3 is installed whole");
  }
  net::HttpRequest request;
  request.url = url;
  request.method = "POST";
  request.body = query.der;
  request.content_type = "application/timestamp-query";
  request.headers = {"Accept: application/timestamp-reply"};
  request.ca_file = ca_file;
  request.max_bytes = 1024 * 1024;  // a reply is a few kilobytes: a certificate chain and a signature
  auto response = net::http_request(request);
  if (!response) return Error{response.error()};
  if (response->status != 200) {
    return make_error(url + ": the time-stamping authority answered HTTP " + std::to_string(response->status) +
                      "; check the --timestamp URL, or try again later");
  }
  auto token = exporter::read_timestamp_response(response->body, query);
  if (!token) {
    const std::string type = net::header_value(*response, "Content-Type");
    const std::string sent = type.empty() ? "" : " (it sent " + type + ")";
    return make_error(url + ": " + token.error() + sent);
  }
  return token;
}

}  // namespace inwriting::cli
