#include <doctest/doctest.h>

#include "inwriting/util/text.hpp"

using namespace inwriting;

TEST_SUITE("util::text") {
  TEST_CASE("UTF-8 validation and repair") {
    CHECK(text::is_valid_utf8("caf\xC3\xA9 เงิน"));
    CHECK(text::is_valid_utf8("\xEF\xBF\xBD"));  // a real U+FFFD is valid
    CHECK_FALSE(text::is_valid_utf8("caf\xE9"));
    CHECK_FALSE(text::is_valid_utf8("\xC0\xAF"));      // overlong
    CHECK_FALSE(text::is_valid_utf8("\xED\xA0\x80"));  // surrogate
    int replaced = 0;
    CHECK(text::repair_utf8("a\xFF" "b\xFE", &replaced) == "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    CHECK(replaced == 2);
  }

  TEST_CASE("newlines, BOM and direction marks") {
    CHECK(text::normalize_newlines_and_marks("\xEF\xBB\xBF" "a\r\nb\rc\n") == "a\nb\nc\n");
    CHECK(text::normalize_newlines_and_marks("\xE2\x80\x8E[1/2/26, 9:14\xE2\x80\xAF" "AM]") == "[1/2/26, 9:14 AM]");
    CHECK(text::normalize_newlines_and_marks("a\xC2\xA0" "b") == "a b");
  }

  TEST_CASE("folding for search: case and Latin accents, never Thai marks; Thai digits") {
    CHECK(text::fold_for_search("Reembolsó") == "reembolso");
    CHECK(text::fold_for_search("BONIFICACIÓN Ñandú") == "bonificacion nandu");
    CHECK(text::fold_for_search("คืนเงิน") == "คืนเงิน");
    CHECK(text::fold_for_search("เงื่อนไข") == "เงื่อนไข");
    CHECK(text::fold_for_search("๑,๕๐๐ บาท") == "1,500 บาท");
    CHECK(text::ascii_digits("๒๕๖๘") == "2568");
  }

  TEST_CASE("mojibake is repaired only when it is mojibake") {
    CHECK(text::repair_latin1_mojibake("R\xC3\x83\xC2\xADos") == "R\xC3\xADos");  // "RÃ­os" -> "Ríos"
    CHECK(text::repair_latin1_mojibake("Ríos") == "Ríos");                         // real Latin-1 text stays
    CHECK(text::repair_latin1_mojibake("คืนเงิน") == "คืนเงิน");                    // above U+00FF: untouched
    CHECK(text::repair_latin1_mojibake("plain") == "plain");
  }

  TEST_CASE("trimming Unicode spaces and splitting lines") {
    CHECK(text::trim_unicode("\xE3\x80\x80 hola\xC2\xA0") == "hola");
    const auto lines = text::split_lines("a\n\nb");
    REQUIRE(lines.size() == 3);
    CHECK(lines[1].empty());
    CHECK(text::split_lines("a\n").size() == 1);
  }

  TEST_CASE("language guess") {
    CHECK(text::guess_language("เราจะคืนเงินให้คุณภายในสามวัน") == "th");
    CHECK(text::guess_language("Hola, le reembolsaremos el cargo de su factura por el error") == "es");
    CHECK(text::guess_language("Hi, we will refund the charge to your card within five days") == "en");
    CHECK(text::guess_language("Your refund is approved ค่ะ เราจะคืนเงินให้คุณภายในสามวันทำการ thank you") == "mixed");
  }
}
