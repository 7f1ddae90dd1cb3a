#pragma once
// Masking for the copies a bundle renders (never the originals): card numbers and the account
// numbers the user names keep only their last four digits.
#include <string>
#include <string_view>
#include <vector>

namespace inwriting::exporter {

struct Redaction {
  std::string text;
  int masked = 0;  // how many numbers were masked
};

// Card numbers: 13 to 19 digits passing the Luhn check, written together or in groups split by
// single spaces or dashes. `account_numbers`: masked wherever they appear, with or without
// separators between digits. Every masked digit but the last four becomes 'X'.
Redaction redact_numbers(std::string_view text, const std::vector<std::string>& account_numbers);

bool luhn_valid(std::string_view digits);

}  // namespace inwriting::exporter
