#pragma once
// The quoted history of an email body ("On … wrote:", "El … escribió:", "> " levels, Outlook's
// "From: … Sent: …" blocks, forwards) split into the earlier messages it quotes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inwriting/model/conversation.hpp"

namespace inwriting::importers {

struct QuotedMessage {
  std::string author_name;
  std::string author_address;
  std::optional<model::Timestamp> time;  // as the attribution gives it, in the quoting client's zone
  // The message's own words, one quote level removed; deeper quotes that an attribution line
  // introduces are messages of their own, other "> " lines stay (words quoted inline).
  std::string text;
  size_t signature_at = std::string::npos;  // where a signature or legal footer starts in text
  std::string signature_name;               // the person the signature names
  enum class Kind { top, reply, forward } kind = Kind::top;
  std::string subject;
  int first_line = 0;  // 1-based lines of the body
  int last_line = 0;
};

struct SplitOptions {
  std::optional<int> zone_hint_minutes;  // the quoting email's UTC offset
};

// Newest (the email's own words) first, then each earlier message, deeper and deeper.
std::vector<QuotedMessage> split_quoted_history(std::string_view body_utf8, const SplitOptions& options);

// Where a message's signature or legal footer starts (npos: none), and the name it signs with.
size_t find_signature(std::string_view text, std::string* name_out);

// "Mon, Mar 23, 2026 at 8:15 PM", "viernes, 27 de febrero de 2026 19:42", "9 มี.ค. 2569 เวลา 11:02".
std::optional<model::Timestamp> parse_loose_date_time(std::string_view text, bool month_first);

}  // namespace inwriting::importers
