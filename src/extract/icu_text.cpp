#include "icu_text.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <cctype>

#include "inwriting/util/text.hpp"

namespace inwriting::extract {

Utf16Text to_utf16(std::string_view utf8) {
  Utf16Text out;
  out.byte_at.reserve(utf8.size() + 1);
  size_t pos = 0;
  while (pos < utf8.size()) {
    const size_t start = pos;
    const char32_t cp = text::next_code_point(utf8, pos);
    out.text.append(static_cast<UChar32>(cp));
    out.byte_at.push_back(start);
    if (cp > 0xFFFF) out.byte_at.push_back(start);
  }
  out.byte_at.push_back(utf8.size());
  return out;
}

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string fold_key(std::string_view s) { return text::fold_for_search(text::collapse_spaces(s)); }

bool is_latin_letter(UChar32 cp) {
  UErrorCode status = U_ZERO_ERROR;
  return u_isalpha(cp) && uscript_getScript(cp, &status) == USCRIPT_LATIN;
}

Literal literal_of(std::string_view entry) {
  Literal out;
  const icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(entry.data(), static_cast<int32_t>(entry.size())));
  if (u.length() == 0) return out;
  out.guard_before = is_latin_letter(u.char32At(0));
  out.guard_after = is_latin_letter(u.char32At(u.length() - 1));
  bool in_space = false;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
    const UChar32 cp = u.char32At(i);
    if (cp == ' ') {
      if (!in_space) out.body += "\\s+";
      in_space = true;
      continue;
    }
    in_space = false;
    if (cp < 0x80 && !std::isalnum(static_cast<unsigned char>(cp))) out.body += '\\';
    text::append_utf8(out.body, static_cast<char32_t>(cp));
  }
  return out;
}

}  // namespace inwriting::extract
