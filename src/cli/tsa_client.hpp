#pragma once
// RFC 3161 over HTTP: the one place a time-stamp request (export) meets the HTTP client (net).
#include <string>
#include <string_view>

#include "inwriting/export/timestamp.hpp"
#include "inwriting/util/result.hpp"

namespace inwriting::cli {

// Asks the TSA at `url` to stamp `data` (a SHA-512 imprint is sent, never the bytes) and checks the
// answer is for this request; `ca_file` for an https TSA with a private CA. Errors name the URL.
Result<exporter::TimestampToken> request_timestamp(const std::string& url, std::string_view data, const std::string& ca_file);

}  // namespace inwriting::cli
