#include "inwriting/extract/money.hpp"

#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "icu_text.hpp"
#include "inwriting/extract/rules.hpp"
#include "inwriting/util/text.hpp"

namespace inwriting::extract {

struct MoneyReader::Rules {
  std::unique_ptr<icu::RegexPattern> pattern;
  int32_t pre_group = 0, amount_group = 0, post_group = 0, shorthand_group = 0;
  // Keys are folded (text::fold_for_search) so "Euros", "EUROS" and "euros" find the same entry.
  std::map<std::string, std::string> currency_of_marker;
  std::map<std::string, std::vector<std::string>> candidates_of_ambiguous;
};

namespace {

// A vocabulary entry as a regex, with its guards written out.
std::string literal_pattern(std::string_view entry) {
  const Literal literal = literal_of(entry);
  if (literal.body.empty())
    return "";
  return std::string(literal.guard_before ? "(?<!\\p{L})" : "") + literal.body +
         (literal.guard_after ? "(?!\\p{L})" : "");
}

// Longest first, so "US$" is tried before "$" and "pounds sterling" before "pounds".
std::string alternation(std::vector<std::string> alternatives) {
  std::sort(alternatives.begin(), alternatives.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string out;
  for (const auto& alternative : alternatives) {
    if (!out.empty())
      out += '|';
    out += alternative;
  }
  return out;
}

std::string where(const RuleFile& file, const RuleLine& line) {
  return file.path.string() + ":" + std::to_string(line.line) + ": ";
}

std::vector<std::string> split_list(std::string_view list) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = list.find(',', start);
    const std::string_view item =
        text::trim(list.substr(start, comma == std::string_view::npos ? list.npos : comma - start));
    if (!item.empty())
      items.emplace_back(item);
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  return items;
}

bool is_iso_code(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// "KEY: a, b, c" → key and items, split at the first ':' (so a key may be a symbol such as "$").
struct KeyedLine {
  std::string key;
  std::vector<std::string> items;
};
Result<KeyedLine> keyed_line(const RuleFile& file, const RuleLine& line, const char* shape) {
  const size_t colon = line.text.find(':');
  if (colon == std::string::npos || colon == 0)
    return make_error(where(file, line) + "expected '" + shape + "'");
  KeyedLine out{std::string(text::trim(std::string_view(line.text).substr(0, colon))),
                split_list(std::string_view(line.text).substr(colon + 1))};
  if (out.items.empty())
    return make_error(where(file, line) + "expected '" + shape + "'");
  return out;
}

// The amount as written → "1234.56". A last '.' or ',' followed by one or two digits is the decimal
// mark; every other separator groups thousands ("12.900", "1,500", "1'234"), and must be one and
// the same character. nullopt for mixed groupings such as "1.234.56".
std::optional<std::string> normalise_amount(std::string_view written) {
  const std::string ascii = text::ascii_digits(written);
  std::vector<std::string> groups(1);
  std::vector<char32_t> separators;
  size_t pos = 0;
  while (pos < ascii.size()) {
    const char32_t cp = text::next_code_point(ascii, pos);
    if (cp >= '0' && cp <= '9') {
      groups.back().push_back(static_cast<char>(cp));
    } else {
      separators.push_back(cp);
      groups.emplace_back();
    }
  }
  std::string fraction;
  if (!separators.empty() && (separators.back() == '.' || separators.back() == ',') &&
      groups.back().size() <= 2) {
    fraction = groups.back();
    groups.pop_back();
    const char32_t decimal_mark = separators.back();
    separators.pop_back();
    if (std::find(separators.begin(), separators.end(), decimal_mark) != separators.end())
      return std::nullopt;
  }
  if (!separators.empty() &&
      std::any_of(separators.begin(), separators.end(), [&](char32_t s) { return s != separators.front(); }))
    return std::nullopt;
  std::string whole;
  for (const auto& group : groups) whole += group;
  const size_t first_significant = whole.find_first_not_of('0');
  whole = first_significant == std::string::npos ? "0" : whole.substr(first_significant);
  while (fraction.size() < 2) fraction.push_back('0');
  return whole + "." + fraction;
}

bool has_decimal_digit(std::string_view text_in) {
  size_t pos = 0;
  while (pos < text_in.size()) {
    const auto byte = static_cast<unsigned char>(text_in[pos]);
    if (byte < 0x80) {
      if (byte >= '0' && byte <= '9')
        return true;
      ++pos;
      continue;
    }
    if (u_charType(static_cast<UChar32>(text::next_code_point(text_in, pos))) == U_DECIMAL_DIGIT_NUMBER)
      return true;
  }
  return false;
}

}  // namespace

Result<MoneyReader> MoneyReader::load(const std::filesystem::path& rules_dir) {
  auto read = read_rule_file(rules_dir / "money.rules");
  if (!read)
    return make_error(read.error());
  const RuleFile& file = *read;
  auto rules = std::make_shared<Rules>();

  std::vector<std::string> before;  // may stand before the amount
  std::vector<std::string> after;   // may stand after it
  std::vector<std::string> shorthands;
  std::string codes;

  for (const auto& line : file.section("codes")) {
    if (!is_iso_code(line.text))
      return make_error(where(file, line) + "not an ISO 4217 code: " + line.text);
    rules->currency_of_marker[fold_key(line.text)] = line.text;
    codes += (codes.empty() ? "" : "|") + line.text;
  }
  if (!codes.empty()) {
    // Capitals only: "cop" and "ars" in a sentence are not currencies. One group for all codes, so
    // ICU tests the letter guards once a position rather than once a code.
    const std::string code_pattern = "(?-i:(?<!\\p{L})(?:" + codes + ")(?!\\p{L}))";
    before.push_back(code_pattern);
    after.push_back(code_pattern);
  }
  auto add_keyed = [&](const char* section, bool may_precede) -> Status {
    for (const auto& line : file.section(section)) {
      auto keyed = keyed_line(file, line, "CODE: name, name");
      if (!keyed)
        return make_error(keyed.error());
      if (!is_iso_code(keyed->key))
        return make_error(where(file, line) + "not an ISO 4217 code: " + keyed->key);
      for (const auto& name : keyed->items) {
        rules->currency_of_marker[fold_key(name)] = keyed->key;
        (may_precede ? before : after).push_back(literal_pattern(name));
        if (may_precede)
          after.push_back(literal_pattern(name));
      }
    }
    return ok_status();
  };
  auto add_ambiguous = [&](const char* section, bool may_precede) -> Status {
    for (const auto& line : file.section(section)) {
      auto keyed = keyed_line(file, line, "marker: CODE, CODE");
      if (!keyed)
        return make_error(keyed.error());
      for (const auto& code : keyed->items)
        if (!is_iso_code(code))
          return make_error(where(file, line) + "not an ISO 4217 code: " + code);
      rules->candidates_of_ambiguous[fold_key(keyed->key)] = keyed->items;
      if (may_precede)
        before.push_back(literal_pattern(keyed->key));
      after.push_back(literal_pattern(keyed->key));
    }
    return ok_status();
  };
  if (auto s = add_keyed("symbols", true); !s)
    return make_error(s.error());
  if (auto s = add_keyed("words", false); !s)
    return make_error(s.error());
  if (auto s = add_ambiguous("ambiguous.symbols", true); !s)
    return make_error(s.error());
  if (auto s = add_ambiguous("ambiguous.words", false); !s)
    return make_error(s.error());
  for (const auto& line : file.section("shorthand")) shorthands.push_back(literal_pattern(line.text));
  if (before.empty() && after.empty())
    return make_error(file.path.string() + ": no currencies ([symbols], [codes] or [words])");
  if (shorthands.empty())
    shorthands.push_back("(?!)");

  // Digits of any script; thousands grouped by . , ' ’ or a no-break space (not a plain space:
  // "order 3 500 €" is 500 €); one or two decimals. Not part of a longer token (order numbers
  // "ORD-88213", times "10:30", dates "06/03", "$1.5k"), not a percentage. Thai letters may touch
  // the amount: Thai is written without spaces.
  const std::string number =
      "\\d{1,3}(?:[.,'\\u2019\\u00A0\\u202F]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?";
  const std::string pattern = "(?:(?<pre>" + alternation(before) + ")\\h?|(?<![\\p{L}\\p{N}.,:/#\\-]))" +
                              "(?<amount>" + number + ")(?![\\p{N}]|[.,:/]\\p{N}|\\h?%)" + "(?<shorthand>" +
                              alternation(shorthands) + ")?" + "(?:\\h?(?<post>" + alternation(after) +
                              ")|(?!\\p{Latin}))";
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error{};
  rules->pattern.reset(icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern),
                                                  UREGEX_CASE_INSENSITIVE, parse_error, status));
  if (U_FAILURE(status))
    return make_error(file.path.string() + ": the currencies make a bad pattern (" + u_errorName(status) +
                      ")");
  rules->pre_group = rules->pattern->groupNumberFromName("pre", -1, status);
  rules->amount_group = rules->pattern->groupNumberFromName("amount", -1, status);
  rules->post_group = rules->pattern->groupNumberFromName("post", -1, status);
  rules->shorthand_group = rules->pattern->groupNumberFromName("shorthand", -1, status);
  if (U_FAILURE(status))
    return make_error(file.path.string() + ": " + u_errorName(status));
  return MoneyReader(std::move(rules));
}

std::vector<Money> MoneyReader::find(std::string_view text_in, std::string_view default_currency) const {
  std::vector<Money> found;
  // Every amount has a digit, of any script: most lines have none, and ICU's matcher is dear.
  if (!has_decimal_digit(text_in))
    return found;
  const Utf16Text input = to_utf16(text_in);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexMatcher> matcher(m_rules->pattern->matcher(input.text, status));
  if (U_FAILURE(status))
    return found;
  std::string default_code;
  for (char c : default_currency)
    default_code.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);

  auto group_text = [&](int32_t group) -> std::optional<std::string> {
    UErrorCode group_status = U_ZERO_ERROR;
    if (matcher->start(group, group_status) < 0 || U_FAILURE(group_status))
      return std::nullopt;
    return to_utf8(matcher->group(group, group_status));
  };
  auto explicit_currency = [&](const std::optional<std::string>& marker) -> std::string {
    if (!marker)
      return {};
    auto it = m_rules->currency_of_marker.find(fold_key(*marker));
    return it == m_rules->currency_of_marker.end() ? std::string() : it->second;
  };
  auto default_if_listed = [&](const std::optional<std::string>& marker) -> std::optional<std::string> {
    if (!marker)
      return std::nullopt;
    auto it = m_rules->candidates_of_ambiguous.find(fold_key(*marker));
    if (it == m_rules->candidates_of_ambiguous.end())
      return std::nullopt;
    const auto& candidates = it->second;
    if (std::find(candidates.begin(), candidates.end(), default_code) != candidates.end())
      return default_code;
    return std::string();
  };

  while (matcher->find(status) && U_SUCCESS(status)) {
    const auto pre = group_text(m_rules->pre_group);
    const auto post = group_text(m_rules->post_group);
    const auto shorthand = group_text(m_rules->shorthand_group);
    if (!pre && !post && !shorthand)
      continue;
    const auto amount = normalise_amount(group_text(m_rules->amount_group).value_or(""));
    if (!amount)
      continue;

    Money money;
    money.amount = *amount;
    // A code or name after the amount says more than a symbol before it ("$50 AUD").
    std::string currency = explicit_currency(post);
    if (currency.empty())
      currency = explicit_currency(pre);
    if (!currency.empty()) {
      money.currency = currency;
    } else if (auto from_default =
                   default_if_listed(post) ? default_if_listed(post) : default_if_listed(pre)) {
      money.currency = *from_default;
      money.currency_inferred = !from_default->empty();
    } else if (shorthand && !default_code.empty()) {
      money.currency = default_code;
      money.currency_inferred = true;
    }
    UErrorCode offset_status = U_ZERO_ERROR;
    money.begin = input.byte_at[static_cast<size_t>(matcher->start(offset_status))];
    money.end = input.byte_at[static_cast<size_t>(matcher->end(offset_status))];
    found.push_back(std::move(money));
  }
  return found;
}

}  // namespace inwriting::extract
