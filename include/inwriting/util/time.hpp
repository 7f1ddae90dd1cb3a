#pragma once
// Civil dates and times as written in transcripts, and their conversion to UTC.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace inwriting::timeutil {

struct Date {
  int year = 0, month = 0, day = 0;
  auto operator<=>(const Date&) const = default;
};
struct TimeOfDay {
  int hour = 0, minute = 0, second = 0;
  bool has_seconds = false;
  auto operator<=>(const TimeOfDay&) const = default;
};

// Days since 1970-01-01 for a proleptic Gregorian date, and back (Howard Hinnant's algorithms).
int64_t days_from_civil(int y, int m, int d);
Date civil_from_days(int64_t days);
bool is_valid_date(int y, int m, int d);
int weekday(const Date& d);  // 0 = Sunday
Date add_days(const Date& d, int64_t n);

// Seconds since the epoch of `date` `time` read as UTC wall-clock.
int64_t wall_seconds(const Date& date, const TimeOfDay& time);

// The UTC offset in minutes that zone `tz` (IANA name) has at the local wall time given;
// nullopt if the zone is unknown to ICU.
std::optional<int> zone_offset_at_local(std::string_view tz, int64_t local_wall_seconds);
bool is_known_zone(std::string_view tz);

// "2026-03-04T10:31:52-05:00", "2026-03-04T10:31:52Z", or without offset when unknown.
std::string format_iso(int64_t wall_seconds, std::optional<int> offset_minutes);
std::string format_date(const Date& d);  // 2026-03-04
std::optional<Date> parse_iso_date(std::string_view s);  // YYYY-MM-DD
// Parses an ISO 8601 / RFC 3339 date-time; returns UTC seconds and the offset written (if any).
struct Instant {
  int64_t utc_seconds = 0;
  std::optional<int> offset_minutes;  // nullopt: no zone was written (then utc_seconds is wall time)
};
std::optional<Instant> parse_iso_datetime(std::string_view s);

// Month names and abbreviations in English, Spanish and Thai (full and abbreviated, e.g. "ธ.ค.");
// 1-12 or 0 when not a month name. Case-insensitive, trailing '.' tolerated.
int month_from_name(std::string_view word);
// Weekday names in English, Spanish and Thai; 0-6 (Sunday = 0) or -1.
int weekday_from_name(std::string_view word);

// A year as written: two-digit years are 20xx (or 19xx when > 69 and `allow_19xx`), Buddhist-era
// years (> 2400) lose 543.
int normalize_year(int year, bool buddhist_hint = false);

// Now, as seconds since the epoch; tests replace it through INWRITING_NOW (ISO 8601).
int64_t now_utc();

}  // namespace inwriting::timeutil
