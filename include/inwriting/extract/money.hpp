#pragma once
// Amounts of money as agents write them: "$1,299.00 MXN", "1.234,56 €", "๑,๕๐๐ บาท", "450.-".
// The currency vocabulary (symbols, ISO codes, words, ambiguous markers, price shorthands) lives in
// src/data/promises/money.rules; the number grammar (digits of any script, thousands and decimal
// separators) is the same in every language and lives here.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "inwriting/util/result.hpp"

namespace inwriting::extract {

struct Money {
  std::string amount;              // normalised decimal, '.' separator, two decimals: "1234.56"
  std::string currency;            // ISO 4217; empty when the text does not say and no default fits
  bool currency_inferred = false;  // true when it came from default_currency (a bare "$", "450.-")
  size_t begin = 0, end = 0;       // byte offsets of the whole expression (symbol/code/words included)
};

class MoneyReader {
public:
  // Reads rules_dir/money.rules; a bad line is reported as "money.rules:12: what".
  static Result<MoneyReader> load(const std::filesystem::path& rules_dir);

  // Every amount of money in `text`, in order. `default_currency` (ISO code) resolves an ambiguous
  // marker ("$", "pesos", "dollars") when it is one of the currencies that marker can mean, and a
  // bare price shorthand ("450.-"); otherwise such amounts get an empty currency.
  std::vector<Money> find(std::string_view text, std::string_view default_currency = {}) const;

  struct Rules;

private:
  explicit MoneyReader(std::shared_ptr<const Rules> rules) : m_rules(std::move(rules)) {}
  std::shared_ptr<const Rules> m_rules;  // shared: compiled ICU patterns are immutable and thread-safe
};

}  // namespace inwriting::extract
