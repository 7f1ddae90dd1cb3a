#include "text_scan.hpp"

#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::importers::detail {

std::string fold_head(std::string_view s, size_t n) { return text::fold_for_search(head(text::trim(s), n)); }

bool read_number(std::string_view s, size_t& pos, int min_digits, int max_digits, int& value, int& count) {
  const size_t start = pos;
  value = 0;
  while (pos < s.size() && is_digit(s[pos]) && pos - start < static_cast<size_t>(max_digits)) {
    value = value * 10 + (s[pos] - '0');
    ++pos;
  }
  count = static_cast<int>(pos - start);
  if (count < min_digits || (pos < s.size() && is_digit(s[pos]))) {
    pos = start;
    return false;
  }
  return true;
}

bool read_meridiem(std::string_view s, size_t& pos, int& meridiem, bool* dotted) {
  size_t p = pos;
  if (p >= s.size()) {
    return false;
  }
  const char first = ascii_lower(s[p]);
  if (first != 'a' && first != 'p') {
    return false;
  }
  ++p;
  bool dot = false;
  if (p < s.size() && s[p] == '.') {
    dot = true;
    ++p;
    if (p < s.size() && s[p] == ' ') {
      ++p;
    }
  }
  if (p >= s.size() || ascii_lower(s[p]) != 'm') {
    return false;
  }
  ++p;
  if (p < s.size() && s[p] == '.') {
    ++p;
  }
  if (p < s.size() && is_alpha(s[p])) {
    return false;
  }
  meridiem = first == 'a' ? 1 : 2;
  if (dotted) {
    *dotted = dot;
  }
  pos = p;
  return true;
}

model::Timestamp wall_timestamp(int64_t wall, std::optional<int> offset) {
  int64_t days = wall / 86400;
  int64_t rest = wall % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  model::Timestamp t;
  t.date = timeutil::civil_from_days(days);
  t.time = timeutil::TimeOfDay{static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                               static_cast<int>(rest % 60), true};
  t.offset_minutes = offset;
  return t;
}

}  // namespace inwriting::importers::detail
