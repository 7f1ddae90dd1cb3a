// Card and account numbers are masked to their last four digits in rendered copies.
#include <doctest/doctest.h>

#include "inwriting/export/redact.hpp"

using namespace inwriting;

TEST_SUITE("export.redact") {
  TEST_CASE("Luhn-valid card numbers of 13 to 19 digits, in any grouping, keep their last 4") {
    CHECK(exporter::redact_numbers("card 4111111111111111 on file", {}).text == "card XXXXXXXXXXXX1111 on file");
    CHECK(exporter::redact_numbers("4111 1111 1111 1111", {}).text == "XXXX XXXX XXXX 1111");
    CHECK(exporter::redact_numbers("Amex 3782-822463-10005.", {}).text == "Amex XXXX-XXXXXX-X0005.");
    CHECK(exporter::redact_numbers("13 digits 4222222222222", {}).text == "13 digits XXXXXXXXX2222");
    CHECK(exporter::redact_numbers("tarjeta 5555555555554444, gracias", {}).masked == 1);
    CHECK(exporter::redact_numbers("บัตร 4111111111111111 ค่ะ", {}).text == "บัตร XXXXXXXXXXXX1111 ค่ะ");
  }
  TEST_CASE("numbers that are not cards stay: wrong check digit, too short, too long, glued to letters") {
    CHECK(exporter::redact_numbers("ref 4111111111111112", {}).masked == 0);
    CHECK(exporter::redact_numbers("call 555-123-4567", {}).masked == 0);
    CHECK(exporter::redact_numbers("order 12345678901234567890", {}).masked == 0);
    CHECK(exporter::redact_numbers("ticket A4111111111111111", {}).masked == 0);
    CHECK(exporter::redact_numbers("$129.99 on 2026-03-04", {}).masked == 0);
  }
  TEST_CASE("a card inside a longer run of groups is found") {
    CHECK(exporter::redact_numbers("5512 4111 1111 1111 1111", {}).text == "5512 XXXX XXXX XXXX 1111");
  }
  TEST_CASE("account numbers the user names are masked, with or without separators") {
    const std::vector<std::string> accounts = {"00123-456789"};
    CHECK(exporter::redact_numbers("account 00123456789 was billed", accounts).text == "account XXXXXXX6789 was billed");
    CHECK(exporter::redact_numbers("account 00123-456789", accounts).text == "account XXXXX-XX6789");
    CHECK(exporter::redact_numbers("account 99999999", accounts).masked == 0);
  }
  TEST_CASE("luhn_valid") {
    CHECK(exporter::luhn_valid("79927398713"));
    CHECK_FALSE(exporter::luhn_valid("79927398710"));
    CHECK_FALSE(exporter::luhn_valid(""));
  }
}
