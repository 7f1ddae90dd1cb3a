// Plain-text chat transcripts, pasted from a chat window or mailed by the support desk:
//   "(10:32:05 AM) Sam: text"          Zendesk Chat / Zopim (also "*** Eric joined the chat ***")
//   "[14:05:11] Agent: text"           "[04/03/2026 14:05] Laura: text"
//   "12/02/2569 15:20:04 Name: text"   "2026-02-12 15:20:04 Name: text" (unbracketed dates)
//   "( 1m 13s ) Name: text"            Salesforce Live Agent, elapsed since "Chat Started:"
//   "Name (10:32 AM): text"            "09:42 AM | Name: text" (Intercom)
//   "11:38:50 UTC Cristina" + body     eBay Live Help
//   "**Name** — text", "**Name**: text", "[B]Name[/B]: text", "Name:text"
//   a speaker line, its message lines, a blank line (a chat widget copied without times)
//   "Maya (IronLeaf)  7:04 PM" speaker lines, message lines, a blank line (Intercom/Slack email)
// with header blocks (start time, zone, Chat ID, Agent/Visitor), footers, several transcripts in
// one file, and forum posts ("## #4 Posted by: NAME Posted at: ISO").
//
// The parser is hand-written: every line is examined a bounded number of bytes for its prefix, so
// one huge line costs a single pass. No transcript text is logged.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "formats.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"
#include "text_scan.hpp"

namespace inwriting::importers {

namespace {

using detail::ascii_lower;
using detail::head;
using detail::is_alpha;
using detail::is_digit;
using detail::read_meridiem;
using model::Entry;
using model::EntryKind;
using model::Role;
using timeutil::Date;
using timeutil::TimeOfDay;

constexpr size_t k_probe = 400;      // bytes of a line examined for its stamp and speaker
constexpr size_t k_name_max = 64;    // bytes a speaker name may have

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view ltrim(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_blank(s[i])) {
    ++i;
  }
  return s.substr(i);
}
std::string_view rtrim(std::string_view s) {
  size_t n = s.size();
  while (n > 0 && (is_blank(s[n - 1]) || s[n - 1] == '\r')) {
    --n;
  }
  return s.substr(0, n);
}
std::string_view trim(std::string_view s) { return rtrim(ltrim(s)); }

bool istarts(std::string_view s, std::string_view prefix) { return text::starts_with_icase(s, prefix); }
bool iequals(std::string_view a, std::string_view b) { return a.size() == b.size() && istarts(a, b); }
bool iends(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && istarts(s.substr(s.size() - suffix.size()), suffix);
}
// Case-insensitive find of an ASCII needle in the first `limit` bytes.
size_t ifind(std::string_view s, std::string_view needle, size_t from = 0) {
  if (needle.empty() || s.size() < needle.size()) {
    return std::string_view::npos;
  }
  for (size_t i = from; i + needle.size() <= s.size(); ++i) {
    size_t k = 0;
    while (k < needle.size() && ascii_lower(s[i + k]) == ascii_lower(needle[k])) {
      ++k;
    }
    if (k == needle.size()) {
      return i;
    }
  }
  return std::string_view::npos;
}
bool icontains(std::string_view s, std::string_view needle) { return ifind(s, needle) != std::string_view::npos; }

// Lower-cases the line once and searches with find(), which is far quicker than a case-blind
// scan per phrase: this runs for every line against dozens of phrases.
template <size_t N> bool contains_any(std::string_view s, const std::array<std::string_view, N>& words) {
  thread_local std::string lowered;
  lowered.assign(s);
  for (char& c : lowered) {
    c = ascii_lower(c);
  }
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) {
    const bool has_upper = std::any_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    return has_upper ? icontains(s, w) : lowered.find(w) != std::string::npos;
  });
}

// Reads min..max digits at pos (and refuses a longer run of digits).
bool read_int(std::string_view s, size_t& pos, int min_digits, int max_digits, int& value, int* count = nullptr) {
  const size_t start = pos;
  size_t p = pos;
  int v = 0;
  while (p < s.size() && is_digit(s[p]) && p - start < static_cast<size_t>(max_digits)) {
    v = v * 10 + (s[p] - '0');
    ++p;
  }
  const int n = static_cast<int>(p - start);
  if (n < min_digits || (p < s.size() && is_digit(s[p]))) {
    return false;
  }
  value = v;
  if (count) {
    *count = n;
  }
  pos = p;
  return true;
}

size_t skip_blanks(std::string_view s, size_t p) {
  while (p < s.size() && is_blank(s[p])) {
    ++p;
  }
  return p;
}

// "10:32", "10:32:05", "10:32 AM", "8:49 p. m.", "14:05 น." at pos (ASCII digits).
bool read_clock(std::string_view s, size_t& pos, TimeOfDay& out) {
  size_t q = pos;
  int h = 0, m = 0, sec = 0;
  if (!read_int(s, q, 1, 2, h) || q >= s.size() || (s[q] != ':' && s[q] != '.')) {
    return false;
  }
  const char sep = s[q];
  ++q;
  if (!read_int(s, q, 2, 2, m)) {
    return false;
  }
  bool has_seconds = false;
  if (q + 1 < s.size() && s[q] == sep) {
    size_t r = q + 1;
    if (read_int(s, r, 2, 2, sec)) {
      has_seconds = true;
      q = r;
    }
  }
  size_t r = skip_blanks(s, q);
  int meridiem = 0;
  if (read_meridiem(s, r, meridiem)) {
    q = r;
  } else if (s.substr(r, 4) == "\xE0\xB8\x99.") {  // Thai "น."
    q = r + 4;
  } else if (sep == '.') {
    return false;  // "4.5" is not a clock; only "10.32 น." or "10.32 pm" are
  }
  if (h > 23 || m > 59 || sec > 59 || (meridiem != 0 && h > 12)) {
    return false;
  }
  if (meridiem == 1 && h == 12) {
    h = 0;
  } else if (meridiem == 2 && h < 12) {
    h += 12;
  }
  out = TimeOfDay{h, m, sec, has_seconds};
  pos = q;
  return true;
}

// "1m 13s", "53s", "1h 2m 3s" at pos.
bool read_elapsed(std::string_view s, size_t& pos, int& seconds) {
  size_t q = pos;
  int total = 0;
  int parts = 0;
  while (true) {
    size_t r = skip_blanks(s, q);
    int v = 0;
    if (!read_int(s, r, 1, 5, v) || r >= s.size()) {
      break;
    }
    const char unit = ascii_lower(s[r]);
    if (unit != 'h' && unit != 'm' && unit != 's') {
      break;
    }
    ++r;
    if (r < s.size() && is_alpha(s[r])) {
      break;
    }
    total += v * (unit == 'h' ? 3600 : unit == 'm' ? 60 : 1);
    ++parts;
    q = r;
  }
  if (parts == 0) {
    return false;
  }
  seconds = total;
  pos = q;
  return true;
}

// A numeric date as written, before the day/month order is known.
struct NumDate {
  std::array<int, 3> field{0, 0, 0};
  std::array<int, 3> digits{0, 0, 0};
};

bool read_num_date(std::string_view s, size_t& pos, NumDate& nd) {
  size_t p = pos;
  if (!read_int(s, p, 1, 4, nd.field[0], &nd.digits[0]) || p >= s.size()) {
    return false;
  }
  const char sep = s[p];
  if (sep != '/' && sep != '.' && sep != '-') {
    return false;
  }
  ++p;
  if (!read_int(s, p, 1, 2, nd.field[1], &nd.digits[1]) || p >= s.size() || s[p] != sep) {
    return false;
  }
  ++p;
  if (!read_int(s, p, nd.digits[0] == 4 ? 1 : 2, nd.digits[0] == 4 ? 2 : 4, nd.field[2], &nd.digits[2])) {
    return false;
  }
  if (nd.digits[0] == 3 || nd.digits[2] == 3) {
    return false;
  }
  pos = p;
  return true;
}

enum class Order { dmy, mdy };

std::optional<Date> resolve_date(const NumDate& nd, Order order) {
  int y = 0, m = 0, d = 0;
  if (nd.digits[0] == 4) {
    y = nd.field[0];
    m = nd.field[1];
    d = nd.field[2];
  } else {
    y = nd.field[2];
    if (order == Order::dmy) {
      d = nd.field[0];
      m = nd.field[1];
    } else {
      m = nd.field[0];
      d = nd.field[1];
    }
  }
  // Two-digit years far in the future are Buddhist-era short years ("68" = 2568 BE = 2025).
  // Four-digit BE years (> 2400) are recognised by their size.
  y = timeutil::normalize_year(y, y < 100 && y > 40);
  if (!timeutil::is_valid_date(y, m, d)) {
    return std::nullopt;
  }
  return Date{y, m, d};
}

// The line's first bytes with Thai (and other) digits made ASCII, and a way back to the line.
struct Probe {
  std::string text;
  bool converted = false;
  // Byte offset in `line` of byte offset `at` in the probe.
  size_t map(std::string_view line, size_t at) const {
    if (!converted) {
      return at;
    }
    size_t cps = 0;
    for (size_t i = 0; i < at && i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        ++cps;
      }
    }
    size_t pos = 0;
    while (cps > 0 && pos < line.size()) {
      text::next_code_point(line, pos);
      --cps;
    }
    return pos;
  }
};

Probe make_probe(std::string_view line) {
  const std::string_view cut = head(line, k_probe);
  Probe p;
  if (cut.find("\xE0\xB9") != std::string_view::npos) {
    p.text = text::ascii_digits(cut);
    p.converted = p.text.size() != cut.size();
  } else {
    p.text = std::string(cut);
  }
  return p;
}

// ---- zones ----------------------------------------------------------------------------------

struct ZoneName {
  std::string_view name;
  int minutes;
};
constexpr std::array<ZoneName, 38> k_zones = {{
    {"UTC", 0},     {"GMT", 0},     {"Z", 0},       {"WET", 0},     {"WEST", 60},   {"BST", 60},
    {"CET", 60},    {"CEST", 120},  {"EET", 120},   {"EEST", 180},  {"MSK", 180},   {"IST", 330},
    {"ICT", 420},   {"WIB", 420},   {"SGT", 480},   {"HKT", 480},   {"PHT", 480},   {"AWST", 480},
    {"JST", 540},   {"KST", 540},   {"ACST", 570},  {"AEST", 600},  {"AEDT", 660},  {"NZST", 720},
    {"NZDT", 780},  {"EST", -300},  {"EDT", -240},  {"CST", -360},  {"CDT", -300},  {"MST", -420},
    {"MDT", -360},  {"PST", -480},  {"PDT", -420},  {"AKST", -540}, {"AKDT", -480}, {"HST", -600},
    {"ART", -180},  {"BRT", -180},
}};

std::optional<int> zone_abbreviation(std::string_view word) {
  for (const auto& z : k_zones) {
    if (word == z.name) {
      return z.minutes;
    }
  }
  return std::nullopt;
}

// "+05:30", "-0500", "+7", "-05" at pos.
bool read_offset(std::string_view s, size_t& pos, int& minutes) {
  size_t p = pos;
  if (p >= s.size() || (s[p] != '+' && s[p] != '-' && s.substr(p, 3) != "\xE2\x88\x92")) {
    return false;
  }
  const bool negative = s[p] != '+';
  p += s[p] == '\xE2' ? 3 : 1;
  int h = 0, m = 0, count = 0;
  const size_t digits_at = p;
  if (!read_int(s, p, 1, 4, h, &count)) {
    return false;
  }
  if (count == 4) {
    m = h % 100;
    h /= 100;
  } else if (count == 3) {
    p = digits_at;
    return false;
  } else if (p + 2 < s.size() + 0 && s[p] == ':') {
    size_t q = p + 1;
    if (read_int(s, q, 2, 2, m)) {
      p = q;
    }
  }
  if (h > 14 || m > 59) {
    return false;
  }
  minutes = (negative ? -1 : 1) * (h * 60 + m);
  pos = p;
  return true;
}

// The UTC offset a header line writes: "GMT-05:00", "UTC+7", "(-0500)", "EST", "UTC".
std::optional<int> find_zone(std::string_view line) {
  const std::string_view s = head(line, 600);
  std::optional<int> numeric, paren, named;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s.substr(i, 3) == "GMT" || s.substr(i, 3) == "UTC") && (i == 0 || !is_alpha(s[i - 1]))) {
      size_t p = skip_blanks(s, i + 3);
      int minutes = 0;
      if (read_offset(s, p, minutes)) {
        numeric = minutes;
        break;
      }
    }
    if (s[i] == '(' && !paren) {
      size_t p = skip_blanks(s, i + 1);
      int minutes = 0;
      if (read_offset(s, p, minutes)) {
        p = skip_blanks(s, p);
        if (p < s.size() && s[p] == ')') {
          paren = minutes;
        }
      }
    }
    if (!named && s[i] >= 'A' && s[i] <= 'Z' && (i == 0 || !is_alpha(s[i - 1]))) {
      size_t j = i;
      while (j < s.size() && s[j] >= 'A' && s[j] <= 'Z') {
        ++j;
      }
      if ((j == s.size() || !is_alpha(s[j])) && j - i >= 3) {
        named = zone_abbreviation(s.substr(i, j - i));
      }
    }
  }
  if (numeric) {
    return numeric;
  }
  if (paren) {
    return paren;
  }
  return named;
}

// ---- dates in words -------------------------------------------------------------------------

std::vector<std::string_view> tokens(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size() && out.size() < 64) {
    while (i < s.size() && (is_blank(s[i]) || s[i] == ',' || s[i] == '(' || s[i] == ')')) {
      ++i;
    }
    size_t j = i;
    while (j < s.size() && !is_blank(s[j]) && s[j] != ',' && s[j] != '(' && s[j] != ')') {
      ++j;
    }
    if (j > i) {
      out.push_back(s.substr(i, j - i));
    }
    i = j;
  }
  return out;
}

// A day number token: "4", "04", "4th", "3rd".
std::optional<int> day_token(std::string_view t) {
  size_t p = 0;
  int v = 0;
  int count = 0;
  if (!read_int(t, p, 1, 2, v, &count)) {
    return std::nullopt;
  }
  const std::string_view rest = t.substr(p);
  if (!rest.empty() && !iequals(rest, "st") && !iequals(rest, "nd") && !iequals(rest, "rd") && !iequals(rest, "th") &&
      rest != ".") {
    return std::nullopt;
  }
  if (v < 1 || v > 31) {
    return std::nullopt;
  }
  return v;
}

// A year token: "2026", "2568", and two-digit years when `short_ok`.
std::optional<int> year_token(std::string_view t, bool short_ok) {
  if (!t.empty() && (t[0] == '\'' || t.substr(0, 3) == "\xE2\x80\x99")) {
    t.remove_prefix(t[0] == '\'' ? 1 : 3);
    short_ok = true;
  }
  while (!t.empty() && (t.back() == '.' || t.back() == ':')) {
    t.remove_suffix(1);
  }
  size_t p = 0;
  int v = 0;
  int count = 0;
  if (!read_int(t, p, 2, 4, v, &count) || p != t.size()) {
    return std::nullopt;
  }
  if (count == 4 && ((v >= 1970 && v <= 2100) || (v >= 2500 && v <= 2650))) {
    return v;
  }
  if (count == 2 && short_ok) {
    return v;
  }
  return std::nullopt;
}

bool non_ascii(std::string_view t) {
  return std::any_of(t.begin(), t.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// A date written in a line: ISO, numeric (in `order`), "Mar 4, 2026", "4 de marzo de 2026",
// "15 ธ.ค. 68", "19 สิงหาคม 2568", "2017 - 07 - 15", "Tue Feb 10 2026".
std::optional<Date> find_date(std::string_view line, Order order) {
  std::string s = text::ascii_digits(head(line, 600));
  // "2017 - 07 - 15": a line of digits and separators only.
  {
    const std::string_view t = trim(s);
    if (!t.empty() && std::all_of(t.begin(), t.end(), [](char c) {
          return is_digit(c) || c == ' ' || c == '-' || c == '/' || c == '.';
        })) {
      std::string packed;
      for (char c : t) {
        if (c != ' ') {
          packed += c;
        }
      }
      s = packed;
    }
  }
  const auto toks = tokens(s);
  const bool buddhist_words = std::any_of(toks.begin(), toks.end(), [](std::string_view t) {
    return t == "BE" || t == "B.E." || t == "\xE0\xB8\x9E.\xE0\xB8\xA8.";
  });
  for (size_t i = 0; i < toks.size(); ++i) {
    const std::string_view t = toks[i];
    if (!t.empty() && is_digit(t[0])) {
      size_t p = 0;
      NumDate nd;
      if (read_num_date(t, p, nd) && (p == t.size() || t[p] == 'T' || t[p] == ',' || t[p] == '.')) {
        if (auto d = resolve_date(nd, order)) {
          return d;
        }
        // "15/03/2026" read month first cannot be: the other order is the only reading.
        if (auto d = resolve_date(nd, order == Order::dmy ? Order::mdy : Order::dmy)) {
          return d;
        }
      }
      continue;
    }
    const int month = timeutil::month_from_name(t);
    if (month == 0) {
      continue;
    }
    const bool thai_month = non_ascii(t);
    auto next = [&](size_t k) -> std::string_view {
      while (k < toks.size() && (iequals(toks[k], "de") || iequals(toks[k], "of") || iequals(toks[k], "del") ||
                                 toks[k] == "\xE0\xB8\x9E.\xE0\xB8\xA8." || iequals(toks[k], "at"))) {
        ++k;
      }
      return k < toks.size() ? toks[k] : std::string_view();
    };
    auto next_index = [&](size_t k) {
      while (k < toks.size() && (iequals(toks[k], "de") || iequals(toks[k], "of") || iequals(toks[k], "del") ||
                                 toks[k] == "\xE0\xB8\x9E.\xE0\xB8\xA8.")) {
        ++k;
      }
      return k;
    };
    // Day Month Year
    if (i > 0) {
      size_t before = i - 1;
      if (before > 0 && (iequals(toks[before], "de") || iequals(toks[before], "of"))) {
        --before;
      }
      if (auto day = day_token(toks[before])) {
        if (auto year = year_token(next(i + 1), thai_month)) {
          const int y = *year < 100 ? timeutil::normalize_year(*year, *year > 40)
                                    : timeutil::normalize_year(*year, thai_month || buddhist_words);
          if (timeutil::is_valid_date(y, month, *day)) {
            return Date{y, month, *day};
          }
        }
      }
    }
    // Month Day Year
    const size_t di = next_index(i + 1);
    if (di < toks.size()) {
      if (auto day = day_token(toks[di])) {
        if (auto year = year_token(next(di + 1), thai_month)) {
          const int y = *year < 100 ? timeutil::normalize_year(*year, *year > 40)
                                    : timeutil::normalize_year(*year, thai_month || buddhist_words);
          if (timeutil::is_valid_date(y, month, *day)) {
            return Date{y, month, *day};
          }
        }
      }
    }
  }
  return std::nullopt;
}

// The first clock written anywhere in a line ("at 10:31 AM", "23:27:57").
std::optional<TimeOfDay> find_clock(std::string_view line) {
  const std::string s = text::ascii_digits(head(line, 600));
  for (size_t i = 0; i < s.size(); ++i) {
    if (is_digit(s[i]) && (i == 0 || !is_digit(s[i - 1]))) {
      size_t p = i;
      TimeOfDay t;
      if (read_clock(s, p, t) && s[i + 1 < s.size() ? i + 1 : i] != '.' && s.find(':', i) < p) {
        return t;
      }
    }
  }
  return std::nullopt;
}

// ---- names, system lines, noise ----------------------------------------------------------

bool has_letter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return is_alpha(c) || static_cast<unsigned char>(c) >= 0x80; });
}

// Only emoji, symbols and punctuation: "👍 👎", "-----".
bool symbols_only(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    const char32_t cp = text::next_code_point(s, pos);
    if ((cp < 0x80 && (is_alpha(static_cast<char>(cp)) || is_digit(static_cast<char>(cp)))) ||
        (cp >= 0xC0 && cp < 0x2000) || (cp >= 0x0E00 && cp <= 0x0E7F) || (cp >= 0x3040 && cp < 0xA000) ||
        (cp >= 0xAC00 && cp < 0xD7B0)) {
      return false;
    }
  }
  return true;
}

bool separator_line(std::string_view t) {
  return t.size() >= 3 && std::all_of(t.begin(), t.end(), [](char c) {
           return c == '-' || c == '=' || c == '_' || c == '*' || c == '~' || c == '#' || c == ' ';
         });
}

// A dash-framed banner: "–––– สิ้นสุดบันทึก ––––", "---- End of chat ----", "== Transcript ==".
bool banner_line(std::string_view t) {
  if (t.size() > 160) {
    return false;
  }
  auto dash_run = [](std::string_view s, bool from_end) {
    int count = 0;
    while (!s.empty()) {
      std::string_view piece;
      for (std::string_view d : {"\xE2\x80\x93", "\xE2\x80\x94", "-", "="}) {
        if (from_end ? (s.size() >= d.size() && s.substr(s.size() - d.size()) == d) : s.substr(0, d.size()) == d) {
          piece = d;
          break;
        }
      }
      if (piece.empty()) {
        break;
      }
      s = from_end ? s.substr(0, s.size() - piece.size()) : s.substr(piece.size());
      ++count;
    }
    return std::pair<int, std::string_view>{count, s};
  };
  const auto [lead, after_lead] = dash_run(t, false);
  if (lead < 2) {
    return false;
  }
  const auto [trail, middle] = dash_run(after_lead, true);
  return trail >= 2 && has_letter(middle) && trim(middle).size() <= 100;
}

// Could this be a person's or a desk's display name?
bool name_like(std::string_view s, int max_words = 5) {
  s = trim(s);
  if (s.empty() || s.size() > k_name_max || !has_letter(s)) {
    return false;
  }
  int words = 1;
  for (char c : s) {
    if (c == ' ') {
      ++words;
    }
    if (c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || c == '<' || c == '>' || c == '"' ||
        c == '=' || c == '|' || c == '\t' || c == '/' || c == '\\' || c == ';' || c == '?' || c == '!' || c == '*') {
      return false;
    }
  }
  if (words > max_words) {
    return false;
  }
  const char last = s.back();
  if (last == '.' || last == ',' || last == ':' || last == '-') {
    return false;
  }
  if (istarts(s, "http") || istarts(s, "www.")) {
    return false;
  }
  return true;
}

// Speakers that are the chat system itself.
bool system_speaker(std::string_view name) {
  static constexpr std::array<std::string_view, 9> k = {"system", "sistema", "\xE0\xB8\xA3\xE0\xB8\xB0\xE0\xB8\x9A\xE0\xB8\x9A",
                                                       "chat information", "chat", "info", "notice", "aviso",
                                                       "system message"};
  const std::string_view t = trim(name);
  return std::any_of(k.begin(), k.end(), [&](std::string_view w) { return iequals(t, w); });
}

constexpr std::array<std::string_view, 34> k_system_phrases = {
    "joined the chat",        "left the chat",          "has joined",            "has left",
    "joined the conversation", "left the conversation", "now chatting with",     "please wait for a",
    "site operator",          "chat information",       "your issue id for this chat",
    "has been transferred",   "transferred the chat",   "transferring you",      "chat has ended",
    "chat ended",             "conversation ended",     "closed the chat",       "ended the chat",
    "has disconnected",       "was disconnected",       "se ha unido",           "se unió",
    "ha salido del chat",     "abandonó el chat",       "está chateando con",    "estás chateando con",
    "\xE0\xB9\x80\xE0\xB8\x82\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\xA3\xE0\xB9\x88\xE0\xB8\xA7\xE0\xB8\xA1\xE0\xB9\x81\xE0\xB8\x8A\xE0\xB8\x97",  // เข้าร่วมแชท
    "\xE0\xB8\xAD\xE0\xB8\xAD\xE0\xB8\x81\xE0\xB8\x88\xE0\xB8\xB2\xE0\xB8\x81\xE0\xB9\x81\xE0\xB8\x8A\xE0\xB8\x97",  // ออกจากแชท
    "is now handling",        "has ended the chat",     "chat was closed",       "chat was transferred",
    "is now assisting"};

// Strips "***", "*" and BBCode tags around a notice.
std::string strip_decoration(std::string_view t) {
  std::string out;
  out.reserve(std::min<size_t>(t.size(), 1024));
  const std::string_view s = t;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '[' && i + 2 < s.size()) {
      const size_t close = s.find(']', i);
      if (close != std::string_view::npos && close - i <= 4) {
        std::string_view tag = s.substr(i + 1, close - i - 1);
        if (!tag.empty() && tag[0] == '/') {
          tag.remove_prefix(1);
        }
        if (iequals(tag, "b") || iequals(tag, "i") || iequals(tag, "u")) {
          i = close;
          continue;
        }
      }
    }
    out += s[i];
  }
  std::string_view v = trim(out);
  while (!v.empty() && v.front() == '*') {
    v.remove_prefix(1);
  }
  while (!v.empty() && v.back() == '*') {
    v.remove_suffix(1);
  }
  return std::string(trim(v));
}

bool non_ascii_thai_notice(std::string_view t) {
  return t.find("\xE0\xB9\x80\xE0\xB8\x82\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\xA3\xE0\xB9\x88\xE0\xB8\xA7\xE0\xB8\xA1\xE0\xB9\x81\xE0\xB8\x8A\xE0\xB8\x97") !=
             std::string_view::npos ||  // เข้าร่วมแชท
         t.find("\xE0\xB8\xAD\xE0\xB8\xAD\xE0\xB8\x81\xE0\xB8\x88\xE0\xB8\xB2\xE0\xB8\x81\xE0\xB9\x81\xE0\xB8\x8A\xE0\xB8\x97") !=
             std::string_view::npos;  // ออกจากแชท
}

bool system_text(std::string_view t) {
  if (t.size() > 400) {
    return false;
  }
  if (istarts(t, "refid:") || istarts(t, "chat information")) {
    return true;
  }
  return contains_any(t, k_system_phrases);
}

// A line of its own that is a notice: stricter than system_text, since a message line may say
// "my parcel has left the depot".
bool system_line(std::string_view t) {
  if (t.size() > 200) {
    return false;
  }
  for (std::string_view p : {"refid:", "chat information", "please wait for", "you are now chatting with", "chat ended by",
                             "chat was ended by", "chat closed by",
                             "you're now chatting with", "now chatting with", "your issue id for this chat",
                             "you are chatting with", "est\xC3\xA1s chateando con", "est\xC3\xA1 chateando con"}) {
    if (istarts(t, p)) {
      return true;
    }
  }
  std::string_view v = t;
  while (!v.empty() && (v.back() == '.' || v.back() == '!')) {
    v.remove_suffix(1);
  }
  for (std::string_view p : {"chat ended", "chat has ended", "the chat has ended", "conversation ended",
                             "the conversation has ended", "chat closed", "el chat ha finalizado",
                             "la conversaci\xC3\xB3n ha finalizado"}) {
    if (iequals(v, p)) {
      return true;
    }
  }
  for (std::string_view p : {" joined the chat", " left the chat", " has left", " has joined", " joined the conversation",
                             " left the conversation", " se ha unido al chat", " ha salido del chat", " se uni\xC3\xB3 al chat",
                             " abandon\xC3\xB3 el chat", " has ended the chat", " closed the chat", " is now handling this chat"}) {
    const size_t at = ifind(v, p);
    std::string_view who = at == std::string_view::npos ? std::string_view() : rtrim(v.substr(0, at));
    while (!who.empty() && (who.back() == '.' || who.back() == ')' || who.back() == '(')) {
      who.remove_suffix(1);
    }
    if (at != std::string_view::npos && at > 0 && at + p.size() + 12 >= v.size() && name_like(who, 6)) {
      return true;
    }
  }
  if (t.size() < 120 && non_ascii_thai_notice(t)) {
    return true;
  }
  return false;
}

// The name in "Eric joined the chat", "*** Eric has joined the chat ***".
std::string joiner_name(std::string_view t, bool* staff = nullptr) {
  for (std::string_view phrase : {" has joined", " joined the", " se ha unido", " se uni\xC3\xB3", " entered the chat",
                                  " \xE0\xB9\x80\xE0\xB8\x82\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\xAA\xE0\xB8\xB9\xE0\xB9\x88\xE0\xB8\x81\xE0\xB8\xB2\xE0\xB8\xA3\xE0\xB8\xAA\xE0\xB8\x99\xE0\xB8\x97\xE0\xB8\x99\xE0\xB8\xB2",  // เข้าสู่การสนทนา
                                  " \xE0\xB9\x80\xE0\xB8\x82\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\xA3\xE0\xB9\x88\xE0\xB8\xA7\xE0\xB8\xA1"}) {  // เข้าร่วม
    const size_t at = ifind(t, phrase);
    if (at != std::string_view::npos && at > 0) {
      std::string_view name = trim(t.substr(0, at));
      // "คุณนภา (เจ้าหน้าที่)", "Priya (agent)": the role in parentheses.
      if (!name.empty() && name.back() == ')') {
        const size_t open = name.rfind('(');
        if (open != std::string_view::npos) {
          const std::string_view label = name.substr(open + 1, name.size() - open - 2);
          if (staff) {
            *staff = icontains(label, "agent") || icontains(label, "staff") || icontains(label, "agente") ||
                     icontains(label, "asesor") || label.find("\xE0\xB9\x80\xE0\xB8\x88\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\xAB\xE0\xB8\x99\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\x97\xE0\xB8\xB5\xE0\xB9\x88") != std::string_view::npos;  // เจ้าหน้าที่
          }
          name = trim(name.substr(0, open));
        }
      }
      for (std::string_view prefix : {"Agent ", "Agente "}) {
        if (name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix) {
          if (staff) {
            *staff = true;
          }
          name.remove_prefix(prefix.size());
        }
      }
      return std::string(name);
    }
  }
  return {};
}

// "You are now chatting with 'Nelson'" → Nelson.
std::string chatting_with(std::string_view t) {
  for (std::string_view phrase : {"now chatting with ", "are chatting with ", "chateando con "}) {
    const size_t at = ifind(t, phrase);
    if (at == std::string_view::npos) {
      continue;
    }
    std::string_view name = trim(t.substr(at + phrase.size()));
    while (!name.empty() && (name.back() == '.' || name.back() == '!' || name.back() == '\'' || name.back() == '"')) {
      name.remove_suffix(1);
    }
    while (!name.empty() && (name.front() == '\'' || name.front() == '"')) {
      name.remove_prefix(1);
    }
    if (name_like(name)) {
      return std::string(name);
    }
  }
  return {};
}

// UI lines a copied chat window carries that nobody wrote.
bool noise_line(std::string_view t) {
  if (t.empty()) {
    return true;
  }
  for (std::string_view s : {"is typing...", "is typing\xE2\x80\xA6", "is typing", "est\xC3\xA1 escribiendo...",
                             "est\xC3\xA1 escribiendo", "escribiendo..."}) {
    if (iends(t, s)) {
      return true;
    }
  }
  if (t.find("\xE0\xB8\x81\xE0\xB8\xB3\xE0\xB8\xA5\xE0\xB8\xB1\xE0\xB8\x87\xE0\xB8\x9E\xE0\xB8\xB4\xE0\xB8\xA1\xE0\xB8\x9E\xE0\xB9\x8C") !=
      std::string_view::npos) {  // กำลังพิมพ์
    return true;
  }
  for (std::string_view s :
       {"type a message", "type your message", "write a message", "write a reply", "escribe un mensaje",
        "escribe tu mensaje", "\xE0\xB8\x9E\xE0\xB8\xB4\xE0\xB8\xA1\xE0\xB8\x9E\xE0\xB9\x8C\xE0\xB8\x82\xE0\xB9\x89\xE0\xB8\xAD\xE0\xB8\x84\xE0\xB8\xA7\xE0\xB8\xB2\xE0\xB8\xA1",  // พิมพ์ข้อความ
        "how was your chat", "rate this chat", "rate your chat", "rate your experience", "how would you rate",
        "\xC2\xBF" "c\xC3\xB3mo fue", "califica", "\xE0\xB9\x83\xE0\xB8\xAB\xE0\xB9\x89\xE0\xB8\x84\xE0\xB8\xB0\xE0\xB9\x81\xE0\xB8\x99\xE0\xB8\x99",  // ให้คะแนน
        "please update your info", "powered by "}) {
    if (istarts(t, s)) {
      return true;
    }
  }
  for (std::string_view s : {"\xE0\xB8\xAD\xE0\xB9\x88\xE0\xB8\xB2\xE0\xB8\x99\xE0\xB9\x81\xE0\xB8\xA5\xE0\xB9\x89\xE0\xB8\xA7",  // อ่านแล้ว
                             "read", "seen", "delivered", "sent", "visto", "le\xC3\xAD" "do", "entregado", "send",
                             "enviar"}) {
    if (iequals(t, s)) {
      return true;
    }
  }
  return symbols_only(t);
}

// "[Photo]", "[รูปภาพ]", "<Media omitted>", "[Sticker]": a message that is an attachment.
bool media_placeholder(std::string_view t) {
  t = trim(t);
  if (t.size() < 3 || t.size() > 60) {
    return false;
  }
  if (!((t.front() == '[' && t.back() == ']') || (t.front() == '<' && t.back() == '>'))) {
    return false;
  }
  const std::string_view inner = t.substr(1, t.size() - 2);
  static constexpr std::array<std::string_view, 24> k = {
      "photo", "image", "picture", "video", "sticker", "file", "attachment", "media omitted", "gif", "audio",
      "voice", "document", "imagen", "foto", "archivo", "adjunto", "multimedia omitido", "sticker omitido",
      "\xE0\xB8\xA3\xE0\xB8\xB9\xE0\xB8\x9B",  // รูป
      "\xE0\xB8\xAA\xE0\xB8\x95\xE0\xB8\xB4\xE0\xB8\x81\xE0\xB9\x80\xE0\xB8\x81\xE0\xB8\xAD\xE0\xB8\xA3\xE0\xB9\x8C",  // สติกเกอร์
      "\xE0\xB8\xA7\xE0\xB8\xB4\xE0\xB8\x94\xE0\xB8\xB5\xE0\xB9\x82\xE0\xB8\xAD",  // วิดีโอ
      "\xE0\xB9\x84\xE0\xB8\x9F\xE0\xB8\xA5\xE0\xB9\x8C",  // ไฟล์
      "screenshot", "emoji"};
  return std::any_of(k.begin(), k.end(), [&](std::string_view w) { return istarts(inner, w); });
}

// ---- line heads -----------------------------------------------------------------------------

enum class Shape { none, paren_clock, elapsed, bracket_clock, bracket_date, pipe, postfix, clock_name, bold, colon };

struct Head {
  Shape shape = Shape::none;
  std::optional<TimeOfDay> clock;
  std::optional<NumDate> date;
  std::optional<Date> named_date;  // "[Mar 4, 2026 10:32 AM]"
  std::optional<int> elapsed;
  std::optional<int> offset;  // a zone written on the line ("11:38:50 UTC Cristina")
  std::string speaker;        // empty when the line has no "Name:"
  std::string text;           // the message text on the line
  std::string rest;           // everything after the stamp (for lines without "Name:")
  bool body_follows = false;  // a speaker line whose message is on the following lines
  bool system = false;        // "*** Eric joined the chat ***"
};

// Splits "Name: text" (the first ':' within the name's reach); false when there is none.
bool split_speaker(std::string_view rest, std::string& speaker, std::string& message) {
  const size_t limit = std::min<size_t>(rest.size(), k_name_max + 2);
  const size_t colon = rest.substr(0, limit).find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return false;
  }
  const std::string_view name = rtrim(rest.substr(0, colon));
  if (name.empty() || name.size() > k_name_max || name.front() == '*' || !has_letter(name) ||
      name.find('/') != std::string_view::npos || iequals(name, "http") || iequals(name, "https")) {
    return false;
  }
  const std::string_view after = rest.substr(colon + 1);
  if (!after.empty() && after[0] == '/') {
    return false;  // "https://…"
  }
  speaker = std::string(name);
  for (std::string_view says : {" says", " said", " dice", " escribe", " wrote", " writes"}) {
    if (speaker.size() > says.size() + 1 && iends(speaker, says)) {
      speaker.resize(speaker.size() - says.size());  // "Sam says: hello"
      break;
    }
  }
  message = std::string(trim(after));
  return true;
}

void finish_rest(Head& h, std::string_view line, const Probe& probe, size_t probe_pos) {
  const size_t at = probe.map(line, probe_pos);
  const std::string_view rest = trim(line.substr(std::min(at, line.size())));
  const std::string stripped = rest.size() < 400 ? strip_decoration(rest) : std::string();
  if (!rest.empty() && rest.front() == '*' && rest.size() < 400) {
    h.system = true;
    h.rest = stripped;
    return;
  }
  if (!split_speaker(rest, h.speaker, h.text)) {
    h.rest = std::string(rest);
  }
}

// A line opening with a time stamp: "(10:32:05 AM) …", "( 1m 13s ) …", "[04/03/2026 14:05] …",
// "[14:05:11] …", "09:42 AM | …", "02:19:52 PM) …" (its "(" lost), "11:38:50 UTC Name".
std::optional<Head> parse_stamped(std::string_view raw) {
  const std::string_view line = ltrim(raw);
  if (line.empty()) {
    return std::nullopt;
  }
  const Probe probe = make_probe(line);
  const std::string_view s = probe.text;
  Head h;
  size_t p = 0;
  if (s[0] == '(') {
    p = skip_blanks(s, 1);
    TimeOfDay t;
    int secs = 0;
    if (read_clock(s, p, t)) {
      h.clock = t;
      h.shape = Shape::paren_clock;
    } else if (read_elapsed(s, p, secs)) {
      h.elapsed = secs;
      h.shape = Shape::elapsed;
    } else {
      return std::nullopt;
    }
    p = skip_blanks(s, p);
    if (p >= s.size() || s[p] != ')') {
      return std::nullopt;
    }
    ++p;
  } else if (s[0] == '[') {
    p = skip_blanks(s, 1);
    NumDate nd;
    size_t q = p;
    if (read_num_date(s, q, nd)) {
      q = skip_blanks(s, q);
      if (q < s.size() && s[q] == ',') {
        q = skip_blanks(s, q + 1);
      }
      TimeOfDay t;
      if (!read_clock(s, q, t)) {
        return std::nullopt;
      }
      h.date = nd;
      h.clock = t;
      h.shape = Shape::bracket_date;
      p = q;
    } else {
      TimeOfDay t;
      if (read_clock(s, p, t)) {
        h.clock = t;
        h.shape = Shape::bracket_clock;
      } else {
        // "[Mar 4, 2026 10:32 AM]", "[4 mar. 2026, 14:05]": a date in words and a clock.
        const size_t close = s.substr(0, 56).find(']');
        if (close == std::string_view::npos) {
          return std::nullopt;
        }
        const std::string_view inside = s.substr(1, close - 1);
        const auto clock = find_clock(inside);
        const auto date = find_date(inside, Order::mdy);
        if (!clock || !date) {
          return std::nullopt;
        }
        h.clock = clock;
        h.named_date = date;
        h.shape = Shape::bracket_date;
        p = close;
      }
    }
    p = skip_blanks(s, p);
    if (p >= s.size() || s[p] != ']') {
      return std::nullopt;
    }
    ++p;
  } else if (is_digit(s[0]) && s.size() > 10 && s[4] == '-' && is_digit(s[1]) && is_digit(s[2]) && is_digit(s[3])) {
    // "2026-03-04 10:32:05 Sam: text", "2026-03-04T10:32:05Z | Sam: text".
    NumDate nd;
    if (!read_num_date(s, p, nd) || p >= s.size() || (s[p] != ' ' && s[p] != 'T')) {
      return std::nullopt;
    }
    p = skip_blanks(s, p + 1);
    TimeOfDay t;
    if (!read_clock(s, p, t)) {
      return std::nullopt;
    }
    if (p < s.size() && s[p] == '.') {  // fractions of a second
      ++p;
      while (p < s.size() && is_digit(s[p])) {
        ++p;
      }
    }
    int minutes = 0;
    if (p < s.size() && s[p] == 'Z') {
      h.offset = 0;
      ++p;
    } else if (read_offset(s, p, minutes)) {
      h.offset = minutes;
    } else {
      size_t q = skip_blanks(s, p);
      size_t e = q;
      while (e < s.size() && s[e] >= 'A' && s[e] <= 'Z') {
        ++e;
      }
      if (e > q && (e == s.size() || s[e] == ' ')) {
        if (auto z = zone_abbreviation(s.substr(q, e - q))) {
          h.offset = z;
          p = e;
        }
      }
    }
    p = skip_blanks(s, p);
    if (p < s.size() && (s[p] == '-' || s[p] == '|' || s[p] == ']')) {
      ++p;
    }
    h.date = nd;
    h.clock = t;
    h.shape = Shape::bracket_date;
  } else if (NumDate nd; is_digit(s[0]) && read_num_date(s, p, nd) && p < s.size() && s[p] == ' ') {
    // "12/02/2569 15:20:04 Name: text", "12.02.2026 15:20 Name: text": a numeric date, a clock, then
    // "Name:" (without it the line is a date in prose; WhatsApp's ", " and " - " are not this).
    p = skip_blanks(s, p);
    TimeOfDay t;
    if (!read_clock(s, p, t)) {
      return std::nullopt;
    }
    p = skip_blanks(s, p);
    finish_rest(h, line, probe, p);
    if (h.speaker.empty() || h.system || h.speaker.front() == '-' || !name_like(h.speaker, 5)) {
      return std::nullopt;
    }
    h.date = nd;
    h.clock = t;
    h.shape = Shape::bracket_date;
    return h;
  } else if (is_digit(s[0])) {
    p = 0;
    TimeOfDay t;
    if (!read_clock(s, p, t)) {
      return std::nullopt;
    }
    h.clock = t;
    p = skip_blanks(s, p);
    if (p < s.size() && s[p] == ')') {
      h.shape = Shape::paren_clock;
      ++p;
    } else if (p < s.size() && s[p] == '|') {
      h.shape = Shape::pipe;
      ++p;
    } else {
      // "11:38:50 UTC Cristina": a speaker line, the message below it.
      size_t q = p;
      while (q < s.size() && s[q] >= 'A' && s[q] <= 'Z') {
        ++q;
      }
      if (q > p && (q == s.size() || s[q] == ' ')) {
        if (auto z = zone_abbreviation(s.substr(p, q - p))) {
          h.offset = z;
          p = q;
        } else if (s.substr(p, 3) == "GMT" || s.substr(p, 3) == "UTC") {
          return std::nullopt;
        }
      }
      h.shape = Shape::clock_name;
      finish_rest(h, line, probe, p);
      if (h.speaker.empty() && !h.system) {
        if (!name_like(h.rest, 4) || h.offset == std::nullopt) {
          // Without a zone the line must be a bare "10:32 Name" to be a speaker line; the caller
          // checks that a body follows.
          if (!name_like(h.rest, 3)) {
            return std::nullopt;
          }
        }
        h.speaker = h.rest;
        h.rest.clear();
        h.body_follows = true;
      }
      return h;
    }
  } else {
    return std::nullopt;
  }
  finish_rest(h, line, probe, skip_blanks(s, p));
  return h;
}

// "Name (10:32 AM): text", "Name [14:05]: text".
std::optional<Head> parse_postfix(std::string_view raw) {
  const std::string_view line = trim(raw);
  const Probe probe = make_probe(line);
  const std::string_view s = probe.text;
  const size_t limit = std::min<size_t>(s.size(), k_name_max + 4);
  for (size_t i = 1; i < limit; ++i) {
    if (s[i] != '(' && s[i] != '[') {
      continue;
    }
    const char close = s[i] == '(' ? ')' : ']';
    const std::string_view name = trim(s.substr(0, i));
    const size_t tag = name.rfind(" (");
    if (!name_like(name) && !(name.size() > 3 && name.back() == ')' && tag != std::string_view::npos &&
                              name_like(name.substr(0, tag)))) {
      continue;  // "Lee (Agent) (10:33 AM):": the tag is part of the name
    }
    size_t p = skip_blanks(s, i + 1);
    Head h;
    NumDate nd;
    {
      size_t q = p;
      if (read_num_date(s, q, nd)) {
        q = skip_blanks(s, q);
        if (q < s.size() && s[q] == ',') {
          q = skip_blanks(s, q + 1);
        }
        h.date = nd;
        p = q;
      }
    }
    TimeOfDay t;
    if (!read_clock(s, p, t)) {
      continue;
    }
    p = skip_blanks(s, p);
    if (p >= s.size() || s[p] != close) {
      continue;
    }
    p = skip_blanks(s, p + 1);
    if (p >= s.size() || s[p] != ':') {
      continue;
    }
    h.shape = Shape::postfix;
    h.clock = t;
    h.speaker = std::string(name);
    const size_t at = probe.map(line, p + 1);
    h.text = std::string(trim(line.substr(std::min(at, line.size()))));
    return h;
  }
  return std::nullopt;
}

// "**Name** — text", "**Name**: text", "**Name**", "[B]Name[/B]: text", "**Ralph** joined the chat".
std::optional<Head> parse_bold(std::string_view raw) {
  const std::string_view t = trim(raw);
  std::string_view name, rest;
  if (t.substr(0, 2) == "**") {
    const size_t close = t.substr(0, k_name_max + 4).find("**", 2);
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    name = t.substr(2, close - 2);
    rest = t.substr(close + 2);
  } else if (istarts(t, "[b]")) {
    const size_t close = ifind(t.substr(0, k_name_max + 8), "[/b]");
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    name = t.substr(3, close - 3);
    rest = t.substr(close + 4);
  } else {
    return std::nullopt;
  }
  name = trim(name);
  bool colon_inside = false;
  if (!name.empty() && name.back() == ':') {
    name.remove_suffix(1);
    colon_inside = true;
  }
  if (!name_like(name)) {
    return std::nullopt;
  }
  Head h;
  h.shape = Shape::bold;
  h.speaker = std::string(name);
  rest = ltrim(rest);
  if (colon_inside) {
    h.text = std::string(trim(rest));
    h.body_follows = h.text.empty();
    return h;
  }
  if (rest.empty()) {
    h.body_follows = true;
    return h;
  }
  if (rest[0] == ':') {
    h.text = std::string(trim(rest.substr(1)));
    h.body_follows = h.text.empty();
    return h;
  }
  for (std::string_view dash : {"\xE2\x80\x94", "\xE2\x80\x93", "-"}) {
    if (rest.substr(0, dash.size()) == dash) {
      h.text = std::string(trim(rest.substr(dash.size())));
      if (noise_line(h.text)) {
        h.text.clear();  // "**You** — Please update your info": the widget's caption
      }
      h.body_follows = h.text.empty();
      return h;
    }
  }
  if (system_text(rest)) {
    h.system = true;
    h.rest = std::string(name) + " " + std::string(trim(rest));
    h.speaker.clear();
    return h;
  }
  return std::nullopt;
}

// Header-field keys ("Email: …") that are never speakers.
bool field_key(std::string_view key) {
  static constexpr std::array<std::string_view, 42> k = {
      "name", "email", "e-mail", "phone", "location", "ip address", "ip", "browser", "page", "url", "os",
      "platform", "referrer", "country", "city", "region", "tags", "chat rating", "rating", "comment", "date",
      "time", "subject", "from", "to", "cc", "sent", "product name", "product", "question", "chat origin",
      "origin", "department", "queue", "chat id", "conversation id", "ticket id", "case number", "device",
      "user agent", "duration", "note"};
  const std::string_view t = trim(key);
  return std::any_of(k.begin(), k.end(), [&](std::string_view w) { return iequals(t, w); });
}

// The start of a footer: "Visitor details", "Chat rating: Good", "Tags: billing", "Powered by Zendesk".
bool footer_line(std::string_view t) {
  for (std::string_view p : {"visitor details", "visitor information", "customer details", "customer information",
                             "chat details", "powered by ", "this transcript was", "this chat transcript",
                             "this email was sent", "please do not reply", "please don't reply"}) {
    if (istarts(t, p)) {
      return true;
    }
  }
  const size_t colon = t.substr(0, 32).find(':');
  return colon != std::string_view::npos && colon > 0 && field_key(t.substr(0, colon));
}

// "Name: text" / "Name:text" for transcripts with no stamps.
std::optional<Head> parse_colon(std::string_view raw) {
  const std::string_view t = trim(raw);
  Head h;
  if (!split_speaker(t, h.speaker, h.text) || h.text.empty() || !name_like(h.speaker, 4) || field_key(h.speaker)) {
    return std::nullopt;
  }
  if (is_digit(h.speaker.back()) && h.text.size() >= 2 && is_digit(h.text[0]) && is_digit(h.text[1])) {
    return std::nullopt;  // "Sam · 10:32 AM": the colon is the clock's
  }
  h.shape = Shape::colon;
  return h;
}

// A line that is only a clock (the time line under a widget message): "10:32 AM", "4/3/26 10:32".
std::optional<TimeOfDay> clock_line(std::string_view raw) {
  const std::string_view t = trim(raw);
  if (t.empty() || t.size() > 40) {
    return std::nullopt;
  }
  const std::string s = text::ascii_digits(t);
  size_t p = 0;
  NumDate nd;
  if (read_num_date(s, p, nd)) {
    p = skip_blanks(s, p);
    if (p < s.size() && s[p] == ',') {
      p = skip_blanks(s, p + 1);
    }
  } else {
    p = 0;
  }
  TimeOfDay clock;
  if (!read_clock(s, p, clock)) {
    return std::nullopt;
  }
  p = skip_blanks(s, p);
  while (p < s.size() && s[p] >= 'A' && s[p] <= 'Z') {
    ++p;
  }
  if (skip_blanks(s, p) != s.size()) {
    return std::nullopt;
  }
  return clock;
}

// ---- header lines ----------------------------------------------------------------------------

bool start_header(std::string_view t) {
  for (std::string_view s : {"chat started", "chat start time", "chat began", "started on ", "conversation started",
                             "started:", "started at ", "start time:", "inicio:", "fecha de inicio",
                             "inicio del chat", "chat iniciado", "conversaci\xC3\xB3n iniciada",
                             "เริ่ม:",
                             "\xE0\xB9\x80\xE0\xB8\xA3\xE0\xB8\xB4\xE0\xB9\x88\xE0\xB8\xA1\xE0\xB9\x81\xE0\xB8\x8A\xE0\xB8\x97"}) {
    if (istarts(t, s)) {
      return true;
    }
  }
  // "Chat with Anna Smith started on 2026-03-04 10:32:00"
  return (istarts(t, "chat with ") || istarts(t, "conversation with ")) && ifind(head(t, 200), " started") != std::string_view::npos;
}

// A line that opens a transcript: "Chat started: 2018-11-23 11:46 AM UTC", "Conversation with X".
bool transcript_opening(std::string_view t) {
  if (t.size() > 240) {
    return false;
  }
  if (start_header(t)) {
    return find_date(t, Order::mdy).has_value() || find_clock(t).has_value();
  }
  return istarts(t, "conversation with ") && name_like(t.substr(18), 6);
}

std::string after_colon(std::string_view t) {
  const size_t c = t.find(':');
  return c == std::string_view::npos ? std::string() : std::string(trim(t.substr(c + 1)));
}

// A line that is only a date, perhaps between dashes: "--- October 3, 2025 ---", "2017 - 07 - 15",
// "Tuesday, 4 March 2026".
bool date_line(std::string_view t) {
  if (t.size() > 80 || t.find(':') != std::string_view::npos) {
    return false;
  }
  std::string_view s = t;
  while (!s.empty() && (s.front() == '-' || s.front() == '=' || s.front() == ' ' || s.front() == '*')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == '-' || s.back() == '=' || s.back() == ' ' || s.back() == '*')) {
    s.remove_suffix(1);
  }
  if (s.empty() || tokens(s).size() > 6) {
    return false;
  }
  return find_date(s, Order::mdy).has_value();
}

// ---- copied chat windows ----------------------------------------------------------------------

struct Block {
  size_t from, to;  // line indexes [from, to) of consecutive non-blank lines
};

std::vector<Block> split_blocks(const std::vector<std::string_view>& lines) {
  std::vector<Block> blocks;
  for (size_t i = 0; i < lines.size();) {
    if (trim(lines[i]).empty()) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < lines.size() && !trim(lines[j]).empty()) {
      ++j;
    }
    blocks.push_back({i, j});
    i = j;
  }
  return blocks;
}

// "Maya (IronLeaf)" (Intercom's "Maya (IronLeaf)  7:04 PM"): a name with its tag, kept whole.
bool tagged_name(std::string_view name, int max_words = 5) {
  const size_t open = name.size() > 3 && name.back() == ')' ? name.rfind(" (") : std::string_view::npos;
  return open != std::string_view::npos && open > 0 && name_like(name.substr(0, open), max_words) &&
         name.substr(open + 2, name.size() - open - 3).find_first_of("()") == std::string_view::npos &&
         name.size() - open - 3 > 0 && name.size() - open - 3 <= 32;
}

// The name on a speaker line: "Marisol", "Sam 10:32 AM", "Sam · 10:32" (the clock through `clock`).
std::string_view speaker_name(std::string_view t, std::optional<TimeOfDay>* clock) {
  if (clock) {
    clock->reset();
  }
  if (t.size() > 100) {
    return {};
  }
  if (t.size() > 1 && t.back() == ':' && t.find(':') == t.size() - 1 && name_like(t.substr(0, t.size() - 1))) {
    return rtrim(t.substr(0, t.size() - 1));  // "Sam:" on its own line
  }
  if (t.size() > 3 && t.back() == ')') {  // "Sam (Agent)": the tag is read by speaker_tag()
    const size_t open = t.rfind(" (");
    if (open != std::string_view::npos && open > 0 && name_like(t.substr(0, open)) &&
        t.substr(open + 2, t.size() - open - 3).find_first_of("()") == std::string_view::npos) {
      return t.substr(0, open);
    }
  }
  for (size_t i = 1; i < t.size(); ++i) {
    if (t[i - 1] == ' ' && is_digit(t[i])) {
      if (auto c = clock_line(t.substr(i))) {
        std::string_view name = rtrim(t.substr(0, i));
        for (std::string_view sep : {"\xC2\xB7", "\xE2\x80\xA2", "-", ",", "|"}) {
          if (name.size() > sep.size() && name.substr(name.size() - sep.size()) == sep) {
            name = rtrim(name.substr(0, name.size() - sep.size()));
          }
        }
        if (name_like(name) || tagged_name(name)) {
          if (clock) {
            *clock = c;
          }
          return name;
        }
        break;
      }
    }
  }
  return t;
}

// The role a speaker line's tag gives: "Sam (Agent)", "Ana (Support)", "Kim (You)".
Role speaker_tag(std::string_view t) {
  if (t.size() > 100 || t.empty() || t.back() != ')') {
    return Role::unknown;
  }
  const size_t open = t.rfind(" (");
  if (open == std::string_view::npos) {
    return Role::unknown;
  }
  const std::string_view tag = t.substr(open + 2, t.size() - open - 3);
  for (std::string_view w : {"agent", "agente", "support", "soporte", "staff", "admin", "operator", "asesor",
                             "representative", "\xE0\xB9\x80\xE0\xB8\x88\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\xAB\xE0\xB8\x99\xE0\xB9\x89\xE0\xB8\xB2\xE0\xB8\x97\xE0\xB8\xB5\xE0\xB9\x88"}) {
    if (icontains(tag, w)) {
      return Role::agent;
    }
  }
  for (std::string_view w : {"you", "customer", "visitor", "guest", "cliente", "visitante", "t\xC3\xBA"}) {
    if (iequals(tag, w)) {
      return Role::customer;
    }
  }
  return Role::unknown;
}

// Speaker lines: a block's first line (or the line after a time line) with lines under it, for
// names that open at least two messages.
std::vector<std::string> block_speakers(const std::vector<std::string_view>& lines, const std::vector<Block>& blocks) {
  std::vector<std::pair<std::string, int>> counts;
  auto count = [&](std::string_view name) {
    for (auto& [k, v] : counts) {
      if (k == name) {
        ++v;
        return;
      }
    }
    if (counts.size() < 200) {
      counts.emplace_back(std::string(name), 1);
    }
  };
  for (const auto& b : blocks) {
    std::vector<std::string_view> ls;
    for (size_t i = b.from; i < b.to; ++i) {
      const std::string_view t = trim(lines[i]);
      if (!noise_line(head(t, 200))) {
        ls.push_back(t);
      }
    }
    for (size_t k = 0; k + 1 < ls.size(); ++k) {
      const bool opens = k == 0 || clock_line(ls[k - 1]);
      if (!opens) {
        continue;
      }
      std::optional<TimeOfDay> clock;
      const std::string_view name = speaker_name(ls[k], &clock);
      if ((name_like(name) || (clock && tagged_name(name))) && !system_text(name) && !clock_line(ls[k]) && !clock_line(ls[k + 1]) &&
          !transcript_opening(ls[k]) && !transcript_opening(head(ls[k + 1], 240)) && !separator_line(ls[k + 1])) {
        count(name);
      }
    }
  }
  std::vector<std::string> speakers;
  for (const auto& [k, v] : counts) {
    if (v >= 2) {
      speakers.push_back(k);
    }
  }
  if (speakers.empty()) {
    return speakers;
  }
  // Beside speakers who open several messages, one who speaks once (a bot's greeting).
  for (const auto& b : blocks) {
    if (b.to - b.from < 2) {
      continue;
    }
    std::optional<TimeOfDay> clock;
    const std::string_view first = speaker_name(trim(lines[b.from]), &clock);
    const std::string_view second = trim(lines[b.from + 1]);
    if ((name_like(first, 4) || (clock && tagged_name(first, 4))) && !system_text(first) && !noise_line(first) && !start_header(first) &&
        !istarts(first, "conversation with") &&
        std::none_of(first.begin(), first.end(), [](char c) { return is_digit(c); }) && !separator_line(second) &&
        !noise_line(second) && !clock_line(second) && !start_header(second) &&
        std::find(speakers.begin(), speakers.end(), first) == speakers.end()) {
      for (const auto& [k, v] : counts) {
        if (k == first && v == 1) {
          speakers.emplace_back(first);
        }
      }
    }
  }
  return speakers;
}

// ---- assembling ------------------------------------------------------------------------------

struct Transcript {
  model::Conversation c;
  std::optional<Date> date;
  std::optional<int> zone;
  std::optional<model::Timestamp> header_start;
  std::optional<int64_t> base_wall;  // "Chat Started" as wall seconds, for elapsed stamps
  std::optional<int64_t> last_wall;
  std::vector<std::string> agent_hints;
  std::vector<std::string> customer_hints;
  std::vector<std::string> chatting_with;
  std::vector<std::pair<std::string, size_t>> joiners;  // name, entry index
  bool started = false;  // a message or event has been read
};

struct Parser {
  std::string_view text;
  const ParseInput* input = nullptr;
  std::vector<std::string_view> lines;
  Order order = Order::mdy;
  bool thai = false;
  std::vector<Transcript> done;
  Transcript cur;

  void new_transcript() {
    if (cur.started) {
      done.push_back(std::move(cur));
    } else {
      // Keep the header knowledge of a transcript without lines (a second header line).
      Transcript keep;
      keep.c.company = cur.c.company;
      done_headers_into(keep);
      cur = std::move(keep);
      return;
    }
    cur = Transcript{};
  }
  void done_headers_into(Transcript& keep) {
    keep.date = cur.date;
    keep.zone = cur.zone;
    keep.header_start = cur.header_start;
    keep.base_wall = cur.base_wall;
    keep.agent_hints = cur.agent_hints;
    keep.customer_hints = cur.customer_hints;
    keep.c.external_ids = cur.c.external_ids;
    keep.c.title = cur.c.title;
  }

  // Lines read before the first message: start time, zone, Agent/Visitor, Chat ID, notes.
  bool header_line(std::string_view t, bool before_entries, bool* visitor_block) {
    const std::string plain = strip_decoration(t);
    const std::string_view s = plain;
    if (s.empty()) {
      return true;
    }
    if (start_header(s)) {
      if (!transcript_opening(s)) {
        return true;
      }
      if (cur.started) {
        new_transcript();
      }
      auto date = find_date(s, order);
      auto clock = find_clock(s);
      auto zone = find_zone(s);
      // "Started: 2026-03-18T12:18:00+00:00": an ISO 8601 stamp says its own zone.
      if (const std::string value = after_colon(s); !value.empty()) {
        if (auto iso = timeutil::parse_iso_datetime(value); iso && value.size() >= 16) {
          const int64_t wall = iso->utc_seconds + iso->offset_minutes.value_or(0) * 60;
          date = timeutil::civil_from_days(wall / 86400);
          clock = TimeOfDay{static_cast<int>(wall % 86400 / 3600), static_cast<int>(wall % 3600 / 60),
                            static_cast<int>(wall % 60), true};
          if (iso->offset_minutes) {
            zone = iso->offset_minutes;
          }
        }
      }
      if (zone) {
        cur.zone = zone;
      }
      if (date) {
        cur.date = date;
      }
      if (date && clock) {
        model::Timestamp ts;
        ts.date = date;
        ts.time = clock;
        ts.offset_minutes = zone;
        cur.header_start = ts;
        cur.base_wall = timeutil::wall_seconds(*date, *clock);
        cur.last_wall = cur.base_wall;
      }
      return true;
    }
    if (istarts(s, "conversation with ") && transcript_opening(s)) {
      if (cur.started) {
        new_transcript();
      }
      cur.c.title = std::string(s);
      cur.customer_hints.push_back(std::string(trim(s.substr(18))));
      return true;
    }
    // "a copy of your conversation with Brightwave Internet", "Thank you for chatting with Skylark Airways."
    for (std::string_view phrase : {"conversation with ", "chatting with ", "for contacting "}) {
      const size_t at = ifind(s, phrase);
      if (at == std::string_view::npos || at == 0 || !before_entries || !cur.c.company.empty()) {
        continue;
      }
      std::string_view name = s.substr(at + phrase.size());
      for (std::string_view stop : {" for ", ".", ",", "!", " on ", " today", " -"}) {
        const size_t e = ifind(name, stop);
        if (e != std::string_view::npos) {
          name = name.substr(0, e);
        }
      }
      name = trim(name);
      if (name_like(name, 4) && !iequals(name, "us") && !istarts(name, "our ") && !istarts(name, "the ") &&
          (name[0] >= 'A' && name[0] <= 'Z')) {
        cur.c.company = std::string(name);
      }
    }
    // "Company: Northwind Telecom", "Empresa: …", "บริษัท: …" in a transcript's header block.
    for (std::string_view label : {"company:", "empresa:", "compañía:", "merchant:", "comercio:",
                                   "บริษัท:",
                                   "ร้าน:"}) {
      if (before_entries && istarts(s, label)) {
        const std::string name = after_colon(s);
        if (!name.empty() && name.size() < 120) {
          cur.c.company = name;
        }
        return true;
      }
    }
    for (auto [label, key] : std::array<std::pair<std::string_view, std::string_view>, 9>{
             {{"chat id", "chat_id"}, {"conversation id", "conversation_id"}, {"ticket id", "ticket_id"},
              {"transcript id", "transcript_id"}, {"session id", "session_id"}, {"case number", "case"},
              {"id de chat", "chat_id"}, {"id del chat", "chat_id"},
              {"รหัสแชท", "chat_id"}}}) {
      if (istarts(s, label)) {
        std::string_view v = trim(s.substr(label.size()));
        if (!v.empty() && (v[0] == ':' || v[0] == '#')) {
          v = trim(v.substr(1));
        }
        if (!v.empty() && v.size() < 80) {
          cur.c.external_ids.emplace_back(std::string(key), std::string(v));
        }
        return true;
      }
    }
    if (istarts(s, "visitor details") || istarts(s, "visitor information") || istarts(s, "customer details") ||
        istarts(s, "customer information")) {
      *visitor_block = true;
      return true;
    }
    if (*visitor_block && istarts(s, "name:")) {
      cur.customer_hints.push_back(after_colon(s));
      return true;
    }
    for (std::string_view label : {"agent:", "agente:", "operator:", "agent name:", "representative:", "asesor:", "asesora:",
                                   "เจ้าหน้าที่:",
                                   "พนักงาน:"}) {
      if (istarts(s, label)) {
        cur.agent_hints.push_back(after_colon(s));
        return true;
      }
    }
    for (std::string_view label : {"visitor:", "visitante:", "customer:", "cliente:", "visitor name:",
                                   "ลูกค้า:"}) {
      if (istarts(s, label)) {
        cur.customer_hints.push_back(after_colon(s));
        return true;
      }
    }
    if (before_entries && istarts(s, "agent ") && s.find(':') == std::string_view::npos &&
        name_like(rtrim(s.substr(6)).substr(0, rtrim(s.substr(6)).size() - (s.back() == '.' ? 1 : 0)), 4)) {
      cur.agent_hints.push_back(std::string(trim(s.substr(6))));
      return true;
    }
    if (before_entries && !cur.started) {
      for (std::string_view hi : {"hi ", "hello ", "dear ", "hola ", "estimado ", "estimada "}) {
        if (istarts(s, hi)) {
          std::string_view name = s.substr(hi.size());
          const size_t comma = name.find(',');
          if (comma != std::string_view::npos && name_like(name.substr(0, comma))) {
            cur.customer_hints.push_back(std::string(trim(name.substr(0, comma))));
          }
        }
      }
    }
    // A date separator ("--- October 3, 2025 ---"), a date line, or a note that names the day.
    if (!cur.header_start || cur.started) {
      if (auto d = find_date(s, order)) {
        if (!cur.date || cur.started || separator_line(s.substr(0, 3))) {
          cur.date = d;
          cur.last_wall.reset();
        }
        // "Date: 19 สิงหาคม 2568 (GMT+7)": the zone of the day's clocks.
        if (!cur.started && !cur.zone) {
          if (auto z = find_zone(s); z && (icontains(s, "GMT") || icontains(s, "UTC") || s.find('(') != std::string_view::npos)) {
            cur.zone = z;
          }
        }
        return true;
      }
    }
    return false;
  }

  model::Timestamp stamp_time(const Head& h) {
    model::Timestamp ts;
    if (h.elapsed) {
      if (cur.base_wall) {
        const int64_t wall = *cur.base_wall + *h.elapsed;
        const int64_t days = wall >= 0 ? wall / 86400 : (wall - 86399) / 86400;
        const int64_t secs = wall - days * 86400;
        ts.date = timeutil::civil_from_days(days);
        ts.time = TimeOfDay{static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60),
                            true};
        ts.offset_minutes = cur.zone;
      }
      return ts;
    }
    if (!h.clock) {
      ts.date = cur.date;  // a transcript without stamps: the day its header or note names
      return ts;
    }
    ts.time = h.clock;
    if (h.named_date) {
      ts.date = h.named_date;
      cur.date = h.named_date;
    } else if (h.date) {
      if (auto d = resolve_date(*h.date, order)) {
        ts.date = d;
        cur.date = d;
      }
    } else if (cur.date) {
      Date d = *cur.date;
      int64_t wall = timeutil::wall_seconds(d, *h.clock);
      if (cur.last_wall && wall + 6 * 3600 < *cur.last_wall) {
        d = timeutil::add_days(d, 1);  // past midnight
        cur.date = d;
        wall = timeutil::wall_seconds(d, *h.clock);
      }
      ts.date = d;
    }
    if (ts.date) {
      cur.last_wall = timeutil::wall_seconds(*ts.date, *h.clock);
    }
    ts.offset_minutes = h.offset ? h.offset : cur.zone;
    return ts;
  }

  void add_event(std::string_view t, int line_no, model::Timestamp ts = {}) {
    if (const size_t at = ifind(t, "issue id for this chat is "); at != std::string_view::npos) {
      std::string_view id = trim(t.substr(at + 26));
      while (!id.empty() && (id.back() == '.' || id.back() == ' ')) {
        id.remove_suffix(1);
      }
      if (!id.empty() && id.size() < 80) {
        cur.c.external_ids.emplace_back("issue_id", std::string(id));
      }
    }
    Entry e;
    e.kind = EntryKind::event;
    e.text = std::string(trim(t));
    e.time = ts;
    e.where = {line_no, line_no};
    bool staff = false;
    if (auto name = joiner_name(e.text, &staff); !name.empty()) {
      cur.joiners.emplace_back(name, cur.c.entries.size());
      if (staff) {
        cur.agent_hints.push_back(name);
      }
    }
    if (auto name = chatting_with(e.text); !name.empty()) {
      cur.chatting_with.push_back(name);
    }
    cur.c.entries.push_back(std::move(e));
    cur.started = true;
  }

  Entry& add_message(std::string speaker, std::string body, int line_no, model::Timestamp ts = {}) {
    Entry e;
    e.kind = EntryKind::message;
    e.speaker = std::move(speaker);
    e.text = std::move(body);
    e.time = ts;
    e.where = {line_no, line_no};
    cur.c.entries.push_back(std::move(e));
    cur.started = true;
    return cur.c.entries.back();
  }

  // Transcripts whose messages start on their own lines (stamps, bold names, "Name: text").
  void run_headed(Shape mode, const std::vector<std::optional<Head>>& heads) {
    const size_t n = lines.size();
    // Where the next head and the next start header are, for footers and continuations.
    std::vector<size_t> next_head(n + 1, n);
    std::vector<size_t> next_start(n + 1, n);
    for (size_t i = n; i-- > 0;) {
      next_head[i] = heads[i] ? i : next_head[i + 1];
      const std::string_view t = trim(lines[i]);
      next_start[i] = transcript_opening(strip_decoration(head(t, 300))) ? i : next_start[i + 1];
    }
    std::vector<std::string> known;
    for (const auto& h : heads) {
      if (known.size() < 64 && h && !h->speaker.empty() && !h->body_follows &&
          std::find(known.begin(), known.end(), h->speaker) == known.end()) {
        known.push_back(h->speaker);
      }
    }
    std::sort(known.begin(), known.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });

    long current = -1;  // index of the message that continuation lines join
    bool blank_since = false;
    bool visitor_block = false;
    bool paragraph_mode = false;  // bold speaker lines: each paragraph is a bubble
    std::string paragraph_speaker;
    model::Timestamp paragraph_time;
    for (size_t i = 0; i < n; ++i) {
      const int line_no = static_cast<int>(i) + 1;
      const std::string_view t = trim(lines[i]);
      if (t.empty()) {
        blank_since = true;
        continue;
      }
      if (heads[i]) {
        const Head& h = *heads[i];
        visitor_block = false;
        blank_since = false;
        paragraph_mode = false;
        const model::Timestamp ts = stamp_time(h);
        if (h.system) {
          add_event(h.rest, line_no, ts);
          current = -1;
          continue;
        }
        std::string speaker = h.speaker;
        std::string body = h.text;
        if (speaker.empty()) {
          // "(02:21:18 PM) Juan Manuel Franco Hi": a known speaker without the colon.
          for (const auto& k : known) {
            if (h.rest.size() > k.size() && h.rest.compare(0, k.size(), k) == 0 && h.rest[k.size()] == ' ') {
              speaker = k;
              body = std::string(trim(std::string_view(h.rest).substr(k.size())));
              break;
            }
          }
          if (speaker.empty()) {
            add_event(h.rest, line_no, ts);
            current = -1;
            continue;
          }
        }
        if (system_speaker(speaker)) {
          add_event(body, line_no, ts);
          current = -1;
          continue;
        }
        if (const Role tagged = speaker_tag(speaker); tagged != Role::unknown) {
          speaker = std::string(speaker_name(speaker, nullptr));  // "Sam (Agent)" speaks as Sam
          (tagged == Role::agent ? cur.agent_hints : cur.customer_hints).push_back(speaker);
        }
        add_message(speaker, body, line_no, ts);
        current = static_cast<long>(cur.c.entries.size()) - 1;
        if (h.body_follows && mode == Shape::bold) {
          paragraph_mode = true;
          paragraph_speaker = speaker;
          paragraph_time = ts;
        }
        continue;
      }
      const std::string plain = t.size() < 400 ? strip_decoration(t) : std::string(t);
      const bool more_heads = next_head[i] < n && next_head[i] < next_start[i];
      if (transcript_opening(plain)) {
        header_line(t, !cur.started, &visitor_block);
        current = -1;
        continue;
      }
      if (system_line(plain)) {
        add_event(plain, line_no);
        current = -1;
        continue;
      }
      if (separator_line(t)) {
        current = -1;
        continue;
      }
      if (date_line(t)) {
        // "--- October 3, 2025 ---", "2017 - 07 - 15": the day of the lines below.
        if (const auto d = find_date(t, order)) {
          cur.date = d;
          cur.last_wall.reset();
        }
        current = -1;
        continue;
      }
      if (banner_line(t)) {
        current = -1;  // "–––– สิ้นสุดบันทึก ––––" under the last message ends it
        header_line(t, !cur.started, &visitor_block);
        continue;
      }
      const bool empty_body = current >= 0 && cur.c.entries[static_cast<size_t>(current)].text.empty();
      if (current >= 0 && !more_heads && !empty_body && footer_line(plain)) {
        current = -1;  // "Chat rating: Good" right under the last message
      }
      if (current >= 0 && (!blank_since || more_heads || empty_body)) {
        if (noise_line(plain) && mode != Shape::elapsed) {
          continue;
        }
        Entry& e = cur.c.entries[static_cast<size_t>(current)];
        if (paragraph_mode && blank_since && !e.text.empty()) {
          add_message(paragraph_speaker, std::string(t), line_no, paragraph_time);
          current = static_cast<long>(cur.c.entries.size()) - 1;
        } else {
          if (!e.text.empty()) {
            e.text += '\n';
          }
          e.text += std::string(t);
          e.where.last_line = line_no;
        }
        blank_since = false;
        continue;
      }
      // Header before the messages, footer after them.
      current = -1;
      header_line(t, !cur.started, &visitor_block);
    }
  }

  // Copied chat windows without stamps: a speaker line, the message lines, a blank line.
  bool run_blocks() {
    const std::vector<Block> blocks = split_blocks(lines);
    const std::vector<std::string> speakers = block_speakers(lines, blocks);
    if (speakers.empty()) {
      return false;
    }
    auto is_speaker = [&](std::string_view t) {
      return std::find(speakers.begin(), speakers.end(), t) != speakers.end();
    };
    // Whether a speaker block comes after block i.
    std::vector<bool> speaker_after(blocks.size() + 1, false);
    for (size_t bi = blocks.size(); bi-- > 0;) {
      speaker_after[bi] = speaker_after[bi + 1] || (bi + 1 < blocks.size() &&
                                                    is_speaker(speaker_name(trim(lines[blocks[bi + 1].from]), nullptr)));
    }
    bool visitor_block = false;
    long current = -1;
    for (size_t bi = 0; bi < blocks.size(); ++bi) {
      const Block& b = blocks[bi];
      const bool later_speakers = speaker_after[bi];
      std::string speaker;
      std::optional<TimeOfDay> pending_clock;  // "Sam 10:32 AM": the time on the speaker line
      long message = -1;
      for (size_t i = b.from; i < b.to; ++i) {
        const int line_no = static_cast<int>(i) + 1;
        const std::string_view t = trim(lines[i]);
        const std::string plain = t.size() < 400 ? strip_decoration(t) : std::string(t);
        std::optional<TimeOfDay> name_clock;
        if (const std::string_view name = speaker_name(t, &name_clock); is_speaker(name) && i + 1 < b.to) {
          speaker = std::string(name);
          pending_clock = name_clock;
          if (const Role tagged = speaker_tag(t); tagged == Role::agent) {
            cur.agent_hints.push_back(speaker);
          } else if (tagged == Role::customer) {
            cur.customer_hints.push_back(speaker);
          }
          message = -1;
          continue;
        }
        if (auto clock = clock_line(t)) {
          if (message >= 0) {
            Entry& e = cur.c.entries[static_cast<size_t>(message)];
            Head h;
            h.clock = clock;
            e.time = stamp_time(h);
            e.where.last_line = line_no;
          }
          message = -1;
          continue;
        }
        if (noise_line(plain)) {
          continue;
        }
        if (speaker.empty()) {
          if (transcript_opening(plain)) {
            header_line(t, !cur.started, &visitor_block);  // a second transcript begins
            current = -1;
          } else if (system_line(plain)) {
            add_event(plain, line_no);
            current = -1;
          } else if (current >= 0 && later_speakers && i == b.from) {
            // A paragraph of the message above.
            Entry& e = cur.c.entries[static_cast<size_t>(current)];
            e.text += "\n\n" + std::string(t);
            e.where.last_line = line_no;
            speaker = e.speaker;
            message = current;
          } else if (!cur.started) {
            header_line(t, true, &visitor_block);
          }
          continue;
        }
        if (message < 0) {
          model::Timestamp ts;
          ts.date = cur.date;
          if (pending_clock) {
            Head h;
            h.clock = pending_clock;
            ts = stamp_time(h);
            pending_clock.reset();
          }
          add_message(speaker, std::string(t), line_no, ts);
          message = static_cast<long>(cur.c.entries.size()) - 1;
          current = message;
        } else {
          Entry& e = cur.c.entries[static_cast<size_t>(message)];
          e.text += '\n';
          e.text += std::string(t);
          e.where.last_line = line_no;
        }
      }
    }
    return true;
  }

  // Roles the transcript's own words settle, and the rest of the transcript's fields.
  void finalize(Transcript& tr) {
    auto& c = tr.c;
    c.format = "text-chat";
    c.channel = model::Channel::chat;
    for (auto& e : c.entries) {
      if (e.kind == EntryKind::message && media_placeholder(e.text)) {
        e.is_media = true;
      }
    }
    std::vector<std::string> speakers;
    std::unordered_map<std::string, size_t> first_message;  // speaker → index of their first message
    for (size_t k = 0; k < c.entries.size(); ++k) {
      const Entry& e = c.entries[k];
      if (e.kind == EntryKind::message && !trim(e.text).empty() && first_message.emplace(e.speaker, k).second) {
        speakers.push_back(e.speaker);
      }
    }
    if (speakers.size() > 500) {
      speakers.clear();  // not a support chat; hints are not worth matching against thousands of names
    }
    auto matching = [&](std::string_view hint) -> std::string {
      const std::string_view h = trim(hint);
      if (h.empty()) {
        return {};
      }
      for (const auto& s : speakers) {
        if (iequals(s, h) || text::fold_for_search(s) == text::fold_for_search(h)) {
          return s;
        }
      }
      // "Hi Jordan," for the speaker "Jordan Ellis": a first name that only one speaker has.
      if (h.find(' ') == std::string_view::npos && h.size() >= 2) {
        std::string found;
        int count = 0;
        for (const auto& s : speakers) {
          const std::string_view first = std::string_view(s).substr(0, s.find(' '));
          if (first.size() < s.size() && iequals(first, h)) {
            found = s;
            ++count;
          }
        }
        if (count == 1) {
          return found;
        }
      }
      return {};
    };
    auto set_role = [&](const std::string& name, Role role, const std::string& reason) {
      auto& p = c.participant(name);
      if (p.role == Role::unknown) {
        p.role = role;
        p.role_reason = reason;
      }
    };
    // "Maya (IronLeaf)" in a conversation with IronLeaf Fitness: the tag names the company.
    if (!c.company.empty()) {
      const std::string company = text::fold_for_search(c.company);
      for (const auto& sp : speakers) {
        const size_t open = sp.size() > 3 && sp.back() == ')' ? sp.rfind(" (") : std::string::npos;
        if (open == std::string::npos || !tagged_name(sp)) {
          continue;
        }
        const std::string tag = text::fold_for_search(sp.substr(open + 2, sp.size() - open - 3));
        const bool names_company =
            tag.size() >= 3 && (tag == company || (company.compare(0, tag.size(), tag) == 0 &&
                                                   (company.size() == tag.size() || company[tag.size()] == ' ')));
        if (names_company) {
          set_role(sp, Role::agent, "tagged with the company's name");
        }
      }
    }
    for (const auto& hint : tr.agent_hints) {
      if (auto s = matching(hint); !s.empty()) {
        set_role(s, Role::agent, "header Agent:");
        continue;
      }
      // "Agent Subashree S" while the messages are signed "Arlo Support": the one who says their name.
      const std::string first = std::string(trim(hint).substr(0, trim(hint).find(' ')));
      if (first.size() < 2) {
        continue;
      }
      for (const auto& e : c.entries) {
        if (e.kind == EntryKind::message && icontains(e.text, "my name is " + first)) {
          set_role(e.speaker, Role::agent, "header Agent: introduces as " + first);
          break;
        }
      }
    }
    for (const auto& hint : tr.customer_hints) {
      if (auto s = matching(hint); !s.empty()) {
        set_role(s, Role::customer, "header names the visitor");
      } else if (c.company.empty() && name_like(hint) && c.title.rfind("Conversation with", 0) == 0) {
        c.company = std::string(trim(hint));
      }
    }
    // Zendesk's trigger "Hi Juan Manuel Franco, welcome back!" opens the chat by naming the visitor.
    for (const auto& e : c.entries) {
      if (e.kind != EntryKind::message) {
        continue;
      }
      if (icontains(head(e.text, 200), "welcome")) {
        for (std::string_view hi : {"hi ", "hello ", "hey ", "hola ", "dear "}) {
          if (!istarts(e.text, hi)) {
            continue;
          }
          std::string_view rest = std::string_view(e.text).substr(hi.size(), 80);
          size_t end = rest.size();
          for (std::string_view stop : {",", "!", ".", "  ", " welcome", " Welcome"}) {
            end = std::min(end, rest.find(stop));
          }
          const std::string greeted = matching(rest.substr(0, end));
          if (!greeted.empty() && greeted != e.speaker) {
            set_role(greeted, Role::customer, "greeted by name as the visitor");
          }
        }
      }
      break;  // only the chat's first message
    }
    for (const auto& name : tr.chatting_with) {
      if (auto s = matching(name); !s.empty()) {
        set_role(s, Role::agent, "'you are now chatting with'");
      }
    }
    if (tr.joiners.size() > 200) {
      tr.joiners.resize(200);
    }
    for (const auto& [name, index] : tr.joiners) {
      const std::string s = matching(name);
      if (s.empty()) {
        continue;
      }
      bool someone_before = false;
      for (const auto& other : speakers) {
        // A bot's or the desk's greeting before a join says nothing about who joined.
        const std::string lowered = " " + text::to_lower_ascii(other) + " ";
        const bool automated = contains_any(lowered, std::array<std::string_view, 8>{
                                   " bot ", "assistant", "customer service", "support", "system", "chatbot",
                                   "asistente", "virtual"});
        if (other != s && !automated && first_message[other] < index) {
          someone_before = true;
          break;
        }
      }
      for (size_t j = 0; j < tr.joiners.size() && j < 16 && !someone_before; ++j) {
        if (tr.joiners[j].second < index && tr.joiners[j].first != name && matching(tr.joiners[j].first) != s) {
          someone_before = true;
        }
      }
      const std::string folded = text::fold_for_search(s);
      if (someone_before && folded != "you" && folded != "visitor" && folded != "customer") {
        set_role(s, Role::agent, "joined the chat after it started");
      }
    }
    // The visitor under a shorter or longer form of their name ("Juan Manuel" for "Juan Manuel Franco").
    std::vector<std::string> customers;
    for (const auto& p : c.participants) {
      if (p.role == Role::customer) {
        customers.push_back(p.name);
      }
    }
    for (const auto& sp : speakers) {
      for (const auto& cu : customers) {
        const std::string& shorter = sp.size() < cu.size() ? sp : cu;
        const std::string& longer = sp.size() < cu.size() ? cu : sp;
        if (sp != cu && shorter.size() >= 3 && longer.compare(0, shorter.size(), shorter) == 0 &&
            longer[shorter.size()] == ' ') {
          set_role(sp, Role::customer, "a form of the visitor's name");
        }
      }
    }
    // Empty messages (a speaker line with nothing under it) are dropped.
    c.entries.erase(std::remove_if(c.entries.begin(), c.entries.end(),
                                   [](const Entry& e) { return e.kind == EntryKind::message && trim(e.text).empty(); }),
                    c.entries.end());
    // Only participants who speak stay in the list.
    c.participants.erase(std::remove_if(c.participants.begin(), c.participants.end(),
                                        [&](const model::Participant& p) {
                                          return std::find(speakers.begin(), speakers.end(), p.name) == speakers.end();
                                        }),
                         c.participants.end());
    // Started: the header's time; a header to the minute yields to the first stamp in that minute.
    if (tr.header_start) {
      const auto& hs = *tr.header_start;
      bool use_header = true;
      if (!hs.time->has_seconds) {
        for (const auto& e : c.entries) {
          if (e.time.complete()) {
            const int64_t d = e.time.wall_seconds() - hs.wall_seconds();
            use_header = !(d >= 0 && d < 60);
            break;
          }
        }
      }
      if (use_header) {
        c.started = hs;
      }
    }
    if (!c.entries.empty()) {
      c.where = {c.entries.front().where.first_line, c.entries.back().where.last_line};
    }
  }
};

// Forum posts: "## #4 Posted by: NAME Posted at: 2018-11-23T17:27:05.050Z Reads: 184".
bool forum_header(std::string_view t, std::string& name, std::string& when) {
  const size_t by = ifind(head(t, 300), "posted by:");
  const size_t at = ifind(head(t, 300), "posted at:");
  if (by == std::string_view::npos || at == std::string_view::npos || at < by) {
    return false;
  }
  name = std::string(trim(t.substr(by + 10, at - by - 10)));
  std::string_view w = ltrim(t.substr(at + 10));
  when = std::string(w.substr(0, w.find(' ')));
  return !name.empty();
}

std::optional<Result<ParseOutput>> parse_forum(const std::vector<std::string_view>& lines, const ParseInput& input) {
  std::string name, when;
  size_t first = lines.size();
  for (size_t i = 0; i < lines.size() && i < 20; ++i) {
    if (forum_header(trim(lines[i]), name, when)) {
      first = i;
      break;
    }
  }
  if (first == lines.size()) {
    return std::nullopt;
  }
  model::Conversation c;
  c.format = "text-chat";
  c.channel = model::Channel::chat;
  Entry* e = nullptr;
  for (size_t i = first; i < lines.size(); ++i) {
    const std::string_view t = rtrim(lines[i]);
    const int line_no = static_cast<int>(i) + 1;
    if (forum_header(trim(t), name, when)) {
      Entry post;
      post.speaker = name;
      post.where = {line_no, line_no};
      if (auto instant = timeutil::parse_iso_datetime(when)) {
        const int offset = instant->offset_minutes.value_or(0);
        const int64_t wall = instant->utc_seconds + offset * 60;
        const int64_t days = wall >= 0 ? wall / 86400 : (wall - 86399) / 86400;
        const int64_t secs = wall - days * 86400;
        post.time.date = timeutil::civil_from_days(days);
        post.time.time = TimeOfDay{static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                                   static_cast<int>(secs % 60), true};
        post.time.offset_minutes = instant->offset_minutes;
      }
      c.entries.push_back(std::move(post));
      e = &c.entries.back();
      continue;
    }
    if (!e || trim(t).substr(0, 3) == "```") {
      continue;
    }
    if (trim(t).empty() && e->text.empty()) {
      continue;
    }
    if (!e->text.empty()) {
      e->text += '\n';
    }
    e->text += std::string(t);
    if (!trim(t).empty()) {
      e->where.last_line = line_no;
    }
  }
  for (auto& post : c.entries) {
    while (!post.text.empty() && (post.text.back() == '\n' || post.text.back() == ' ')) {
      post.text.pop_back();
    }
  }
  c.entries.erase(std::remove_if(c.entries.begin(), c.entries.end(), [](const Entry& x) { return x.text.empty(); }),
                  c.entries.end());
  if (c.entries.empty()) {
    return Result<ParseOutput>(make_error(input.display_name + ":" + std::to_string(first + 1) + ": a forum post with no text"));
  }
  // A post that speaks for the shop ("our system", "our newsletter") is the company's.
  static constexpr std::array<std::string_view, 10> k_company_voice = {
      "our system", "our newsletter", "our store", "our team", "our support", "our products",
      "our website", "our promotions", "our customers", "our live chat"};
  for (const auto& post : c.entries) {
    int hits = 0;
    for (auto w : k_company_voice) {
      hits += icontains(post.text, w) ? 1 : 0;
    }
    auto& p = c.participant(post.speaker);
    if (hits >= 2 && p.role == Role::unknown) {
      p.role = Role::agent;
      p.role_reason = "writes for the company ('our system', 'our newsletter')";
    }
  }
  c.where = {c.entries.front().where.first_line, c.entries.back().where.last_line};
  ParseOutput out;
  out.conversations.push_back(std::move(c));
  return Result<ParseOutput>(std::move(out));
}

// Which heads a file's lines have, counted for the mode and for detection.
struct Census {
  int stamped = 0;        // strong stamps: paren clock, elapsed, bracket clock, pipe, postfix
  int bracket_dates = 0;  // "[04/03/2026 14:05] Name:"
  int short_year_dates = 0;
  int clock_names = 0;    // "11:38:50 UTC Name" with a body below
  int bold = 0;
  int colon = 0;          // "Name: text" lines whose name repeats
  int colon_names = 0;
  int system = 0;
  int headers = 0;
  int nonempty = 0;
};

// Lines that open messages in this file, by the file's dominant shape.
void read_heads(const std::vector<std::string_view>& lines, size_t max_lines, Census& census,
                std::vector<std::optional<Head>>& stamped, std::vector<std::optional<Head>>& bold,
                std::vector<std::optional<Head>>& colon) {
  const size_t n = std::min(lines.size(), max_lines);
  stamped.assign(n, std::nullopt);
  bold.assign(n, std::nullopt);
  colon.assign(n, std::nullopt);
  std::unordered_map<std::string, int> names;
  for (size_t i = 0; i < n; ++i) {
    const std::string_view t = trim(lines[i]);
    if (t.empty()) {
      continue;
    }
    ++census.nonempty;
    const std::string_view probe = head(t, k_probe);
    if (start_header(probe)) {
      ++census.headers;
    }
    if (system_text(probe)) {
      ++census.system;
    }
    if (auto h = parse_stamped(t)) {
      if (h->shape == Shape::clock_name && h->body_follows) {
        // A speaker line needs its message under it (blank or indented lines, then text).
        const bool body = i + 1 < lines.size() && (trim(lines[i + 1]).empty() || is_blank(lines[i + 1][0]));
        if (!body) {
          h.reset();
        } else {
          ++census.clock_names;
        }
      } else if (h->shape == Shape::clock_name && !h->system) {
        ++census.clock_names;
      } else if (h->shape == Shape::bracket_date) {
        ++census.bracket_dates;
        if (h->date && h->date->digits[0] != 4 && h->date->digits[2] == 2) {
          ++census.short_year_dates;
        }
      } else {
        ++census.stamped;
      }
      stamped[i] = std::move(h);
      continue;
    }
    if (auto h = parse_postfix(t)) {
      ++census.stamped;
      stamped[i] = std::move(h);
      continue;
    }
    if (auto h = parse_bold(t)) {
      ++census.bold;
      bold[i] = std::move(h);
      continue;
    }
    if (auto h = parse_colon(t)) {
      ++names[h->speaker];
      colon[i] = std::move(h);
    }
  }
  // A bold line alone ("**Chat Transcript**") is a speaker line only for a name seen more than once.
  {
    std::unordered_map<std::string, int> bold_names;
    for (size_t i = 0; i < n; ++i) {
      if (bold[i] && !bold[i]->system) {
        ++bold_names[bold[i]->speaker];
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (bold[i] && bold[i]->body_follows && bold_names[bold[i]->speaker] < 2) {
        bold[i].reset();
        --census.bold;
      }
    }
  }
  // "Name: text" counts for names that speak more than once, and then for a one-time speaker
  // whose name looks like a person's rather than a label ("Note:", "Step 1:").
  int repeated_lines = 0;
  for (const auto& [k, v] : names) {
    if (v >= 2) {
      repeated_lines += v;
      ++census.colon_names;
    }
  }
  static constexpr std::array<std::string_view, 16> k_labels = {
      "note", "nota", "ps", "p.s", "update", "edit", "step", "tip", "warning", "important", "example", "re", "fwd",
      "fw", "answer", "question"};
  for (size_t i = 0; i < n; ++i) {
    if (!colon[i]) {
      continue;
    }
    const int times = names[colon[i]->speaker];
    const std::string_view name = colon[i]->speaker;
    const bool person = (name[0] >= 'A' && name[0] <= 'Z') || static_cast<unsigned char>(name[0]) >= 0x80;
    const bool label = std::any_of(k_labels.begin(), k_labels.end(), [&](std::string_view w) {
      return istarts(name, w) && (name.size() == w.size() || name[w.size()] == ' ');
    });
    if (times >= 2 || (times == 1 && repeated_lines >= 2 && person && !label && name_like(name, 3))) {
      ++census.colon;
    } else {
      colon[i].reset();
    }
  }
}

bool looks_like_markup_or_json(std::string_view bytes) {
  size_t i = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    i = 3;
  }
  while (i < bytes.size() && (is_blank(bytes[i]) || bytes[i] == '\n' || bytes[i] == '\r')) {
    ++i;
  }
  if (i >= bytes.size()) {
    return false;
  }
  if (bytes[i] == '{' || bytes[i] == '<') {
    return true;
  }
  if (bytes[i] == '[') {
    size_t j = i + 1;
    while (j < bytes.size() && (is_blank(bytes[j]) || bytes[j] == '\n' || bytes[j] == '\r')) {
      ++j;
    }
    return j < bytes.size() && (bytes[j] == '{' || bytes[j] == '"' || bytes[j] == ']' || bytes[j] == '[');
  }
  const std::string_view start = bytes.substr(i, 64);
  return istarts(start, "window.YTD") || istarts(start, "var ");
}

bool looks_like_email(const std::vector<std::string_view>& lines) {
  int fields = 0;
  for (size_t i = 0; i < lines.size() && i < 15; ++i) {
    const std::string_view t = lines[i];
    for (std::string_view f : {"from:", "to:", "subject:", "date:", "mime-version:", "received:", "return-path:",
                               "message-id:", "content-type:"}) {
      if (istarts(t, f)) {
        ++fields;
      }
    }
    if (i == 0 && t.substr(0, 5) == "From ") {
      fields += 2;
    }
  }
  return fields >= 3;
}

Order decide_order(const std::vector<std::string_view>& lines, const std::vector<std::optional<Head>>& stamped,
                   const ParseInput& input, bool& thai) {
  bool first_big = false, second_big = false;
  for (const auto& h : stamped) {
    if (h && h->date && h->date->digits[0] != 4) {
      first_big = first_big || h->date->field[0] > 12;
      second_big = second_big || h->date->field[1] > 12;
    }
  }
  std::string sample;
  for (size_t i = 0; i < lines.size() && sample.size() < 20000; ++i) {
    sample += head(lines[i], 2000);
    sample += '\n';
  }
  const std::string language = text::guess_language(sample);
  thai = language == "th" || text::has_thai(sample);
  if (first_big) {
    return Order::dmy;
  }
  if (second_big) {
    return Order::mdy;
  }
  if (input.context) {
    if (input.context->date_order == model::ImportContext::DateOrder::dmy) {
      return Order::dmy;
    }
    if (input.context->date_order == model::ImportContext::DateOrder::mdy) {
      return Order::mdy;
    }
  }
  return (language == "es" || language == "th" || thai) ? Order::dmy : Order::mdy;
}

}  // namespace

int detect_text_chat(std::string_view bytes) {
  if (looks_like_markup_or_json(bytes)) {
    return 0;
  }
  const std::string sample = text::normalize_newlines_and_marks(head(bytes, 64 * 1024));
  const auto lines = text::split_lines(sample);
  if (looks_like_email(lines)) {
    return 5;
  }
  {
    std::string name, when;
    for (size_t i = 0; i < lines.size() && i < 20; ++i) {
      if (forum_header(trim(lines[i]), name, when)) {
        return 55;
      }
    }
  }
  Census census;
  std::vector<std::optional<Head>> stamped, bold, colon;
  read_heads(lines, 300, census, stamped, bold, colon);
  const int headers = census.headers + census.system;
  int score = 0;
  if (census.stamped >= 3 || (census.stamped >= 1 && headers >= 1)) {
    score = census.stamped * 3 >= census.nonempty ? 80 : 65;
  } else if (census.stamped >= 1) {
    score = 45;
  } else if (census.bracket_dates >= 2) {
    // "[04/03/2026 14:05] Name: text" is a pasted chat; WhatsApp's iOS shape has a short year.
    score = census.short_year_dates * 2 >= census.bracket_dates ? 20 : 45;
  } else if (census.clock_names >= 2) {
    score = 45;
  } else if (census.bold >= 2) {
    score = headers > 0 ? 55 : 45;
  } else if (census.colon >= 3 && census.colon_names >= 2) {
    score = headers > 0 ? 40 : 25;
  } else if (census.colon >= 2 || census.system > 0) {
    score = 15;
  }
  if (score < 25 && census.nonempty >= 4) {
    // Perhaps a copied chat window: speaker lines, message lines, blank lines.
    const auto blocks = split_blocks(lines);
    const auto speakers = block_speakers(lines, blocks);
    const int block_score = speakers.size() >= 2 ? (census.system > 0 ? 30 : 25) : speakers.size() == 1 ? 15 : 5;
    score = std::max(score, block_score);
  }
  if (score > 0 && census.headers > 0) {
    score = std::min(score + 10, 90);
  }
  return score;
}

Result<ParseOutput> parse_text_chat_text(std::string_view text_in, const ParseInput& input) {
  Parser parser;
  parser.text = text_in;
  parser.input = &input;
  parser.lines = text::split_lines(text_in);
  while (!parser.lines.empty() && trim(parser.lines.back()).empty()) {
    parser.lines.pop_back();
  }
  if (parser.lines.empty()) {
    return make_error(input.display_name + ":1: the file is empty");
  }
  if (auto forum = parse_forum(parser.lines, input)) {
    return std::move(*forum);
  }
  Census census;
  std::vector<std::optional<Head>> stamped, bold, colon;
  read_heads(parser.lines, parser.lines.size(), census, stamped, bold, colon);
  parser.order = decide_order(parser.lines, stamped, input, parser.thai);

  const int timed = census.stamped + census.bracket_dates + census.clock_names;
  bool any = false;
  if (timed >= 1 && timed >= census.bold && timed >= census.colon / 2) {
    parser.run_headed(Shape::paren_clock, stamped);
    any = true;
  } else if (census.bold >= 2 && census.bold >= census.colon / 2) {
    parser.run_headed(Shape::bold, bold);
    any = true;
  } else if (census.colon >= 2) {
    parser.run_headed(Shape::colon, colon);
    any = true;
  } else {
    any = parser.run_blocks();
  }
  ParseOutput out;
  if (any) {
    parser.done.push_back(std::move(parser.cur));
    for (auto& tr : parser.done) {
      parser.finalize(tr);
      if (tr.c.message_count() > 0) {
        out.conversations.push_back(std::move(tr.c));
      }
    }
  }
  if (out.conversations.empty()) {
    int first = 1;
    for (size_t i = 0; i < parser.lines.size(); ++i) {
      if (!trim(parser.lines[i]).empty()) {
        first = static_cast<int>(i) + 1;
        break;
      }
    }
    return make_error(input.display_name + ":" + std::to_string(first) +
                      ": no chat lines found (expected lines like \"(10:32 AM) Name: text\", \"[14:05] Name: text\" "
                      "or a speaker line followed by the message)");
  }
  return out;
}

Result<ParseOutput> parse_text_chat(const ParseInput& input) {
  auto decoded = decode_text(input);
  if (!decoded) {
    return make_error(decoded.error());
  }
  return parse_text_chat_text(*decoded, input);
}

}  // namespace inwriting::importers
