#pragma once
// The promise extractor's language rules live in plain data files (src/data/promises/*.rules), so
// a language can be added or tuned without touching C++. A rule file is a list of sections:
//
//   # a comment
//   [anchor.refund]
//   \brefund(s|ed)?\b
//   reembols\w*
//
// Each line in a section is one ICU regular expression (matched case-insensitively unless the
// section's reader says otherwise) or one word, as the section's reader documents.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "inwriting/util/result.hpp"

namespace inwriting::extract {

struct RuleLine {
  std::string text;
  int line = 0;  // 1-based, for "en.rules:12: bad pattern" errors
};

struct RuleFile {
  std::filesystem::path path;
  std::map<std::string, std::vector<RuleLine>> sections;

  // Empty when the file has no such section.
  const std::vector<RuleLine>& section(const std::string& name) const;
  // Section names that start with `prefix` ("anchor." → anchor.refund, anchor.credit, …).
  std::vector<std::string> sections_with_prefix(const std::string& prefix) const;
};

Result<RuleFile> read_rule_file(const std::filesystem::path& path);

// Where the rule files are: INWRITING_RULES_DIR given by the caller, else the source tree's
// src/data/promises when it exists (developer builds and tests), else the installed share dir.
std::filesystem::path default_rules_dir();

}  // namespace inwriting::extract
