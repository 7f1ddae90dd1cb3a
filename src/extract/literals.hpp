#pragma once
// A cheap test that rules out a regex before ICU runs it: the literal text every match must hold.
// Private to src/extract.
#include <unicode/unistr.h>

#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inwriting::extract {

// Strings one of which every match of an ICU `pattern` contains, lower-cased (ICU root locale);
// nullopt when the pattern does not say (a branch with no literal, syntax this does not read).
// Looking for them with a plain find is a hundred times cheaper than running ICU's matcher on a
// text that cannot match, which is nearly every text.
std::optional<std::vector<std::string>> required_literals(std::string_view pattern);

// A text lower-cased as required_literals() lower-cases, with the byte pairs it holds: a rule
// set asks for hundreds of literals, and most are ruled out by their first two bytes alone.
class LoweredText {
 public:
  explicit LoweredText(const icu::UnicodeString& text);
  const std::string& text() const { return m_text; }
  bool may_hold(const std::string& literal) const {
    if (literal.size() >= 2 &&
        (!has_pair(literal[0], literal[1]) || !has_pair(literal[literal.size() - 2], literal.back())))
      return false;
    return m_text.find(literal) != std::string::npos;
  }

 private:
  static size_t pair_of(char a, char b) {
    return static_cast<size_t>(static_cast<unsigned char>(a)) << 8 | static_cast<unsigned char>(b);
  }
  bool has_pair(char a, char b) const { return m_pairs[pair_of(a, b)]; }
  std::string m_text;
  std::bitset<65536> m_pairs;
};

// False only when `lowered` holds none of `literals`.
inline bool may_contain(const std::optional<std::vector<std::string>>& literals, const LoweredText& lowered) {
  if (!literals)
    return true;
  for (const std::string& l : *literals) {
    if (lowered.may_hold(l))
      return true;
  }
  return false;
}

}  // namespace inwriting::extract
