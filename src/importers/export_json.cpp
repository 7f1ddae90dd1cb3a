#include "export_json.hpp"

#include <algorithm>
#include <array>

#include "inwriting/util/text.hpp"
#include "text_scan.hpp"

namespace inwriting::importers::detail {

Locator::Locator(std::string_view s) : m_s(s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      m_newlines.push_back(i);
    }
  }
}

int Locator::line_of(size_t pos) const {
  return static_cast<int>(std::lower_bound(m_newlines.begin(), m_newlines.end(), pos) - m_newlines.begin()) + 1;
}

bool Locator::find_key(std::string_view key) {
  const std::string needle = "\"" + std::string(key) + "\"";
  size_t at = m_pos;
  while ((at = m_s.find(needle, at)) != std::string_view::npos) {
    if (at == 0 || m_s[at - 1] != '\\') {
      size_t after = at + needle.size();
      while (after < m_s.size() && (m_s[after] == ' ' || m_s[after] == '\t' || m_s[after] == '\n' || m_s[after] == '\r')) {
        ++after;
      }
      if (after < m_s.size() && m_s[after] == ':') {
        m_pos = after + 1;
        return true;
      }
    }
    at += needle.size();
  }
  return false;
}

bool Locator::next_object(int& first_line, int& last_line) {
  size_t at = m_pos;
  while (at < m_s.size() && m_s[at] != '{') {
    if (m_s[at] == ']') {
      return false;
    }
    ++at;
  }
  if (at >= m_s.size()) {
    return false;
  }
  first_line = line_of(at);
  int depth = 0;
  bool in_string = false;
  for (size_t i = at; i < m_s.size(); ++i) {
    const char c = m_s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) {
        last_line = line_of(i);
        m_pos = i + 1;
        return true;
      }
    }
  }
  return false;
}

std::vector<std::pair<int, int>> Locator::object_lines(std::string_view key, size_t count) {
  std::vector<std::pair<int, int>> lines(count, {0, 0});
  if (find_key(key)) {
    for (auto& span : lines) {
      if (!next_object(span.first, span.second)) {
        break;
      }
    }
  }
  return lines;
}

std::string_view without_bom(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
  }
  return bytes;
}

bool opens_json_object(std::string_view bytes) {
  const std::string_view head = text::trim(bytes.substr(0, 4096));
  return !head.empty() && (head.front() == '{' || head.starts_with("\xEF\xBB\xBF{"));
}

namespace {

std::string json_problem(const nlohmann::json::parse_error& e) {
  const std::string what = e.what();
  return what.find("UTF-8") != std::string::npos ? "invalid UTF-8 in the JSON" : "not valid JSON";
}

std::string error_at(const ParseInput& input, std::string_view bytes, size_t byte, const std::string& what) {
  Locator where(bytes);
  return input.display_name + ":" + std::to_string(where.line_of(std::min(byte, bytes.size()))) + ": " + what;
}

}  // namespace

Result<ordered_json> parse_export_json(const ParseInput& input, std::string_view bytes, size_t json_start) {
  if (text::trim(bytes).empty()) {
    return make_error(input.display_name + ":1: the file is empty");
  }
  try {
    return ordered_json::parse(bytes.substr(json_start));
  } catch (const nlohmann::json::parse_error& e) {
    const size_t at = json_start + (e.byte == 0 ? 0 : e.byte - 1);
    return make_error(error_at(input, bytes, at, json_problem(e) + " (byte " + std::to_string(at + 1) + ")"));
  }
}

std::string skipped_item_warning(const ParseInput& input, int line) {
  return input.display_name + ":" + std::to_string(line) + ": a message that is not an object was skipped";
}

// Windows-1252's 0x80-0x9F block; the exporters that mangle UTF-8 sometimes go through it.
constexpr std::array<char32_t, 32> k_cp1252 = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

std::string repair_cp1252_mojibake(std::string_view s) {
  std::string bytes;
  bool high = false;
  size_t pos = 0;
  while (pos < s.size()) {
    const char32_t cp = text::next_code_point(s, pos);
    if (cp <= 0xFF) {
      bytes.push_back(static_cast<char>(cp));
      high = high || cp >= 0x80;
      continue;
    }
    const auto it = std::find(k_cp1252.begin(), k_cp1252.end(), cp);
    if (it == k_cp1252.end()) {
      return std::string(s);
    }
    bytes.push_back(static_cast<char>(0x80 + (it - k_cp1252.begin())));
    high = true;
  }
  if (!high || !text::is_valid_utf8(bytes)) {
    return std::string(s);
  }
  return bytes;
}

std::string clean(std::string_view s) {
  std::string repaired = text::repair_latin1_mojibake(s);
  if (repaired == s) {
    repaired = repair_cp1252_mojibake(s);
  }
  return text::nfc(text::normalize_newlines_and_marks(repaired));
}

std::string raw_string_field(const ordered_json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return {};
  }
  return it->get<std::string>();
}

std::string string_field(const ordered_json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return {};
  }
  return clean(it->get<std::string>());
}

bool non_empty(const ordered_json& object, const char* key, EmptyString empty_string) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return false;
  }
  if (it->is_array() || it->is_object()) {
    return !it->empty();
  }
  if (it->is_string() && empty_string == EmptyString::is_nothing) {
    return !it->get<std::string>().empty();
  }
  return true;
}

namespace {

constexpr std::array k_business_words = {
    " co.",    " co ",     " inc",      " ltd",      " llc",     " s.a.",   " s.l.",   " gmbh",  "official",
    "store",   "shop",     "boutique",  "support",   "customer", "service", "company", "corp",   "tienda",
    "oficial", "almacén",  "bazar",     "ropa",      "ร้าน",       "บริษัท",    "จำกัด",     "ช็อป",     "ออฟฟิเชียล",
    "เครื่องใช้ไฟฟ้า", "official store", "mall",    "market",   "outlet",  "travel",  "airlines", "bank"};

}  // namespace

bool looks_like_business(std::string_view name) {
  const std::string lowered = " " + text::to_lower_ascii(name) + " ";
  const std::string folded = " " + text::fold_for_search(name) + " ";
  return std::any_of(k_business_words.begin(), k_business_words.end(), [&](const char* w) {
    return lowered.find(w) != std::string::npos || folded.find(text::fold_for_search(w)) != std::string::npos;
  });
}

model::Timestamp from_utc_seconds(int64_t utc, int offset_minutes) {
  if (utc < -2208988800LL || utc > 32503680000LL) {
    return {};  // before 1900 or after 3000: not a time anyone chatted at
  }
  return wall_timestamp(utc + offset_minutes * 60, offset_minutes);
}

model::Timestamp from_instant(const timeutil::Instant& instant) {
  model::Timestamp t = from_utc_seconds(instant.utc_seconds, instant.offset_minutes.value_or(0));
  if (!instant.offset_minutes) {
    t.offset_minutes.reset();
  }
  return t;
}

}  // namespace inwriting::importers::detail
