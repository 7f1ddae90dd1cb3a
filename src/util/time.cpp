#include "inwriting/util/time.hpp"

#include <unicode/basictz.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "inwriting/util/text.hpp"

namespace inwriting::timeutil {

int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = static_cast<unsigned>((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

Date civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Date{static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d)};
}

bool is_valid_date(int y, int m, int d) {
  if (y < 1 || m < 1 || m > 12 || d < 1) {
    return false;
  }
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] + ((m == 2 && leap) ? 1 : 0);
}

int weekday(const Date& d) {
  const int64_t days = days_from_civil(d.year, d.month, d.day);
  return static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
}

Date add_days(const Date& d, int64_t n) { return civil_from_days(days_from_civil(d.year, d.month, d.day) + n); }

int64_t wall_seconds(const Date& date, const TimeOfDay& time) {
  return days_from_civil(date.year, date.month, date.day) * 86400 + time.hour * 3600 + time.minute * 60 +
         time.second;
}

static std::unique_ptr<icu::TimeZone> open_zone(std::string_view tz) {
  const auto id = icu::UnicodeString::fromUTF8(icu::StringPiece(tz.data(), static_cast<int32_t>(tz.size())));
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(id));
  icu::UnicodeString canonical;
  zone->getID(canonical);
  if (*zone == icu::TimeZone::getUnknown()) {
    return nullptr;
  }
  return zone;
}

bool is_known_zone(std::string_view tz) { return open_zone(tz) != nullptr; }

std::optional<int> zone_offset_at_local(std::string_view tz, int64_t local_wall_seconds) {
  auto zone = open_zone(tz);
  if (!zone) {
    return std::nullopt;
  }
  auto* basic = dynamic_cast<icu::BasicTimeZone*>(zone.get());
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0;
  int32_t dst = 0;
  const double millis = static_cast<double>(local_wall_seconds) * 1000.0;
  if (basic) {
    // Local wall time in a gap or overlap: take the earlier (standard-time) reading, as clocks do.
    basic->getOffsetFromLocal(millis, UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_LATTER, raw, dst, status);
  } else {
    zone->getOffset(millis, true, raw, dst, status);
  }
  if (U_FAILURE(status)) {
    return std::nullopt;
  }
  return (raw + dst) / 60000;
}

static std::string two(int v) {
  std::string s = std::to_string(v);
  return s.size() < 2 ? "0" + s : s;
}

std::string format_date(const Date& d) {
  std::string y = std::to_string(d.year);
  while (y.size() < 4) {
    y = "0" + y;
  }
  return y + "-" + two(d.month) + "-" + two(d.day);
}

std::string format_iso(int64_t wall, std::optional<int> offset) {
  int64_t days = wall / 86400;
  int64_t rest = wall % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  std::string out = format_date(civil_from_days(days)) + "T" + two(static_cast<int>(rest / 3600)) + ":" +
                    two(static_cast<int>(rest / 60 % 60)) + ":" + two(static_cast<int>(rest % 60));
  if (offset) {
    const int o = *offset;
    out += o < 0 ? "-" : "+";
    out += two(std::abs(o) / 60) + ":" + two(std::abs(o) % 60);
  }
  return out;
}

static bool digits(std::string_view s, size_t at, size_t n, int& value) {
  if (at + n > s.size()) {
    return false;
  }
  value = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
    value = value * 10 + (s[i] - '0');
  }
  return true;
}

std::optional<Date> parse_iso_date(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() < 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' ||
      !digits(s, 8, 2, d) || !is_valid_date(y, m, d)) {
    return std::nullopt;
  }
  return Date{y, m, d};
}

std::optional<Instant> parse_iso_datetime(std::string_view s) {
  const auto date = parse_iso_date(s);
  if (!date) {
    return std::nullopt;
  }
  TimeOfDay t;
  size_t at = 10;
  if (at < s.size() && (s[at] == 'T' || s[at] == ' ')) {
    if (!digits(s, at + 1, 2, t.hour) || s.size() < at + 6 || s[at + 3] != ':' ||
        !digits(s, at + 4, 2, t.minute)) {
      return std::nullopt;
    }
    at += 6;
    if (at < s.size() && s[at] == ':') {
      if (!digits(s, at + 1, 2, t.second)) {
        return std::nullopt;
      }
      at += 3;
    }
    if (at < s.size() && s[at] == '.') {
      ++at;
      while (at < s.size() && std::isdigit(static_cast<unsigned char>(s[at]))) {
        ++at;
      }
    }
  }
  Instant result;
  const int64_t wall = wall_seconds(*date, t);
  result.utc_seconds = wall;
  if (at < s.size()) {
    if (s[at] == 'Z' || s[at] == 'z') {
      result.offset_minutes = 0;
    } else if (s[at] == '+' || s[at] == '-') {
      int hh = 0, mm = 0;
      if (!digits(s, at + 1, 2, hh)) {
        return std::nullopt;
      }
      size_t m_at = at + 3;
      if (m_at < s.size() && s[m_at] == ':') {
        ++m_at;
      }
      digits(s, m_at, 2, mm);
      const int offset = (hh * 60 + mm) * (s[at] == '-' ? -1 : 1);
      result.offset_minutes = offset;
      result.utc_seconds = wall - offset * 60;
    } else {
      return std::nullopt;
    }
  }
  return result;
}

namespace {
struct NameValue {
  const char* name;
  int value;
};
// Full names and common abbreviations; matched case-insensitively, a trailing '.' ignored.
const NameValue k_months[] = {
    {"january", 1},   {"jan", 1},      {"february", 2},  {"feb", 2},       {"march", 3},   {"mar", 3},
    {"april", 4},     {"apr", 4},      {"may", 5},       {"june", 6},      {"jun", 6},     {"july", 7},
    {"jul", 7},       {"august", 8},   {"aug", 8},       {"september", 9}, {"sep", 9},     {"sept", 9},
    {"october", 10},  {"oct", 10},     {"november", 11}, {"nov", 11},      {"december", 12}, {"dec", 12},
    {"enero", 1},     {"ene", 1},      {"febrero", 2},   {"marzo", 3},     {"abril", 4},   {"abr", 4},
    {"mayo", 5},      {"junio", 6},    {"julio", 7},     {"agosto", 8},    {"ago", 8},     {"septiembre", 9},
    {"setiembre", 9}, {"set", 9},      {"octubre", 10},  {"noviembre", 11}, {"diciembre", 12}, {"dic", 12},
    {"มกราคม", 1},    {"ม.ค.", 1},     {"กุมภาพันธ์", 2}, {"ก.พ.", 2},       {"มีนาคม", 3},   {"มี.ค.", 3},
    {"เมษายน", 4},    {"เม.ย.", 4},    {"พฤษภาคม", 5},   {"พ.ค.", 5},       {"มิถุนายน", 6},  {"มิ.ย.", 6},
    {"กรกฎาคม", 7},   {"ก.ค.", 7},     {"สิงหาคม", 8},   {"ส.ค.", 8},       {"กันยายน", 9},  {"ก.ย.", 9},
    {"ตุลาคม", 10},   {"ต.ค.", 10},    {"พฤศจิกายน", 11}, {"พ.ย.", 11},      {"ธันวาคม", 12}, {"ธ.ค.", 12},
};
const NameValue k_weekdays[] = {
    {"sunday", 0},    {"sun", 0},      {"monday", 1},    {"mon", 1},      {"tuesday", 2},   {"tue", 2},
    {"tues", 2},      {"wednesday", 3}, {"wed", 3},      {"thursday", 4}, {"thu", 4},       {"thur", 4},
    {"thurs", 4},     {"friday", 5},   {"fri", 5},       {"saturday", 6}, {"sat", 6},
    {"domingo", 0},   {"dom", 0},      {"lunes", 1},     {"lun", 1},      {"martes", 2},    {"mar", -2},
    {"miércoles", 3}, {"miercoles", 3}, {"mié", 3},      {"mie", 3},      {"jueves", 4},    {"jue", 4},
    {"viernes", 5},   {"vie", 5},      {"sábado", 6},    {"sabado", 6},   {"sáb", 6},       {"sab", 6},
    {"วันอาทิตย์", 0}, {"อาทิตย์", 0},   {"อา.", 0},       {"วันจันทร์", 1},  {"จันทร์", 1},     {"จ.", 1},
    {"วันอังคาร", 2},  {"อังคาร", 2},    {"อ.", 2},        {"วันพุธ", 3},     {"พุธ", 3},        {"พ.", 3},
    {"วันพฤหัสบดี", 4}, {"พฤหัสบดี", 4}, {"วันพฤหัส", 4},   {"พฤหัส", 4},     {"พฤ.", 4},       {"วันศุกร์", 5},
    {"ศุกร์", 5},      {"ศ.", 5},       {"วันเสาร์", 6},   {"เสาร์", 6},      {"ส.", 6},
};

// Called for every word a date parser tries (each line of every transcript): a hash lookup of
// the lower-cased word, with the same answers (first entry wins) as a scan of the table.
struct NameIndex {
  std::unordered_map<std::string_view, int> values;
  size_t longest = 0;
  NameIndex(const NameValue* table, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      const std::string_view name(table[i].name);
      values.emplace(name, table[i].value);
      longest = std::max(longest, name.size());
    }
  }
  int find(std::string_view key) const {
    const auto it = values.find(key);
    return it == values.end() ? -100 : it->second;
  }
};

int lookup(const NameIndex& index, std::string_view word) {
  const std::string_view trimmed = text::trim(word);
  // Every try below is at most one byte longer or shorter than the word.
  if (trimmed.empty() || trimmed.size() > index.longest + 1) {
    return -100;
  }
  char buffer[64];
  const size_t n = trimmed.size();
  if (n + 1 > sizeof buffer) {
    return -100;
  }
  for (size_t i = 0; i < n; ++i) {
    const char c = trimmed[i];
    buffer[i] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view w(buffer, n);
  int v = index.find(w);
  if (v == -100 && w.back() == '.') {
    v = index.find(w.substr(0, n - 1));
  }
  if (v == -100 && w.find('.') == std::string_view::npos) {
    buffer[n] = '.';
    v = index.find(std::string_view(buffer, n + 1));
  }
  return v;
}
}  // namespace

int month_from_name(std::string_view word) {
  static const NameIndex index(k_months, std::size(k_months));
  const int v = lookup(index, word);
  return v < 0 ? 0 : v;
}

int weekday_from_name(std::string_view word) {
  static const NameIndex index(k_weekdays, std::size(k_weekdays));
  const int v = lookup(index, word);
  return v < 0 ? -1 : v;
}

int normalize_year(int year, bool buddhist_hint) {
  if (year > 2400) {
    return year - 543;
  }
  if (year < 100) {
    if (buddhist_hint) {
      return 2500 + year - 543;  // "68" in a Thai date is 2568 BE = 2025
    }
    return 2000 + year;
  }
  return year;
}

int64_t now_utc() {
  if (const char* fixed = std::getenv("INWRITING_NOW")) {
    if (auto instant = parse_iso_datetime(fixed)) {
      return instant->utc_seconds;
    }
  }
  return static_cast<int64_t>(std::time(nullptr));
}

}  // namespace inwriting::timeutil
