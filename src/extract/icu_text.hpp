#pragma once
// ICU helpers the extract module's readers share; private to src/extract.
#include <unicode/unistr.h>

#include <string>
#include <string_view>
#include <vector>

namespace inwriting::extract {

// ICU matches on UTF-16; callers want byte offsets into their UTF-8. Decoding ourselves (rather
// than UnicodeString::fromUTF8) keeps the two in step even over ill-formed bytes.
struct Utf16Text {
  icu::UnicodeString text;
  std::vector<size_t> byte_at;  // byte offset of each UTF-16 unit, plus one for the end
};
Utf16Text to_utf16(std::string_view utf8);

std::string to_utf8(const icu::UnicodeString& s);

// How vocabulary entries are compared: folded (text::fold_for_search), spaces collapsed.
std::string fold_key(std::string_view s);

bool is_latin_letter(UChar32 cp);

// A vocabulary entry as a regex: literal, spaces as any run of spaces, and — for an entry that
// starts or ends with a Latin letter — guards that keep it from matching inside a longer word
// ("euros" in "eurostar", "may" in "maybe"). Thai is written without spaces between words, so
// Thai entries get no such guard.
struct Literal {
  std::string body;
  bool guard_before = false, guard_after = false;
};
Literal literal_of(std::string_view entry);

}  // namespace inwriting::extract
