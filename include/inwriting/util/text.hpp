#pragma once
// UTF-8 text helpers built on ICU. Everything here takes and returns UTF-8.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inwriting::text {

// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates).
bool is_valid_utf8(std::string_view bytes);
// Replaces ill-formed sequences with U+FFFD; returns how many were replaced through `replaced`.
std::string repair_utf8(std::string_view bytes, int* replaced = nullptr);

// Strips a leading BOM, turns CRLF/CR into LF, removes U+200E/U+200F/U+202A-U+202E/U+2066-2069
// directional marks and U+FEFF, and turns U+202F/U+00A0/U+2007 into an ordinary space.
std::string normalize_newlines_and_marks(std::string_view utf8);

// Splits on '\n' (after normalize_newlines_and_marks there is no '\r').
std::vector<std::string_view> split_lines(std::string_view text);

std::string_view trim(std::string_view s);      // ASCII whitespace and U+3000 excluded: ASCII only
std::string trim_unicode(std::string_view s);
// Runs of ASCII whitespace (newlines included) become one space; none at either end.
std::string collapse_spaces(std::string_view s);   // also no-break and other Unicode spaces
std::string to_lower_ascii(std::string_view s);
bool starts_with_icase(std::string_view s, std::string_view prefix);  // ASCII case-insensitive
bool contains_icase(std::string_view s, std::string_view needle);     // ASCII case-insensitive

// Thai digits ๐-๙ (and other Unicode decimal digits) to ASCII 0-9.
std::string ascii_digits(std::string_view utf8);

// NFC normalisation.
std::string nfc(std::string_view utf8);
// Case-folded, accents stripped from Latin letters (never from Thai), Thai digits to ASCII, NFC.
// This is the form search terms and message text are compared in.
std::string fold_for_search(std::string_view utf8);

// Code points in the Thai block.
bool has_thai(std::string_view utf8);
// A rough language guess for a body of text: "th", "es", "en" or "mixed".
std::string guess_language(std::string_view utf8);

// Facebook exports write UTF-8 bytes as if each byte were a Latin-1 character. Undo that only when
// every code point is <= U+00FF and the bytes form valid UTF-8; otherwise return the input.
std::string repair_latin1_mojibake(std::string_view utf8);

// Decodes one code point at `pos`, advancing it. Invalid bytes yield U+FFFD and advance by one.
char32_t next_code_point(std::string_view s, size_t& pos);
void append_utf8(std::string& out, char32_t cp);

}  // namespace inwriting::text
