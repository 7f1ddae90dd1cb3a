#pragma once
// The deadline a sentence states ("within 5-7 business days", "el lunes 27 de octubre",
// "ภายในวันศุกร์นี้"), resolved against the local date the message was written. Every word and
// phrase shape is in src/data/promises/{en,es,th}.dates; this reader only knows the kinds of
// deadline (a count of business days, a weekday, a calendar date, …) and how to compute each.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "inwriting/util/result.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::extract {

struct Due {
  // The latest date the deadline can fall on: the later bound of a range ("5-7 business days" is 7),
  // and whole days for hours ("within 24 hours" is the next day: the time of day is not known).
  // nullopt when the words name no date ("next billing cycle", "next week").
  std::optional<timeutil::Date> date;
  std::string text;           // the deadline words exactly as written: "within 5-7 business days"
  size_t begin = 0, end = 0;  // byte offsets in the input
};

class DueReader {
public:
  // Reads en.dates, es.dates and th.dates from rules_dir, all at once (conversations mix them).
  // A bad pattern is reported as "…/en.dates:12: bad pattern (U_REGEX_…)".
  static Result<DueReader> load(const std::filesystem::path& rules_dir);

  // The deadline `sentence` states, resolved against `said_on`. With several, the first one that
  // names a date wins over words that name none ("next bill"); a date written next to a relative
  // word ("mañana, martes 16 de junio") is read as one deadline.
  std::optional<Due> find(std::string_view sentence, const timeutil::Date& said_on) const;

  struct Rules;

private:
  explicit DueReader(std::shared_ptr<const Rules> rules) : m_rules(std::move(rules)) {}
  std::shared_ptr<const Rules> m_rules;  // shared: compiled ICU patterns are immutable and thread-safe
};

}  // namespace inwriting::extract
