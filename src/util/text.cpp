#include "inwriting/util/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstring>

namespace inwriting::text {

char32_t next_code_point(std::string_view s, size_t& pos) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = byte(pos);
  if (c < 0x80) {
    ++pos;
    return c;
  }
  int length = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((c & 0xE0) == 0xC0) {
    length = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    length = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    length = 4, cp = c & 0x07, min = 0x10000;
  } else {
    ++pos;
    return 0xFFFD;
  }
  if (pos + length > s.size()) {
    ++pos;
    return 0xFFFD;
  }
  for (int i = 1; i < length; ++i) {
    const unsigned char cc = byte(pos + i);
    if ((cc & 0xC0) != 0x80) {
      ++pos;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return 0xFFFD;
  }
  pos += length;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_valid_utf8(std::string_view bytes) {
  size_t pos = 0;
  while (pos < bytes.size()) {
    if (static_cast<unsigned char>(bytes[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const size_t before = pos;
    const char32_t cp = next_code_point(bytes, pos);
    // A genuine U+FFFD in the text is three bytes long; a replacement for a bad byte advances one.
    if (cp == 0xFFFD && pos - before != 3) {
      return false;
    }
  }
  return true;
}

std::string repair_utf8(std::string_view bytes, int* replaced) {
  std::string out;
  out.reserve(bytes.size());
  int count = 0;
  size_t pos = 0;
  while (pos < bytes.size()) {
    const size_t before = pos;
    const char32_t cp = next_code_point(bytes, pos);
    if (cp == 0xFFFD && pos - before != 3) {
      ++count;
    }
    append_utf8(out, cp);
  }
  if (replaced) {
    *replaced = count;
  }
  return out;
}

std::string normalize_newlines_and_marks(std::string_view in) {
  if (in.size() >= 3 && in.substr(0, 3) == "\xEF\xBB\xBF") {
    in.remove_prefix(3);
  }
  std::string out;
  out.reserve(in.size());
  size_t pos = 0;
  while (pos < in.size()) {
    const unsigned char c = static_cast<unsigned char>(in[pos]);
    if (c == '\r') {
      out += '\n';
      ++pos;
      if (pos < in.size() && in[pos] == '\n') {
        ++pos;
      }
      continue;
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++pos;
      continue;
    }
    const size_t start = pos;
    const char32_t cp = next_code_point(in, pos);
    if (cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x200B) {
      continue;
    }
    if (cp == 0x202F || cp == 0x00A0 || cp == 0x2007 || cp == 0x2009) {
      out += ' ';
      continue;
    }
    if (cp == 0x2028 || cp == 0x2029) {
      out += '\n';
      continue;
    }
    out.append(in.substr(start, pos - start));
  }
  return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      if (start < text.size()) {
        lines.push_back(text.substr(start));
      }
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string_view trim(std::string_view s) {
  const char* ws = " \t\n\r\f\v";
  const size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) {
    return {};
  }
  const size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

static bool is_unicode_space(char32_t cp) {
  return cp == 0x3000 || cp == 0x00A0 || cp == 0x202F || cp == 0x2007 || cp == 0xFEFF ||
         (cp >= 0x2000 && cp <= 0x200B) || u_isUWhiteSpace(static_cast<UChar32>(cp));
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out.push_back(' ');
    }
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string trim_unicode(std::string_view s) {
  size_t begin = 0;
  size_t end = s.size();
  while (begin < end) {
    size_t pos = begin;
    if (!is_unicode_space(next_code_point(s, pos))) {
      break;
    }
    begin = pos;
  }
  while (end > begin) {
    size_t back = end - 1;
    while (back > begin && (static_cast<unsigned char>(s[back]) & 0xC0) == 0x80) {
      --back;
    }
    size_t pos = back;
    if (!is_unicode_space(next_code_point(s, pos))) {
      break;
    }
    end = back;
  }
  return std::string(s.substr(begin, end - begin));
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return out;
}

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  if (prefix.size() > s.size()) {
    return false;
  }
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (lower(s[i]) != lower(prefix[i])) {
      return false;
    }
  }
  return true;
}

bool contains_icase(std::string_view s, std::string_view needle) {
  if (needle.empty()) {
    return true;
  }
  for (size_t i = 0; i + needle.size() <= s.size(); ++i) {
    if (starts_with_icase(s.substr(i), needle)) {
      return true;
    }
  }
  return false;
}

std::string ascii_digits(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t start = pos;
    const char32_t cp = next_code_point(s, pos);
    if (cp >= 0x80 && u_charType(static_cast<UChar32>(cp)) == U_DECIMAL_DIGIT_NUMBER) {
      out += static_cast<char>('0' + u_charDigitValue(static_cast<UChar32>(cp)));
    } else {
      out.append(s.substr(start, pos - start));
    }
  }
  return out;
}

static const icu::Normalizer2* normalizer(bool compose) {
  UErrorCode status = U_ZERO_ERROR;
  return compose ? icu::Normalizer2::getNFCInstance(status)
                 : icu::Normalizer2::getNFDInstance(status);
}

std::string nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = normalizer(true);
  const auto input = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (n->isNormalized(input, status) && U_SUCCESS(status)) {
    return std::string(s);
  }
  status = U_ZERO_ERROR;
  const icu::UnicodeString out = n->normalize(input, status);
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string fold_for_search(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const auto input = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  const icu::UnicodeString decomposed = normalizer(false)->normalize(input, status);
  icu::UnicodeString kept;
  UScriptCode previous_script = USCRIPT_COMMON;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 cp = decomposed.char32At(i);
    i += U16_LENGTH(cp);
    if (u_charType(cp) == U_NON_SPACING_MARK) {
      // Accents go from Latin letters only: Thai vowels and tone marks are letters of the word.
      if (previous_script == USCRIPT_LATIN) {
        continue;
      }
    } else {
      UErrorCode script_status = U_ZERO_ERROR;
      previous_script = uscript_getScript(cp, &script_status);
    }
    if (cp >= 0x80 && u_charType(cp) == U_DECIMAL_DIGIT_NUMBER) {
      kept.append(static_cast<UChar32>('0' + u_charDigitValue(cp)));
    } else {
      kept.append(cp);
    }
  }
  kept.foldCase();
  status = U_ZERO_ERROR;
  const icu::UnicodeString composed = normalizer(true)->normalize(kept, status);
  std::string out;
  composed.toUTF8String(out);
  return out;
}

bool has_thai(std::string_view s) {
  // Thai block U+0E00-U+0E7F is E0 B8 80 .. E0 B9 BF in UTF-8.
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xE0 &&
        (static_cast<unsigned char>(s[i + 1]) == 0xB8 || static_cast<unsigned char>(s[i + 1]) == 0xB9)) {
      return true;
    }
  }
  return false;
}

std::string guess_language(std::string_view s) {
  size_t thai = 0;
  size_t latin = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    const char32_t cp = next_code_point(s, pos);
    if (cp >= 0x0E00 && cp <= 0x0E7F) {
      ++thai;
    } else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0x24F)) {
      ++latin;
    }
  }
  if (thai > 0 && latin > 0) {
    const double share = static_cast<double>(thai) / static_cast<double>(thai + latin);
    if (share > 0.25 && share < 0.75) {
      return "mixed";
    }
  }
  if (thai > latin) {
    return "th";
  }
  // Spanish or English: count marker words.
  static const char* spanish[] = {" el ", " la ", " de ", " que ", " por ", " para ", " los ", " con ",
                                  " una ", " es ", " su ", " te ", " gracias", "á", "é", "í", "ó", "ñ", "¿"};
  static const char* english[] = {" the ", " and ", " to ", " you ", " your ", " is ", " for ", " of ",
                                  " that ", " this ", " with ", " thanks", " please"};
  const std::string lowered = " " + to_lower_ascii(s) + " ";
  auto count = [&](const char* const* words, size_t n) {
    size_t hits = 0;
    for (size_t i = 0; i < n; ++i) {
      for (size_t at = lowered.find(words[i]); at != std::string::npos; at = lowered.find(words[i], at + 1)) {
        ++hits;
      }
    }
    return hits;
  };
  const size_t es = count(spanish, std::size(spanish));
  const size_t en = count(english, std::size(english));
  if (thai > 0 && thai * 10 > latin) {
    return "mixed";
  }
  return es > en ? "es" : "en";
}

std::string repair_latin1_mojibake(std::string_view s) {
  std::string bytes;
  bytes.reserve(s.size());
  bool any_high = false;
  size_t pos = 0;
  while (pos < s.size()) {
    const char32_t cp = next_code_point(s, pos);
    if (cp > 0xFF) {
      return std::string(s);
    }
    if (cp >= 0x80) {
      any_high = true;
    }
    bytes += static_cast<char>(cp);
  }
  if (!any_high || !is_valid_utf8(bytes)) {
    return std::string(s);
  }
  return bytes;
}

}  // namespace inwriting::text
