#pragma once
// Scanning and time helpers the hand-written transcript parsers share. The character tests are
// ASCII only on purpose: stamps and keywords are ASCII, and UTF-8 bytes must never match them.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "inwriting/model/conversation.hpp"

namespace inwriting::importers::detail {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The first `n` bytes of s, cut back to a code point boundary.
inline std::string_view head(std::string_view s, size_t n) {
  if (s.size() <= n) {
    return s;
  }
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) {
    --n;
  }
  return s.substr(0, n);
}

// Only the start of a line is folded: phrases are looked for there, and a huge line stays cheap.
std::string fold_head(std::string_view s, size_t n = 400);

// Reads min..max digits at pos (and refuses a longer run of digits).
bool read_number(std::string_view s, size_t& pos, int min_digits, int max_digits, int& value, int& count);

// "AM", "pm", "a.m.", "a. m.", "p. m" at pos; advances past it. `meridiem`: 1 = AM, 2 = PM;
// `dotted`, when asked for, tells "a. m." (Spanish and other locales) from "am".
bool read_meridiem(std::string_view s, size_t& pos, int& meridiem, bool* dotted = nullptr);

// A timestamp for `wall` seconds of local wall-clock time since the epoch, in zone `offset`.
model::Timestamp wall_timestamp(int64_t wall, std::optional<int> offset);

}  // namespace inwriting::importers::detail
