#include "inwriting/export/redact.hpp"

#include <algorithm>
#include <set>

namespace inwriting::exporter {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) {
  return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// A run of digits with single separators between them, as it sits in the text.
struct DigitRun {
  std::string digits;
  std::vector<size_t> positions;  // of each digit in the text
  std::vector<size_t> group_starts;  // indexes into digits where a group after a separator starts
};

std::vector<DigitRun> digit_runs(std::string_view text) {
  std::vector<DigitRun> runs;
  size_t i = 0;
  while (i < text.size()) {
    if (!is_digit(text[i]) || (i > 0 && is_word(text[i - 1]))) {
      ++i;
      continue;
    }
    DigitRun run;
    run.group_starts.push_back(0);
    size_t j = i;
    while (j < text.size()) {
      if (is_digit(text[j])) {
        run.digits += text[j];
        run.positions.push_back(j);
        ++j;
      } else if ((text[j] == ' ' || text[j] == '-') && j + 1 < text.size() && is_digit(text[j + 1])) {
        run.group_starts.push_back(run.digits.size());
        ++j;
      } else {
        break;
      }
    }
    // A number glued to letters ("A4111...") is an identifier, not a card.
    if (j >= text.size() || !is_word(text[j])) runs.push_back(std::move(run));
    i = j + 1;
  }
  return runs;
}

void mask(std::string& out, const DigitRun& run, size_t first, size_t count, std::set<size_t>& masked_positions) {
  if (count <= 4) return;
  for (size_t k = first; k < first + count - 4; ++k) {
    out[run.positions[k]] = 'X';
    masked_positions.insert(run.positions[k]);
  }
}

}  // namespace

bool luhn_valid(std::string_view digits) {
  int sum = 0;
  bool twice = false;
  for (size_t i = digits.size(); i-- > 0;) {
    if (!is_digit(digits[i])) return false;
    int d = digits[i] - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return !digits.empty() && sum % 10 == 0;
}

Redaction redact_numbers(std::string_view text, const std::vector<std::string>& account_numbers) {
  Redaction result{std::string(text), 0};
  std::vector<std::string> accounts;
  for (const auto& a : account_numbers) {
    std::string digits;
    for (char c : a) {
      if (is_digit(c)) digits += c;
    }
    if (digits.size() > 4) accounts.push_back(digits);
  }
  std::set<size_t> masked_positions;
  for (const DigitRun& run : digit_runs(text)) {
    bool masked = false;
    for (const std::string& account : accounts) {
      for (size_t at = run.digits.find(account); at != std::string::npos; at = run.digits.find(account, at + account.size())) {
        mask(result.text, run, at, account.size(), masked_positions);
        masked = true;
      }
    }
    if (masked) {
      ++result.masked;
      continue;
    }
    // The whole run first, then the longest stretch of whole groups that is a card number
    // ("order 5512 4111 1111 1111 1111" holds one).
    const size_t n = run.digits.size();
    bool found = false;
    for (size_t length = std::min<size_t>(19, n); length >= 13 && !found; --length) {
      for (size_t g = 0; g < run.group_starts.size() && !found; ++g) {
        const size_t first = run.group_starts[g];
        if (first + length > n) break;
        const bool ends_at_group = first + length == n ||
                                   std::find(run.group_starts.begin(), run.group_starts.end(), first + length) != run.group_starts.end();
        if (!ends_at_group || !luhn_valid(std::string_view(run.digits).substr(first, length))) continue;
        mask(result.text, run, first, length, masked_positions);
        found = true;
      }
    }
    if (found) ++result.masked;
  }
  return result;
}

}  // namespace inwriting::exporter
