#include "literals.hpp"

#include <unicode/locid.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace inwriting::extract {

namespace {

// Reads just enough of ICU's regex syntax to find the literal text a match must contain. Anything
// it is unsure of makes the answer "unknown", never a literal a match could lack.
class LiteralScanner {
 public:
  explicit LiteralScanner(std::string_view pattern) : m_p(pattern) {}
  std::optional<std::vector<std::string>> required() {
    auto found = alternation();
    return m_pos == m_p.size() ? found : std::nullopt;
  }

 private:
  using Set = std::optional<std::vector<std::string>>;

  static size_t score(const Set& set) {
    if (!set || set->empty())
      return 0;
    size_t shortest = SIZE_MAX;
    for (const auto& s : *set) shortest = std::min(shortest, s.size());
    return shortest;
  }

  Set alternation() {
    std::vector<std::string> all;
    bool known = true;
    while (true) {
      Set branch = sequence();
      if (!branch)
        known = false;
      else
        all.insert(all.end(), branch->begin(), branch->end());
      if (m_pos < m_p.size() && m_p[m_pos] == '|') {
        ++m_pos;
        continue;
      }
      break;
    }
    if (!known)
      return std::nullopt;
    return all;
  }

  // A quantifier after an atom: true when it makes the atom optional (?, *, {0…}).
  bool optional_quantifier() {
    if (m_pos >= m_p.size())
      return false;
    bool optional = false;
    const char c = m_p[m_pos];
    if (c == '?' || c == '*') {
      optional = true;
      ++m_pos;
    } else if (c == '+') {
      ++m_pos;
    } else if (c == '{') {
      const size_t close = m_p.find('}', m_pos);
      if (close == std::string_view::npos)
        return false;
      optional = m_p.substr(m_pos + 1, 1) == "0";
      m_pos = close + 1;
    } else {
      return false;
    }
    if (m_pos < m_p.size() && (m_p[m_pos] == '?' || m_p[m_pos] == '+'))
      ++m_pos;  // lazy, possessive
    return optional;
  }

  // Past a [...] class starting at `at` (on the '['); npos when it never closes.
  size_t class_end(size_t at) const {
    ++at;
    if (at < m_p.size() && m_p[at] == '^')
      ++at;
    if (at < m_p.size() && m_p[at] == ']')
      ++at;
    int depth = 1;
    for (; at < m_p.size() && depth > 0; ++at) {
      if (m_p[at] == '\\')
        ++at;
      else if (m_p[at] == '[')
        ++depth;
      else if (m_p[at] == ']')
        --depth;
    }
    return depth == 0 ? at : std::string_view::npos;
  }

  // Skips a lookaround's body up to its ')': what it looks at is never part of the match.
  bool skip_group_body() {
    int depth = 1;
    while (m_pos < m_p.size()) {
      const char c = m_p[m_pos];
      if (c == '\\') {
        m_pos += 2;
      } else if (c == '[') {
        const size_t end = class_end(m_pos);
        if (end == std::string_view::npos)
          return false;
        m_pos = end;
      } else if (c == '(') {
        ++depth;
        ++m_pos;
      } else if (c == ')') {
        if (--depth == 0)
          return true;  // left on the ')'
        ++m_pos;
      } else {
        ++m_pos;
      }
    }
    return false;
  }

  // After a backslash and its letter: how many more characters the escape takes (\u2019, \p{L}).
  bool skip_escape_argument(char e) {
    auto skip_braced = [&]() {
      const size_t close = m_p.find('}', m_pos);
      if (close == std::string_view::npos)
        return false;
      m_pos = close + 1;
      return true;
    };
    switch (e) {
      case 'p':
      case 'P':
      case 'N': return m_pos < m_p.size() && m_p[m_pos] == '{' && skip_braced();
      case 'x':
        if (m_pos < m_p.size() && m_p[m_pos] == '{')
          return skip_braced();
        m_pos += 2;
        return m_pos <= m_p.size();
      case 'u': m_pos += 4; return m_pos <= m_p.size();
      case 'U': m_pos += 8; return m_pos <= m_p.size();
      case 'c': m_pos += 1; return m_pos <= m_p.size();
      case '0':
        for (int i = 0; i < 3 && m_pos < m_p.size() && m_p[m_pos] >= '0' && m_p[m_pos] <= '7'; ++i) ++m_pos;
        return true;
      case 'k': {
        if (m_pos >= m_p.size() || m_p[m_pos] != '<')
          return false;
        const size_t close = m_p.find('>', m_pos);
        if (close == std::string_view::npos)
          return false;
        m_pos = close + 1;
        return true;
      }
      case 'Q':
      case 'E': return false;  // quoting: not read here
      default: return true;
    }
  }

  Set sequence() {
    Set best;
    std::string run;
    auto end_run = [&] {
      if (!run.empty() && run.size() > score(best))
        best = std::vector<std::string>{run};
      run.clear();
    };
    while (m_pos < m_p.size() && m_p[m_pos] != '|' && m_p[m_pos] != ')') {
      const char c = m_p[m_pos];
      if (c == '(') {
        end_run();
        ++m_pos;
        bool lookaround = false;
        if (m_p.substr(m_pos, 2) == "?:") {
          m_pos += 2;
        } else if (m_p.substr(m_pos, 2) == "?=" || m_p.substr(m_pos, 2) == "?!") {
          m_pos += 2;
          lookaround = true;
        } else if (m_p.substr(m_pos, 3) == "?<=" || m_p.substr(m_pos, 3) == "?<!") {
          m_pos += 3;
          lookaround = true;
        } else if (m_p.substr(m_pos, 2) == "?<") {
          const size_t close = m_p.find('>', m_pos);  // a named group: (?<name>…)
          if (close == std::string_view::npos)
            return fail();
          m_pos = close + 1;
        } else if (m_pos < m_p.size() && m_p[m_pos] == '?') {
          // Flags for the group, "(?-i:…)": the group still matches what it holds.
          size_t at = m_pos + 1;
          while (at < m_p.size() && (std::isalpha(static_cast<unsigned char>(m_p[at])) || m_p[at] == '-'))
            ++at;
          if (at >= m_p.size() || m_p[at] != ':')
            return fail();
          m_pos = at + 1;
        }
        if (lookaround) {
          if (!skip_group_body())
            return fail();
          ++m_pos;
          optional_quantifier();
          continue;
        }
        Set inner = alternation();
        if (m_pos >= m_p.size() || m_p[m_pos] != ')')
          return fail();
        ++m_pos;
        const bool optional = optional_quantifier();
        if (!optional && score(inner) > score(best))
          best = inner;
        continue;
      }
      if (c == '[') {
        end_run();
        const size_t end = class_end(m_pos);
        if (end == std::string_view::npos)
          return fail();
        m_pos = end;
        optional_quantifier();
        continue;
      }
      std::string literal;
      if (c == '\\') {
        if (m_pos + 1 >= m_p.size())
          return fail();
        const char e = m_p[m_pos + 1];
        m_pos += 2;
        if (std::isalnum(static_cast<unsigned char>(e))) {
          end_run();
          if (!skip_escape_argument(e))
            return fail();
          optional_quantifier();
          continue;
        }
        literal = std::string(1, e);
      } else if (c == '.' || c == '^' || c == '$') {
        end_run();
        ++m_pos;
        optional_quantifier();
        continue;
      } else {
        size_t length = 1;
        const auto lead = static_cast<unsigned char>(c);
        if (lead >= 0xF0)
          length = 4;
        else if (lead >= 0xE0)
          length = 3;
        else if (lead >= 0xC0)
          length = 2;
        literal = std::string(m_p.substr(m_pos, length));
        m_pos += length;
      }
      const size_t before = m_pos;
      const bool optional = optional_quantifier();
      if (optional) {
        end_run();
        continue;
      }
      run += literal;
      if (m_pos != before)
        end_run();  // "a+": one a is certain, what follows may not touch it
    }
    end_run();
    return best;
  }

  Set fail() {
    m_pos = m_p.size() + 1;
    return std::nullopt;
  }

  std::string_view m_p;
  size_t m_pos = 0;
};

}  // namespace

namespace {

std::string lowered(const icu::UnicodeString& text) {
  icu::UnicodeString lower(text);
  lower.toLower(icu::Locale::getRoot());
  std::string out;
  lower.toUTF8String(out);
  return out;
}

}  // namespace

LoweredText::LoweredText(const icu::UnicodeString& text) : m_text(lowered(text)) {
  for (size_t i = 0; i + 1 < m_text.size(); ++i) m_pairs.set(pair_of(m_text[i], m_text[i + 1]));
}

std::optional<std::vector<std::string>> required_literals(std::string_view pattern) {
  std::optional<std::vector<std::string>> literals = LiteralScanner(pattern).required();
  if (!literals || literals->empty())
    return std::nullopt;
  for (std::string& l : *literals) {
    l = lowered(icu::UnicodeString::fromUTF8(icu::StringPiece(l.data(), static_cast<int32_t>(l.size()))));
  }
  return literals;
}

}  // namespace inwriting::extract
