#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "inwriting/extract/money.hpp"
#include "inwriting/extract/rules.hpp"
#include "test_helpers.hpp"

using inwriting::extract::Money;
using inwriting::extract::MoneyReader;

namespace {

const MoneyReader& reader() {
  static const MoneyReader loaded = [] {
    auto result = MoneyReader::load(inwriting::extract::default_rules_dir());
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? std::string() : result.error()));
    return *result;
  }();
  return loaded;
}

// The only amount in `text`; fails the test when there is not exactly one.
Money only(const std::string& text, const std::string& default_currency = {}) {
  const auto found = reader().find(text, default_currency);
  REQUIRE_MESSAGE(found.size() == 1, text << " gave " << found.size() << " amounts");
  return found.front();
}

std::string span(const std::string& text, const Money& m) { return text.substr(m.begin, m.end - m.begin); }

void check_amount(const std::string& text, const std::string& amount, const std::string& currency,
                  const std::string& default_currency = {}) {
  CAPTURE(text);
  const Money m = only(text, default_currency);
  CHECK(m.amount == amount);
  CHECK(m.currency == currency);
}

}  // namespace

TEST_SUITE("extract.money") {
  TEST_CASE("a bare dollar sign takes the default currency, else none") {
    const std::string text = "We'll refund $100 today.";
    Money m = only(text);
    CHECK(m.amount == "100.00");
    CHECK(m.currency == "");
    CHECK_FALSE(m.currency_inferred);
    CHECK(span(text, m) == "$100");

    m = only(text, "USD");
    CHECK(m.currency == "USD");
    CHECK(m.currency_inferred);
    m = only(text, "mxn");
    CHECK(m.currency == "MXN");
    CHECK(m.currency_inferred);
    // A default the symbol cannot mean is not used.
    m = only(text, "THB");
    CHECK(m.currency == "");
    CHECK_FALSE(m.currency_inferred);
  }

  TEST_CASE("dollar shapes") {
    check_amount("a credit of US$ 100.00 was applied", "100.00", "USD");
    check_amount("USD 100 refund", "100.00", "USD");
    check_amount("refund of 100 USD", "100.00", "USD");
    check_amount("$50 AUD back to your card", "50.00", "AUD", "USD");
    check_amount("Your plan is $14.99", "14.99", "USD", "USD");
    check_amount("I can do $500.00 for you", "500.00", "USD", "USD");
    check_amount("USD100", "100.00", "USD");
    check_amount("COP$ 50.000", "50000.00", "COP", "MXN");
    check_amount("MX$200", "200.00", "MXN");
    check_amount("500 MXN/mes", "500.00", "MXN");
    check_amount("Rs 500", "500.00", "INR");
    check_amount("It's $0.99 per minute", "0.99", "USD", "USD");
  }

  TEST_CASE("a code after the amount overrides the symbol before it") {
    const std::string text = "The total is $1,299.00 MXN.";
    const Money m = only(text, "USD");
    CHECK(m.amount == "1299.00");
    CHECK(m.currency == "MXN");
    CHECK_FALSE(m.currency_inferred);
    CHECK(span(text, m) == "$1,299.00 MXN");
  }

  TEST_CASE("euro shapes, comma decimals and dot thousands") {
    check_amount("un reembolso de 1.234,56 € en tu cuenta", "1234.56", "EUR");
    check_amount("te devolvemos 49,90 €", "49.90", "EUR");
    check_amount("cargo de 62,37 €", "62.37", "EUR");
    check_amount("abono de 287,45 EUR", "287.45", "EUR");
    check_amount("a €20 voucher", "20.00", "EUR");
    check_amount("un bono de 20 €", "20.00", "EUR");
    check_amount("20 euros de descuento", "20.00", "EUR");
    check_amount("20 Euros de descuento", "20.00", "EUR");
  }

  TEST_CASE("Spanish-American pesos") {
    check_amount("se acreditan $ 8.500,00", "8500.00", "ARS", "ARS");
    check_amount("el plan cuesta $ 12.900 al mes", "12900.00", "COP", "COP");
    check_amount("COP 120.000 de saldo a favor", "120000.00", "COP");
    check_amount("ARS 15.000,50 de reintegro", "15000.50", "ARS");
    check_amount("te devolvemos 15 pesos", "15.00", "MXN", "MXN");
    check_amount("te devolvemos 15 pesos", "15.00", "");
    check_amount("son 30 dólares", "30.00", "USD", "USD");
    check_amount("son 30 dólares", "30.00", "");
    check_amount("500 pesos mexicanos", "500.00", "MXN", "ARS");
  }

  TEST_CASE("a dot followed by exactly three digits groups thousands") {
    check_amount("$ 12.900", "12900.00", "");
    check_amount("$ 1.500.000", "1500000.00", "");
    check_amount("$ 12.90", "12.90", "");
    check_amount("$ 12.9", "12.90", "");
    check_amount("$1,500", "1500.00", "");
    check_amount("$1,50", "1.50", "");
  }

  TEST_CASE("pounds, dollars in words") {
    check_amount("a £25 goodwill credit", "25.00", "GBP");
    check_amount("I'll send 10 dollars", "10.00", "USD", "USD");
    check_amount("I'll send 10 dollars", "10.00", "AUD", "AUD");
    check_amount("I'll send 10 US dollars", "10.00", "USD", "AUD");
  }

  TEST_CASE("baht: symbol, word, Thai digits") {
    check_amount("คืนเงิน ฿1,500 ให้ค่ะ", "1500.00", "THB");
    check_amount("ยอด ฿2,685 ค่ะ", "2685.00", "THB");
    check_amount("คืนเงิน 1,500 บาท ภายใน 7 วัน", "1500.00", "THB");
    check_amount("200 บาท", "200.00", "THB");
    check_amount("200บาทค่ะ", "200.00", "THB");
    check_amount("฿1,500ค่ะ", "1500.00", "THB");
    check_amount("$20USD", "20.00", "USD");
    check_amount("ค่าบริการ 599 บาท/เดือน", "599.00", "THB");

    const std::string thai_digits = "คืนเงิน ๑,๕๐๐ บาท ค่ะ";
    const Money m = only(thai_digits);
    CHECK(m.amount == "1500.00");
    CHECK(m.currency == "THB");
    CHECK(span(thai_digits, m) == "๑,๕๐๐ บาท");
  }

  TEST_CASE("the price shorthand 450.- takes the default currency") {
    const std::string text = "ราคา 450.- ค่ะ";
    Money m = only(text, "THB");
    CHECK(m.amount == "450.00");
    CHECK(m.currency == "THB");
    CHECK(m.currency_inferred);
    CHECK(span(text, m) == "450.-");
    m = only(text);
    CHECK(m.currency == "");
    CHECK_FALSE(m.currency_inferred);
    check_amount("Preis 39,- inkl.", "39.00", "CHF", "CHF");
    check_amount("ส่วนลด 10% เหลือ 450.- บาท", "450.00", "THB", "USD");
  }

  TEST_CASE("an amount per month keeps only the amount") {
    const std::string text = "the plan drops to $85/month";
    const Money m = only(text, "USD");
    CHECK(m.amount == "85.00");
    CHECK(span(text, m) == "$85");
  }

  TEST_CASE("byte offsets are into the UTF-8 input, past accents and Thai") {
    const std::string text = "Sí, señora: 49,90 € y también ฿1,500.";
    const auto found = reader().find(text);
    REQUIRE(found.size() == 2);
    CHECK(span(text, found[0]) == "49,90 €");
    CHECK(span(text, found[1]) == "฿1,500");
    // A code point outside the BMP before the amount takes two UTF-16 units, one UTF-8 sequence.
    const std::string emoji = "😀 $20 ok";
    const Money m = only(emoji, "USD");
    CHECK(span(emoji, m) == "$20");
    CHECK(m.begin == 5);
  }

  TEST_CASE("every amount, in order") {
    const std::string text = "You paid $120.00 USD; we refund €20 now and 1.500 บาท later, total 3 items.";
    const auto found = reader().find(text);
    REQUIRE(found.size() == 3);
    CHECK(found[0].currency == "USD");
    CHECK(found[0].amount == "120.00");
    CHECK(found[1].currency == "EUR");
    CHECK(found[2].currency == "THB");
    CHECK(found[2].amount == "1500.00");
    CHECK(found[0].begin < found[1].begin);
    CHECK(found[1].begin < found[2].begin);
  }

  TEST_CASE("not money") {
    const char* not_money[] = {
        "We can offer 15% off",
        "that's 50% off your next bill",
        "call us on +1 (800) 555-0199 or 1-800-555-0199",
        "your order ORD-88213 has shipped",
        "order #44512 is on the way",
        "I'll call at 10:30",
        "el viernes 06/03 te llamamos",
        "flight MD 2151 was cancelled",
        "we need 3 business days",
        "the cop said 20 minutes",
        "2026-03-04",
        "version 1.234,56",
        "the eurostar 20 times",
        "the bill is $1.5k",
        "1 500 000 visitors",
        "I use PHP 8 on my site",
        "PLEASE TRY 2 MORE TIMES",
        "It's 5 PM now",
    };
    for (const char* text : not_money) {
      CAPTURE(text);
      CHECK(reader().find(text, "USD").empty());
    }
  }

  TEST_CASE("a bad rule file names the file and line") {
    test::TempDir dir;
    {
      std::ofstream out(dir / "money.rules");
      out << "# test\n[codes]\nUSD\n[symbols]\nEUR €\n";
    }
    auto result = MoneyReader::load(dir.path());
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().find("money.rules:5:") != std::string::npos);

    {
      std::ofstream out(dir / "money.rules");
      out << "[codes]\nUSD\nEuro\n";
    }
    result = MoneyReader::load(dir.path());
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().find("money.rules:3: not an ISO 4217 code") != std::string::npos);

    CHECK_FALSE(MoneyReader::load(dir / "missing").ok());
  }
}
