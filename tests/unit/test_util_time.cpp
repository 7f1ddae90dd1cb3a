#include <doctest/doctest.h>

#include "inwriting/util/time.hpp"

using namespace inwriting::timeutil;

TEST_SUITE("util::time") {
  TEST_CASE("civil days round-trip and weekdays") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(civil_from_days(days_from_civil(2026, 3, 4)) == Date{2026, 3, 4});
    CHECK(weekday({2026, 3, 4}) == 3);  // a Wednesday
    CHECK(add_days({2026, 2, 27}, 2) == Date{2026, 3, 1});
    CHECK(is_valid_date(2028, 2, 29));
    CHECK_FALSE(is_valid_date(2026, 2, 29));
  }

  TEST_CASE("zones: offsets at local times, across DST") {
    CHECK(zone_offset_at_local("America/New_York", wall_seconds({2026, 3, 4}, {10, 0, 0})) == -300);
    CHECK(zone_offset_at_local("America/New_York", wall_seconds({2026, 7, 4}, {10, 0, 0})) == -240);
    CHECK(zone_offset_at_local("Asia/Bangkok", wall_seconds({2026, 1, 1}, {0, 0, 0})) == 420);
    CHECK_FALSE(zone_offset_at_local("Mars/Olympus", 0).has_value());
    CHECK(is_known_zone("Europe/Madrid"));
  }

  TEST_CASE("ISO 8601 in and out") {
    auto t = parse_iso_datetime("2026-03-04T10:31:52-05:00");
    REQUIRE(t);
    CHECK(*t->offset_minutes == -300);
    CHECK(format_iso(t->utc_seconds, 0) == "2026-03-04T15:31:52+00:00");
    auto z = parse_iso_datetime("2018-11-23T17:27:05.050Z");
    REQUIRE(z);
    CHECK(*z->offset_minutes == 0);
    auto local = parse_iso_datetime("2026-03-04 10:31");
    REQUIRE(local);
    CHECK_FALSE(local->offset_minutes);
    CHECK_FALSE(parse_iso_datetime("yesterday"));
    CHECK_FALSE(parse_iso_datetime("2026-02-30"));
  }

  TEST_CASE("month and weekday names in three languages") {
    CHECK(month_from_name("March") == 3);
    CHECK(month_from_name("sept.") == 9);
    CHECK(month_from_name("diciembre") == 12);
    CHECK(month_from_name("ธ.ค.") == 12);
    CHECK(month_from_name("สิงหาคม") == 8);
    CHECK(month_from_name("Marzo") == 3);
    CHECK(month_from_name("hello") == 0);
    CHECK(weekday_from_name("Friday") == 5);
    CHECK(weekday_from_name("viernes") == 5);
    CHECK(weekday_from_name("วันศุกร์") == 5);
    CHECK(weekday_from_name("ศ.") == 5);
  }

  TEST_CASE("years: two digits, Buddhist era") {
    CHECK(normalize_year(2568) == 2025);
    CHECK(normalize_year(26) == 2026);
    CHECK(normalize_year(68, true) == 2025);
    CHECK(normalize_year(2026) == 2026);
  }
}
