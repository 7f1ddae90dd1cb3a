#pragma once
// The quoted history of an email body ("On … wrote:", "El … escribió:", "เมื่อ … เขียนว่า:", "> " levels,
// Outlook's "From: … Sent: …" blocks, forwards) split into the earlier messages it quotes, and where each
// message's signature or legal footer starts.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inwriting/model/conversation.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::importers {

struct QuotedMessage {
  std::string author_name;     // as the attribution or the From:/De: field gives it
  std::string author_address;  // may be empty
  // Date and time as the attribution gives them: in the quoting client's zone, so the offset is the
  // zone hint unless the attribution writes a zone of its own. Never guessed: nullopt when unreadable.
  std::optional<model::Timestamp> time;
  // The message's own words, its level of "> " removed. Deeper quotes that an attribution introduces
  // are messages of their own; other "> " lines stay, prefix and all (words quoted inline).
  std::string text;
  size_t signature_at = std::string::npos;  // where a signature or legal footer starts in text
  std::string signature_name;               // the person the signature names
  enum class Kind { top, reply, forward } kind = Kind::top;
  std::string subject;  // from an Outlook or forward header block
  // 1-based lines of the body the text came from; a footer appended from below the quoted chain is
  // not counted, or the top message's span would cover every message it quotes.
  int first_line = 0;
  int last_line = 0;
};

struct SplitOptions {
  // The quoting email's UTC offset: attributions are written in the quoting client's local time.
  std::optional<int> zone_hint_minutes;
  // Day and month order of numeric dates ("03/02/2026"). automatic: a part over 12 decides, then the
  // order that keeps each quoted message older than the one quoting it, then the attribution's
  // language (month first for English, day first for Spanish and Thai).
  model::ImportContext::DateOrder date_order = model::ImportContext::DateOrder::automatic;
  // The quoting email's own (local) date, when known: nothing it quotes is newer.
  std::optional<timeutil::Date> email_date;
  // The quoting email's sender name, when known: its bare name on the last lines is a signature.
  std::string author_name;
};

// Newest (the email's own words, kind top) first, then each earlier message, deeper and deeper. Never
// empty. Text below the whole quoted chain (an Exchange legal notice) is the top message's footer.
std::vector<QuotedMessage> split_quoted_history(std::string_view body_utf8, const SplitOptions& options);

// Where a message's signature or legal footer starts (npos: none), and the name it signs with.
size_t find_signature(std::string_view text, std::string* name_out);

// "Mon, Mar 23, 2026 at 8:15 PM", "viernes, 27 de febrero de 2026 19:42", "9 มี.ค. 2569 เวลา 11:02";
// month_first settles numeric dates whose parts are both 12 or less.
std::optional<model::Timestamp> parse_loose_date_time(std::string_view text, bool month_first);

}  // namespace inwriting::importers
