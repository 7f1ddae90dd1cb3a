// Email identity: the keys that tell one email from another however it was saved or quoted.
#include <unicode/uchar.h>

#include "inwriting/model/conversation.hpp"
#include "inwriting/util/text.hpp"

namespace inwriting::model {

namespace {

// Enough of a message to tell it apart from others in its thread, without keeping a second copy.
constexpr size_t k_key_bytes = 1024;

bool word_character(char32_t cp) {
  const auto c = static_cast<UChar32>(cp);
  return u_isalnum(c) || u_charType(c) == U_NON_SPACING_MARK || u_charType(c) == U_COMBINING_SPACING_MARK;
}

}  // namespace

std::string message_key(std::string_view text, size_t signature_at) {
  const std::string folded = text::fold_for_search(text.substr(0, std::min(signature_at, text.size())));
  std::string key;
  size_t pos = 0;
  while (pos < folded.size() && key.size() < k_key_bytes) {
    const size_t start = pos;
    if (word_character(text::next_code_point(folded, pos))) {
      key.append(folded, start, pos - start);
    }
  }
  return key;
}

bool same_message_key(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) {
    return false;
  }
  if (a.size() > b.size()) {
    std::swap(a, b);
  }
  if (!b.starts_with(a)) {
    return false;
  }
  // A quoting client may drop a last line; a short message that merely opens a longer one is not it.
  return a.size() == b.size() || a.size() >= 40 || a.size() * 10 >= b.size() * 8;
}

std::string thread_subject(std::string_view subject) {
  std::string s = text::trim_unicode(subject);
  // Bracketed tags ("[#TN-558102]", "[EXTERNAL]") come and go between replies.
  for (size_t open = s.find('['); open != std::string::npos; open = s.find('[', open)) {
    const size_t close = s.find(']', open);
    if (close == std::string::npos || close - open > 64) {
      break;
    }
    s.erase(open, close - open + 1);
  }
  static const char* const prefixes[] = {"re", "fw", "fwd", "aw", "wg", "sv", "vs", "rv", "res", "enc", "tr",
                                         "ref", "antw", "ตอบกลับ", "ส่งต่อ", "ตอบ"};
  bool stripped = true;
  while (stripped) {
    stripped = false;
    s = text::trim_unicode(s);
    for (const char* prefix : prefixes) {
      const std::string_view p(prefix);
      if (s.size() <= p.size() || !text::starts_with_icase(s, p)) {
        continue;
      }
      size_t at = p.size();
      // "Re[2]:", "RE (2):"
      if (at < s.size() && (s[at] == '[' || s[at] == '(')) {
        const size_t close = s.find(s[at] == '[' ? ']' : ')', at);
        if (close != std::string::npos && close - at <= 4) {
          at = close + 1;
        }
      }
      while (at < s.size() && s[at] == ' ') {
        ++at;
      }
      if (at < s.size() && (s[at] == ':' || s.compare(at, 3, "\xEF\xBC\x9A") == 0)) {
        s.erase(0, at + (s[at] == ':' ? 1 : 3));
        stripped = true;
        break;
      }
    }
  }
  return text::collapse_spaces(text::fold_for_search(s));
}

}  // namespace inwriting::model
