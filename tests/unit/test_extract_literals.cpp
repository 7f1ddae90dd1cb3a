#include <doctest/doctest.h>
#include <unicode/regex.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "extract/literals.hpp"
#include "inwriting/extract/rules.hpp"
#include "inwriting/util/text.hpp"
#include "test_helpers.hpp"

using inwriting::extract::LoweredText;
using inwriting::extract::may_contain;
using inwriting::extract::required_literals;

namespace {

using Literals = std::optional<std::vector<std::string>>;

icu::UnicodeString u(const std::string& s) {
  return icu::UnicodeString::fromUTF8(s);
}

bool contains(const Literals& literals, const std::string& s) {
  return literals && std::find(literals->begin(), literals->end(), s) != literals->end();
}

// Every line of the test data's chat transcripts and emails: sentences the rules meet in use.
std::vector<std::string> sample_lines() {
  std::vector<std::string> lines;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(test::data_path("corpus"))) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".txt" && ext != ".eml" && ext != ".mbox"))
      continue;
    auto bytes = inwriting::file::read_all(entry.path().string());
    if (!bytes || !inwriting::text::is_valid_utf8(*bytes))
      continue;
    for (const auto& line : inwriting::text::split_lines(*bytes)) {
      if (line.size() > 8 && line.size() < 400)
        lines.emplace_back(line);
    }
  }
  return lines;
}

}  // namespace

TEST_SUITE("extract.literals") {
  TEST_CASE("a plain word, alternatives, and what is optional") {
    CHECK(contains(required_literals("refund"), "refund"));
    const Literals either = required_literals("\\b(refund|credit)ed\\b");
    REQUIRE(either);
    CHECK(contains(either, "refund"));
    CHECK(contains(either, "credit"));
    // An optional part is never required: "(we )?will" needs only "will".
    CHECK(contains(required_literals("(we )?will"), "will"));
    // The longest certain run is kept, lower-cased.
    CHECK(contains(required_literals("Business\\s+Days"), "business"));
  }

  TEST_CASE("a branch without literal text makes the answer unknown") {
    CHECK_FALSE(required_literals("\\d+|refund"));
    CHECK_FALSE(required_literals("(a|)"));
    CHECK_FALSE(required_literals(".*"));
    CHECK_FALSE(required_literals("(?i)refund"));  // bare flags: not read
    CHECK_FALSE(required_literals("\\Qrefund\\E"));
  }

  TEST_CASE("lookarounds, property classes and escapes are read past, not taken as text") {
    const Literals guarded = required_literals("(?<!\\p{L})(?:within|in)(?!\\p{L})\\s+\\d{1,4}");
    REQUIRE(guarded);
    CHECK(contains(guarded, "within"));
    CHECK(contains(guarded, "in"));
    CHECK_FALSE(contains(guarded, "l"));
    // \u2019 is one character, not the text "2019".
    const Literals quote = required_literals("you\\u2019ll");
    REQUIRE(quote);
    CHECK_FALSE(contains(quote, "2019ll"));
    CHECK(contains(quote, "you"));
    // Named groups and groups with flags hold what they match.
    CHECK(contains(required_literals("(?<count>\\d+) (?<unit>weeks)"), "weeks"));
    CHECK(contains(required_literals("(?-i:USD)"), "usd"));
    // A lookahead's own words are not required: "(?=refund)" matches no text of its own.
    CHECK(contains(required_literals("(?=xyz)credit"), "credit"));
    CHECK_FALSE(contains(required_literals("(?=xyz)credit"), "xyz"));
  }

  TEST_CASE("the lowered text rules out by byte pairs and still finds what is there") {
    const LoweredText t(u("We will REFUND ฿2,685 เราจะคืนเงิน"));
    CHECK(t.may_hold("refund"));
    CHECK(t.may_hold("คืนเงิน"));
    CHECK(t.may_hold("w"));
    CHECK_FALSE(t.may_hold("credit"));
    CHECK_FALSE(t.may_hold("refunded"));
    CHECK(may_contain(std::nullopt, t));
    CHECK(may_contain(std::vector<std::string>{"credit", "refund"}, t));
    CHECK_FALSE(may_contain(std::vector<std::string>{"credit", "waive"}, t));
  }

  TEST_CASE("no rule the program ships is ever skipped on a line it matches") {
    const std::vector<std::string> lines = sample_lines();
    REQUIRE(lines.size() > 200);
    size_t patterns = 0;
    size_t skipped = 0;
    for (const char* name : {"en.rules", "es.rules", "th.rules"}) {
      auto file = inwriting::extract::read_rule_file(inwriting::extract::default_rules_dir() / name);
      REQUIRE(file.ok());
      for (const auto& [section, rule_lines] : file->sections) {
        for (const auto& line : rule_lines) {
          UErrorCode status = U_ZERO_ERROR;
          UParseError parse_error{};
          std::unique_ptr<icu::RegexPattern> pattern(
              icu::RegexPattern::compile(u(line.text), UREGEX_CASE_INSENSITIVE, parse_error, status));
          if (U_FAILURE(status))
            continue;  // not a pattern (a currency table, a word list)
          const Literals literals = required_literals(line.text);
          if (!literals)
            continue;
          ++patterns;
          for (const std::string& text : lines) {
            const icu::UnicodeString s = u(text);
            if (may_contain(literals, LoweredText(s)))
              continue;
            ++skipped;
            std::unique_ptr<icu::RegexMatcher> m(pattern->matcher(s, status));
            CHECK_MESSAGE(!m->find(), name << ":" << line.line << " skipped on a line it matches: " << text);
          }
        }
      }
    }
    CHECK(patterns > 100);
    CHECK(skipped > 1000);
  }
}
