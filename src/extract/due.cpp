#include "inwriting/extract/due.hpp"

#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <vector>

#include "icu_text.hpp"
#include "inwriting/extract/rules.hpp"
#include "inwriting/util/text.hpp"
#include "literals.hpp"

namespace inwriting::extract {

namespace {

// How a kind of deadline turns into a date. The words and shapes of each are in the .dates files.
enum class Kind {
  business_days,  // {count} business days after said_on (the later bound of a range)
  days,           // {count} calendar days
  hours,          // {count} hours, rounded up to whole days
  weeks,
  months,
  relative,  // {relday}: today, tomorrow, …
  weekday,   // {weekday}: the next such weekday after said_on
  date,      // {day} with {month} or {monthnum}, maybe {year}; or a day of the month alone
  end_of_month,
  end_of_week,  // Friday of said_on's week (the next one when said on a weekend)
  undated,      // "next billing cycle": a deadline with no date
};

struct KindName {
  const char* section;
  Kind kind;
};
constexpr KindName k_kinds[] = {
    {"due.business_days", Kind::business_days},
    {"due.days", Kind::days},
    {"due.hours", Kind::hours},
    {"due.weeks", Kind::weeks},
    {"due.months", Kind::months},
    {"due.relative", Kind::relative},
    {"due.weekday", Kind::weekday},
    {"due.date", Kind::date},
    {"due.end_of_month", Kind::end_of_month},
    {"due.end_of_week", Kind::end_of_week},
    {"due.undated", Kind::undated},
};

// Which deadline says more, when two written side by side are read as one.
int specificity(Kind kind) {
  switch (kind) {
    case Kind::date: return 3;
    case Kind::weekday: return 2;
    case Kind::relative:
    case Kind::end_of_month:
    case Kind::end_of_week: return 1;
    default: return 0;
  }
}

// Points in time can be written next to each other and mean one deadline ("tomorrow, Friday
// March 13"); durations cannot.
bool is_point_in_time(Kind kind) {
  return specificity(kind) > 0;
}

// Each entry as written and without its accents ("mañana" also matches "manana", as people type
// in chats), longest first so "pasado mañana" is tried before "mañana". Entries that share their
// guards share one lookaround: ICU then tests it once a position, not once an entry, which makes
// the patterns several times faster.
std::string alternation(const std::vector<std::string>& entries) {
  std::vector<std::string> forms;
  for (const auto& entry : entries) {
    forms.push_back(entry);
    forms.push_back(fold_key(entry));
  }
  std::sort(forms.begin(), forms.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
  // Groups in the order of their longest entry, entries in length order within each group.
  std::vector<std::pair<int, std::string>> groups;  // guard kind → alternatives
  for (const auto& form : forms) {
    const Literal literal = literal_of(form);
    if (literal.body.empty())
      continue;
    const int kind = (literal.guard_before ? 1 : 0) | (literal.guard_after ? 2 : 0);
    auto group = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == kind; });
    if (group == groups.end())
      group = groups.insert(groups.end(), {kind, std::string()});
    if (!group->second.empty())
      group->second += '|';
    group->second += literal.body;
  }
  std::string out;
  for (const auto& [kind, alternatives] : groups) {
    if (!out.empty())
      out += '|';
    out += std::string(kind & 1 ? "(?<!\\p{L})" : "") + "(?:" + alternatives + ")" +
           (kind & 2 ? "(?!\\p{L})" : "");
  }
  return out;
}

std::string where(const RuleFile& file, int line) {
  return file.path.string() + ":" + std::to_string(line) + ": ";
}

std::optional<int> to_int(std::string_view digits) {
  const std::string ascii = text::ascii_digits(digits);
  int value = 0;
  auto [end, error] = std::from_chars(ascii.data(), ascii.data() + ascii.size(), value);
  if (error != std::errc() || end != ascii.data() + ascii.size())
    return std::nullopt;
  return value;
}

// One language's vocabulary: the words of value ("[months] 3: march, mar") and the plain lists
// ("[words.business_days]").
struct Vocabulary {
  std::map<std::string, std::map<std::string, int>> values;  // section → folded word → value
  std::map<std::string, std::vector<std::string>> words;     // section → entries as written
  bool buddhist_era = false;
};

constexpr const char* k_value_sections[] = {"months", "weekdays", "relative_days", "numbers"};

Result<Vocabulary> read_vocabulary(const RuleFile& file) {
  Vocabulary vocabulary;
  for (const char* section : k_value_sections) {
    auto& values = vocabulary.values[section];
    for (const auto& line : file.section(section)) {
      const size_t colon = line.text.find(':');
      const auto value =
          colon == std::string::npos ? std::nullopt : to_int(text::trim(line.text.substr(0, colon)));
      if (!value)
        return make_error(where(file, line.line) + "expected 'number: word, word'");
      std::string_view rest = std::string_view(line.text).substr(colon + 1);
      bool any = false;
      while (!rest.empty()) {
        const size_t comma = rest.find(',');
        const std::string_view word = text::trim(rest.substr(0, comma));
        if (!word.empty()) {
          values[fold_key(word)] = *value;
          vocabulary.words[section].emplace_back(word);
          any = true;
        }
        if (comma == std::string_view::npos)
          break;
        rest.remove_prefix(comma + 1);
      }
      if (!any)
        return make_error(where(file, line.line) + "expected 'number: word, word'");
    }
  }
  for (const auto& name : file.sections_with_prefix("words.")) {
    auto& entries = vocabulary.words[name.substr(6)];
    for (const auto& line : file.section(name)) entries.push_back(line.text);
  }
  for (const auto& line : file.section("options")) {
    if (line.text == "buddhist_era") {
      vocabulary.buddhist_era = true;
    } else {
      return make_error(where(file, line.line) + "unknown option '" + line.text + "'");
    }
  }
  return vocabulary;
}

const char* const k_digits_not_within_number = "(?<![\\p{N}])";

// `{name}` in a pattern → its regex. Value placeholders become named groups the resolver reads.
Result<std::string> expand(const std::string& name, const Vocabulary& vocabulary) {
  auto list_of = [&](const std::string& section) -> const std::vector<std::string>* {
    auto it = vocabulary.words.find(section);
    return it == vocabulary.words.end() || it->second.empty() ? nullptr : &it->second;
  };
  auto group_of_words = [&](const char* group, const char* section) -> Result<std::string> {
    const auto* words = list_of(section);
    if (!words)
      return make_error(std::string("{") + name + "} needs a [" + section + "] section");
    return std::string("(?<") + group + ">" + alternation(*words) + ")";
  };
  const std::string year_end = "(?![\\p{N}]|[:.]\\p{N})";
  if (name == "day")
    return std::string(k_digits_not_within_number) + "(?<day>\\d{1,2})(?![\\p{N}])";
  if (name == "monthnum")
    return std::string(k_digits_not_within_number) + "(?<monthnum>\\d{1,2})(?![\\p{N}])";
  if (name == "year")
    return std::string(k_digits_not_within_number) + "(?<year>\\d{4})" + year_end;
  if (name == "shortyear")
    return std::string(k_digits_not_within_number) + "(?<year>\\d{4}|\\d{2})" + year_end;
  if (name == "month")
    return group_of_words("month", "months");
  if (name == "weekday")
    return group_of_words("weekday", "weekdays");
  if (name == "relday")
    return group_of_words("relday", "relative_days");
  if (name == "count") {
    std::string number = std::string(k_digits_not_within_number) + "\\d{1,4}(?![\\p{N}])";
    if (const auto* words = list_of("numbers"))
      number += "|" + alternation(*words);
    const auto* range_words = list_of("range");
    const std::string range = range_words ? alternation(*range_words) : std::string("-|–");
    return "(?<count>" + number + ")(?:\\s*(?:" + range + ")\\s*(?<countto>" + number + "))?";
  }
  if (const auto* words = list_of(name))
    return "(?:" + alternation(*words) + ")";
  return make_error("unknown {" + name + "}");
}

Result<std::string> expand_placeholders(const std::string& pattern, const Vocabulary& vocabulary) {
  std::string out;
  size_t pos = 0;
  while (pos < pattern.size()) {
    const char c = pattern[pos];
    if (c == '\\' && pos + 1 < pattern.size()) {
      out.append(pattern, pos, 2);
      pos += 2;
      continue;
    }
    if (c == '{') {
      size_t close = pos + 1;
      while (close < pattern.size() &&
             (std::islower(static_cast<unsigned char>(pattern[close])) || pattern[close] == '_'))
        ++close;
      // "{1,2}" is a quantifier, "{month}" a placeholder.
      if (close < pattern.size() && pattern[close] == '}' && close > pos + 1) {
        auto expanded = expand(pattern.substr(pos + 1, close - pos - 1), vocabulary);
        if (!expanded)
          return expanded;
        out += "(?:" + *expanded + ")";
        pos = close + 1;
        continue;
      }
    }
    out.push_back(c);
    ++pos;
  }
  return out;
}

struct Pattern {
  Kind kind = Kind::undated;
  std::unique_ptr<icu::RegexPattern> regex;
  size_t vocabulary = 0;                             // index into Rules::vocabularies
  std::optional<std::vector<std::string>> literals;  // see required_literals()
  // Group numbers, -1 when the pattern has no such group.
  int32_t count = -1, count_to = -1, day = -1, month = -1, monthnum = -1, year = -1, weekday = -1,
          relday = -1;
};

int32_t group_number(const icu::RegexPattern& regex, const char* name) {
  UErrorCode status = U_ZERO_ERROR;
  const int32_t number = regex.groupNumberFromName(name, -1, status);
  return U_FAILURE(status) ? -1 : number;
}

timeutil::Date last_day_of_month(const timeutil::Date& d) {
  const timeutil::Date first_of_next =
      d.month == 12 ? timeutil::Date{d.year + 1, 1, 1} : timeutil::Date{d.year, d.month + 1, 1};
  return timeutil::add_days(first_of_next, -1);
}

timeutil::Date add_business_days(timeutil::Date d, int n) {
  while (n > 0) {
    d = timeutil::add_days(d, 1);
    const int wd = timeutil::weekday(d);
    if (wd != 0 && wd != 6)
      --n;
  }
  return d;
}

timeutil::Date add_months(const timeutil::Date& d, int n) {
  const int months = d.year * 12 + (d.month - 1) + n;
  timeutil::Date out{months / 12, months % 12 + 1, 1};
  out.day = std::min(d.day, last_day_of_month(out).day);
  return out;
}

struct Candidate {
  Kind kind = Kind::undated;
  std::optional<timeutil::Date> date;
  int32_t begin = 0, end = 0;  // UTF-16 indices
};

}  // namespace

struct DueReader::Rules {
  std::vector<Vocabulary> vocabularies;
  std::vector<Pattern> patterns;
};

Result<DueReader> DueReader::load(const std::filesystem::path& rules_dir) {
  auto rules = std::make_shared<Rules>();
  for (const char* name : {"en.dates", "es.dates", "th.dates"}) {
    auto read = read_rule_file(rules_dir / name);
    if (!read)
      return make_error(read.error());
    const RuleFile& file = *read;
    auto vocabulary = read_vocabulary(file);
    if (!vocabulary)
      return make_error(vocabulary.error());
    rules->vocabularies.push_back(std::move(*vocabulary));
    const size_t vocabulary_index = rules->vocabularies.size() - 1;

    for (const auto& section : file.sections_with_prefix("due.")) {
      const auto* kind = std::find_if(std::begin(k_kinds), std::end(k_kinds),
                                      [&](const KindName& k) { return section == k.section; });
      if (kind == std::end(k_kinds)) {
        const int line = file.section(section).empty() ? 0 : file.section(section).front().line;
        return make_error(where(file, line) + "unknown section [" + section + "]");
      }
      for (const auto& line : file.section(section)) {
        auto expanded = expand_placeholders(line.text, rules->vocabularies[vocabulary_index]);
        if (!expanded)
          return make_error(where(file, line.line) + expanded.error());
        UErrorCode status = U_ZERO_ERROR;
        UParseError parse_error{};
        Pattern pattern;
        pattern.kind = kind->kind;
        pattern.vocabulary = vocabulary_index;
        pattern.literals = required_literals(*expanded);
        pattern.regex.reset(icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(*expanded),
                                                       UREGEX_CASE_INSENSITIVE, parse_error, status));
        if (U_FAILURE(status))
          return make_error(where(file, line.line) + "bad pattern (" + u_errorName(status) + ")");
        const icu::RegexPattern& regex = *pattern.regex;
        pattern.count = group_number(regex, "count");
        pattern.count_to = group_number(regex, "countto");
        pattern.day = group_number(regex, "day");
        pattern.month = group_number(regex, "month");
        pattern.monthnum = group_number(regex, "monthnum");
        pattern.year = group_number(regex, "year");
        pattern.weekday = group_number(regex, "weekday");
        pattern.relday = group_number(regex, "relday");
        rules->patterns.push_back(std::move(pattern));
      }
    }
  }
  return DueReader(std::move(rules));
}

std::optional<Due> DueReader::find(std::string_view sentence, const timeutil::Date& said_on) const {
  const Utf16Text input = to_utf16(sentence);
  const LoweredText lowered(input.text);
  std::vector<Candidate> candidates;

  for (const auto& pattern : m_rules->patterns) {
    if (!may_contain(pattern.literals, lowered))
      continue;
    const Vocabulary& vocabulary = m_rules->vocabularies[pattern.vocabulary];
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::RegexMatcher> matcher(pattern.regex->matcher(input.text, status));
    if (U_FAILURE(status))
      continue;
    auto group_text = [&](int32_t group) -> std::optional<std::string> {
      if (group < 0)
        return std::nullopt;
      UErrorCode group_status = U_ZERO_ERROR;
      if (matcher->start(group, group_status) < 0 || U_FAILURE(group_status))
        return std::nullopt;
      std::string out;
      matcher->group(group, group_status).toUTF8String(out);
      return out;
    };
    auto value_of = [&](int32_t group, const char* section) -> std::optional<int> {
      const auto written = group_text(group);
      if (!written)
        return std::nullopt;
      const auto& values = vocabulary.values.at(section);
      auto it = values.find(fold_key(*written));
      return it == values.end() ? std::nullopt : std::optional<int>(it->second);
    };
    auto number_of = [&](int32_t group) -> std::optional<int> {
      const auto written = group_text(group);
      if (!written)
        return std::nullopt;
      if (auto digits = to_int(*written))
        return digits;
      return value_of(group, "numbers");
    };

    while (matcher->find(status) && U_SUCCESS(status)) {
      Candidate candidate;
      candidate.kind = pattern.kind;
      UErrorCode offset_status = U_ZERO_ERROR;
      candidate.begin = matcher->start(offset_status);
      candidate.end = matcher->end(offset_status);
      if (candidate.end <= candidate.begin)
        continue;

      // The later bound of "5-7": a deadline is kept by its last day.
      const std::optional<int> count = [&]() -> std::optional<int> {
        auto from = number_of(pattern.count);
        auto to = number_of(pattern.count_to);
        if (from && to)
          return std::max(*from, *to);
        return from;
      }();
      switch (pattern.kind) {
        case Kind::business_days:
          if (!count)
            continue;
          candidate.date = add_business_days(said_on, *count);
          break;
        case Kind::days:
          if (!count)
            continue;
          candidate.date = timeutil::add_days(said_on, *count);
          break;
        case Kind::hours:
          if (!count)
            continue;
          candidate.date = timeutil::add_days(said_on, (*count + 23) / 24);
          break;
        case Kind::weeks:
          if (!count)
            continue;
          candidate.date = timeutil::add_days(said_on, int64_t{7} * *count);
          break;
        case Kind::months:
          if (!count)
            continue;
          candidate.date = add_months(said_on, *count);
          break;
        case Kind::relative: {
          const auto offset = value_of(pattern.relday, "relative_days");
          if (!offset)
            continue;
          candidate.date = timeutil::add_days(said_on, *offset);
          break;
        }
        case Kind::weekday: {
          const auto wanted = value_of(pattern.weekday, "weekdays");
          if (!wanted || *wanted < 0 || *wanted > 6)
            continue;
          const int ahead = (*wanted - timeutil::weekday(said_on) + 7) % 7;
          candidate.date = timeutil::add_days(said_on, ahead == 0 ? 7 : ahead);
          break;
        }
        case Kind::date: {
          const auto day = number_of(pattern.day);
          if (!day)
            continue;
          std::optional<int> month = value_of(pattern.month, "months");
          if (!month)
            month = number_of(pattern.monthnum);
          timeutil::Date date{said_on.year, said_on.month, *day};
          if (month) {
            date.month = *month;
            if (const auto year = number_of(pattern.year)) {
              date.year = timeutil::normalize_year(*year, vocabulary.buddhist_era);
            } else if (date.month < said_on.month) {
              ++date.year;  // a month already past this year is next year's
            }
          } else if (date.day < said_on.day) {
            date = add_months({said_on.year, said_on.month, 1}, 1);  // "by the 3rd", said on the 20th
            date.day = *day;
          }
          if (!timeutil::is_valid_date(date.year, date.month, date.day))
            continue;
          candidate.date = date;
          break;
        }
        case Kind::end_of_month: candidate.date = last_day_of_month(said_on); break;
        case Kind::end_of_week: {
          const int wd = timeutil::weekday(said_on);
          candidate.date = timeutil::add_days(said_on, wd == 6 ? 6 : 5 - wd);
          break;
        }
        case Kind::undated: break;
      }
      candidates.push_back(candidate);
    }
  }
  if (candidates.empty())
    return std::nullopt;

  // A match inside a longer one is a part of it misread alone ("วันที่ 28" of "วันที่ 28 กุมภาพันธ์").
  std::vector<Candidate> whole;
  for (const auto& c : candidates) {
    const bool inside = std::any_of(candidates.begin(), candidates.end(), [&](const Candidate& other) {
      return other.begin <= c.begin && c.end <= other.end && other.end - other.begin > c.end - c.begin;
    });
    if (!inside)
      whole.push_back(c);
  }
  candidates = std::move(whole);

  // The first deadline that names a date still to come (the longest where several start together);
  // then words that name none ("next bill"); a date already past ("it was sent March 2") last, as
  // it more often tells what happened than what is promised.
  auto first = [&](auto&& wanted) -> const Candidate* {
    const Candidate* best = nullptr;
    for (const auto& c : candidates) {
      if (!wanted(c))
        continue;
      if (!best || c.begin < best->begin || (c.begin == best->begin && c.end > best->end))
        best = &c;
    }
    return best;
  };
  const Candidate* chosen = first([&](const Candidate& c) { return c.date && *c.date >= said_on; });
  if (!chosen)
    chosen = first([](const Candidate& c) { return !c.date; });
  if (!chosen)
    chosen = first([](const Candidate&) { return true; });
  Candidate result = *chosen;

  // Points in time written side by side, only spaces and punctuation between, are one deadline:
  // the most specific of them gives the date.
  if (is_point_in_time(result.kind)) {
    auto only_separators = [&](int32_t from, int32_t to) {
      for (int32_t i = from; i < to; ++i) {
        const UChar c = input.text.charAt(i);
        if (!(u_isspace(c) || c == ',' || c == '(' || c == ')' || c == '-' || c == 0x2013))
          return false;
      }
      return true;
    };
    int best_specificity = specificity(result.kind);
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& c : candidates) {
        if (!is_point_in_time(c.kind) || (c.begin >= result.begin && c.end <= result.end))
          continue;
        const bool touches = (c.begin <= result.end && c.end >= result.begin) ||
                             (c.begin > result.end && only_separators(result.end, c.begin)) ||
                             (c.end < result.begin && only_separators(c.end, result.begin));
        if (!touches)
          continue;
        result.begin = std::min(result.begin, c.begin);
        result.end = std::max(result.end, c.end);
        if (specificity(c.kind) > best_specificity) {
          best_specificity = specificity(c.kind);
          result.date = c.date;
          result.kind = c.kind;
        }
        grew = true;
      }
    }
  }

  Due due;
  due.date = result.date;
  due.begin = input.byte_at[static_cast<size_t>(result.begin)];
  due.end = input.byte_at[static_cast<size_t>(result.end)];
  due.text = std::string(sentence.substr(due.begin, due.end - due.begin));
  return due;
}

}  // namespace inwriting::extract
