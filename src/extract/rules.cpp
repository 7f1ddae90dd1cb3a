#include "inwriting/extract/rules.hpp"

#include <fstream>
#include <system_error>

#include "inwriting/util/text.hpp"

namespace inwriting::extract {

const std::vector<RuleLine>& RuleFile::section(const std::string& name) const {
  static const std::vector<RuleLine> k_empty;
  auto it = sections.find(name);
  return it == sections.end() ? k_empty : it->second;
}

std::vector<std::string> RuleFile::sections_with_prefix(const std::string& prefix) const {
  std::vector<std::string> names;
  for (auto it = sections.lower_bound(prefix); it != sections.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    names.push_back(it->first);
  }
  return names;
}

Result<RuleFile> read_rule_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(path.string() + ": cannot read the rule file");
  RuleFile file;
  file.path = path;
  std::string current;
  std::string raw;
  int line_number = 0;
  while (std::getline(in, raw)) {
    ++line_number;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    if (line_number == 1 && raw.rfind("\xEF\xBB\xBF", 0) == 0) raw.erase(0, 3);
    if (!text::is_valid_utf8(raw))
      return make_error(path.string() + ":" + std::to_string(line_number) + ": not UTF-8");
    std::string_view line = text::trim(raw);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[' && line.back() == ']') {
      current = std::string(line.substr(1, line.size() - 2));
      if (current.empty())
        return make_error(path.string() + ":" + std::to_string(line_number) + ": empty section name");
      file.sections[current];
      continue;
    }
    if (current.empty())
      return make_error(path.string() + ":" + std::to_string(line_number) +
                        ": a rule before the first [section]");
    file.sections[current].push_back({std::string(line), line_number});
  }
  return file;
}

std::filesystem::path default_rules_dir() {
  std::error_code ec;
  std::filesystem::path source = INWRITING_SOURCE_RULES_DIR;
  if (std::filesystem::is_directory(source, ec)) return source;
  return std::filesystem::path(INWRITING_INSTALLED_RULES_DIR);
}

}  // namespace inwriting::extract
