#pragma once
// IMAP's wire format, as much as the client needs: commands built from filters, and the server's
// untagged responses read back from the raw bytes libcurl hands over. Private to src/net; unit
// tested on its own.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inwriting/net/imap.hpp"
#include "inwriting/util/result.hpp"

namespace inwriting::net::protocol {

// A quoted string; CR and LF, which no quoted string may hold, become spaces.
std::string quoted(std::string_view s);
// A mailbox name as IMAP writes it (RFC 3501 5.1.3, modified UTF-7): "Atención" → "Atenci&APM-n".
// ASCII names are unchanged; bytes that are not UTF-8 are kept as they are.
std::string mailbox_name(std::string_view utf8);
// "UID SEARCH ..." for the filter: ALL when it is empty; CHARSET UTF-8 when a value is not ASCII.
// Fails on a `since` that is not YYYY-MM-DD.
Result<std::string> search_command(const ImapFilter& filter);
// "UID FETCH 7 (UID INTERNALDATE RFC822.SIZE BODY.PEEK[])": PEEK, so \Seen is never set.
std::string fetch_command(int64_t uid);
// The same for several messages' sizes, dates, senders and subjects; `uids` must not be empty.
std::string summary_command(const std::vector<int64_t>& uids);

// "[UIDVALIDITY 3857529045]" in a response code, "* 12 EXISTS", "* SEARCH 1 4 9".
std::optional<int64_t> response_code_number(std::string_view response, std::string_view code);
std::optional<int64_t> exists(std::string_view response);
std::vector<int64_t> search_results(std::string_view response);

// One "* n FETCH (...)" response.
struct FetchResponse {
  int64_t sequence = 0;
  std::optional<int64_t> uid;
  std::string internaldate;  // as sent: "02-Dec-2026 18:39:38 +0000"
  std::optional<int64_t> size;
  std::map<std::string, std::string> sections;  // "BODY[]" → bytes, "BODY[HEADER.FIELDS (FROM)]" → bytes
};
// Every FETCH response in `response` (the server's bytes, literals whole), or where it is malformed.
Result<std::vector<FetchResponse>> fetch_responses(std::string_view response);

// "02-Dec-2026 18:39:38 +0000" → "2026-12-02T18:39:38+00:00".
Result<std::string> internaldate_rfc3339(std::string_view internaldate);
// The text of the last tagged NO or BAD line ("A004 NO [NONEXISTENT] Mailbox doesn't exist"),
// without the tag: what the server said when a command failed. Empty when there is none. (After
// a failed command libcurl logs out, so the last tagged line is LOGOUT's OK.)
std::string last_refusal(std::string_view response);
// A header's value from a header block, unfolded and trimmed; empty when absent.
std::string header_value(std::string_view headers, std::string_view name);

}  // namespace inwriting::net::protocol
