#pragma once
// RFC 3161 time-stamps (OpenSSL libcrypto): a time-stamping authority signs "these bytes existed at
// this time", so a bag's manifest can be shown to predate a dispute. Building the request and
// reading the answer live here; sending it is the command layer's (src/cli/tsa_client.hpp).
#include <string>
#include <string_view>
#include <vector>

#include "inwriting/util/result.hpp"

namespace inwriting::exporter {

struct TimestampRequest {
  std::string der;        // the TimeStampReq, as POSTed (application/timestamp-query)
  std::string nonce_hex;  // lower-case hex of the 64-bit nonce, which the reply must echo
};

// A SHA-512 imprint of `data`, a random nonce, certReq true (the TSA's certificate comes back in
// the token, so the bag can carry the chain).
TimestampRequest make_timestamp_request(std::string_view data);

struct TimestampToken {
  std::string token_der;     // the TimeStampToken (CMS SignedData): what verify reads back
  std::string response_der;  // the whole TimeStampResp as received
  std::string gen_time;      // RFC 3339 UTC: "2026-11-22T10:00:05Z"
  std::string tsa_name;      // the TSA's name in the token, else its certificate's subject
  std::string chain_pem;     // the certificates carried in the token, PEM, in the token's order
};

// Checks the status is granted, and that the imprint and nonce are the request's; an error names
// what the TSA answered ("the time-stamping authority refused the request: ...").
Result<TimestampToken> read_timestamp_response(std::string_view response_der, const TimestampRequest& request);

struct TimestampCheck {
  bool valid = false;
  std::string gen_time;
  std::string tsa_name;
  std::vector<std::string> problems;  // "the time-stamp is for other bytes than manifest-sha512.txt", ...
};

// Verifies the token's signature and signer (a certificate for time-stamping, chaining to one of
// `trusted_pem`, judged at the token's own time, so an expired TSA certificate does not void an old
// stamp) and that its imprint is the digest of `data`. `trusted_pem` are CA certificates: the chain
// kept in the bag, or one the user names. Bytes that differ and an untrusted signer are both
// problems; a token that cannot be read at all is one problem too. A trusted certificate need not
// be a root: pinning the TSA's own certificate, or an intermediate, is enough.
TimestampCheck verify_timestamp(std::string_view token_der, std::string_view data, const std::string& trusted_pem);

}  // namespace inwriting::exporter
