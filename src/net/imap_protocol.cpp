#include "imap_protocol.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::net::protocol {

namespace {

constexpr const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool is_ascii(std::string_view s) {
  for (unsigned char ch : s) {
    if (ch >= 0x80) return false;
  }
  return true;
}

std::optional<int64_t> to_number(std::string_view s) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return value;
}

// Alternatives as IMAP writes them: OR takes exactly two keys, so three are OR a (OR b c).
std::string right_nested_or(const char* key, const std::vector<std::string>& values) {
  if (values.size() == 1) return std::string(key) + " " + quoted(values[0]);
  const std::vector<std::string> rest(values.begin() + 1, values.end());
  const std::string tail = right_nested_or(key, rest);
  return "OR " + std::string(key) + " " + quoted(values[0]) + " " + (rest.size() > 1 ? "(" + tail + ")" : tail);
}

// Walks the server's bytes: untagged responses, with literals ({n}CRLF then n bytes) whole.
class Reader {
public:
  explicit Reader(std::string_view s) : m_s(s) {}
  bool done() const { return m_pos >= m_s.size(); }
  size_t pos() const { return m_pos; }
  bool starts(std::string_view prefix) const { return m_s.substr(m_pos, prefix.size()) == prefix; }
  void skip(size_t n) { m_pos = std::min(m_s.size(), m_pos + n); }
  void skip_spaces() {
    while (m_pos < m_s.size() && m_s[m_pos] == ' ') ++m_pos;
  }
  char peek() const { return m_pos < m_s.size() ? m_s[m_pos] : '\0'; }
  // To the start of the next line, stepping over any literal the line announces.
  void skip_line() {
    while (m_pos < m_s.size()) {
      const size_t eol = m_s.find('\n', m_pos);
      if (eol == std::string_view::npos) {
        m_pos = m_s.size();
        return;
      }
      std::string_view line = m_s.substr(m_pos, eol - m_pos);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      m_pos = eol + 1;
      if (line.empty() || line.back() != '}') return;
      const size_t open = line.rfind('{');
      if (open == std::string_view::npos) return;
      auto n = to_number(line.substr(open + 1, line.size() - open - 2));
      if (!n) return;
      skip(static_cast<size_t>(*n));
    }
  }
  std::string_view atom() {
    const size_t start = m_pos;
    while (m_pos < m_s.size() && m_s[m_pos] != ' ' && m_s[m_pos] != '(' && m_s[m_pos] != ')' && m_s[m_pos] != '\r' &&
           m_s[m_pos] != '\n') {
      if (m_s[m_pos] == '[') {
        // A section: BODY[HEADER.FIELDS (FROM SUBJECT)] holds spaces and parentheses.
        const size_t close = m_s.find(']', m_pos);
        m_pos = close == std::string_view::npos ? m_s.size() : close + 1;
        continue;
      }
      ++m_pos;
    }
    return m_s.substr(start, m_pos - start);
  }
  // A value: number, atom, NIL, "quoted", {literal} or a parenthesised list (kept as written).
  Result<std::string> value() {
    const char ch = peek();
    if (ch == '"') {
      std::string out;
      ++m_pos;
      while (m_pos < m_s.size() && m_s[m_pos] != '"') {
        if (m_s[m_pos] == '\\' && m_pos + 1 < m_s.size()) ++m_pos;
        out += m_s[m_pos++];
      }
      if (m_pos >= m_s.size()) return make_error("a quoted string does not end");
      ++m_pos;
      return out;
    }
    if (ch == '{') {
      const size_t close = m_s.find('}', m_pos);
      if (close == std::string_view::npos) return make_error("a literal's size does not end");
      std::string_view digits = m_s.substr(m_pos + 1, close - m_pos - 1);
      if (!digits.empty() && digits.back() == '+') digits.remove_suffix(1);
      auto n = to_number(digits);
      if (!n) return make_error("a literal's size is not a number");
      m_pos = close + 1;
      if (starts("\r\n")) {
        m_pos += 2;
      } else if (starts("\n")) {
        m_pos += 1;
      } else {
        return make_error("a literal's size is not followed by a line break");
      }
      if (m_pos + static_cast<size_t>(*n) > m_s.size()) {
        return make_error("a literal of " + std::to_string(*n) + " bytes came cut short, with " +
                          std::to_string(m_s.size() - m_pos) + " bytes");
      }
      std::string out(m_s.substr(m_pos, static_cast<size_t>(*n)));
      m_pos += static_cast<size_t>(*n);
      return out;
    }
    if (ch == '(') {
      const size_t start = m_pos;
      int depth = 0;
      while (m_pos < m_s.size()) {
        const char c = m_s[m_pos];
        if (c == '"' || c == '{') {
          auto inner = value();
          if (!inner) return inner;
          continue;
        }
        ++m_pos;
        if (c == '(') ++depth;
        if (c == ')' && --depth == 0) return std::string(m_s.substr(start, m_pos - start));
      }
      return make_error("a parenthesised list does not end");
    }
    return std::string(atom());
  }

private:
  std::string_view m_s;
  size_t m_pos = 0;
};

}  // namespace

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '\r' || ch == '\n') {
      out += ' ';
      continue;
    }
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

std::string mailbox_name(std::string_view utf8) {
  if (is_ascii(utf8) && utf8.find('&') == std::string_view::npos) return std::string(utf8);
  if (!text::is_valid_utf8(utf8)) return std::string(utf8);
  static constexpr char k_base64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
  std::string out;
  std::vector<uint16_t> run;  // UTF-16 units waiting to be written in one &...- run
  auto flush = [&] {
    if (run.empty()) return;
    out += '&';
    uint32_t bits = 0;
    int count = 0;
    for (uint16_t unit : run) {
      bits = (bits << 16) | unit;
      count += 16;
      while (count >= 6) {
        count -= 6;
        out += k_base64[(bits >> count) & 0x3F];
      }
    }
    if (count > 0) out += k_base64[(bits << (6 - count)) & 0x3F];
    out += '-';
    run.clear();
  };
  size_t pos = 0;
  while (pos < utf8.size()) {
    const char32_t cp = text::next_code_point(utf8, pos);
    if (cp >= 0x20 && cp <= 0x7E) {
      flush();
      out += cp == '&' ? std::string("&-") : std::string(1, static_cast<char>(cp));
    } else if (cp >= 0x10000) {
      run.push_back(static_cast<uint16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      run.push_back(static_cast<uint16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    } else {
      run.push_back(static_cast<uint16_t>(cp));
    }
  }
  flush();
  return out;
}

Result<std::string> search_command(const ImapFilter& filter) {
  std::vector<std::string> keys;
  bool utf8 = false;
  if (!filter.from.empty()) {
    keys.push_back(right_nested_or("FROM", filter.from));
    for (const auto& f : filter.from) utf8 = utf8 || !is_ascii(f);
  }
  if (!filter.subject_contains.empty()) {
    keys.push_back(right_nested_or("SUBJECT", filter.subject_contains));
    for (const auto& s : filter.subject_contains) utf8 = utf8 || !is_ascii(s);
  }
  if (!filter.since.empty()) {
    auto date = timeutil::parse_iso_date(filter.since);
    if (!date) return make_error("since " + filter.since + ": not a date; write it as YYYY-MM-DD");
    keys.push_back("SINCE " + std::to_string(date->day) + "-" + k_months[date->month - 1] + "-" +
                   std::to_string(date->year));
  }
  std::string command = "UID SEARCH";
  if (utf8) command += " CHARSET UTF-8";
  if (keys.empty()) return command + " ALL";
  for (const auto& k : keys) command += " " + k;
  return command;
}

std::string fetch_command(int64_t uid) {
  return "UID FETCH " + std::to_string(uid) + " (UID INTERNALDATE RFC822.SIZE BODY.PEEK[])";
}

std::string summary_command(const std::vector<int64_t>& uids) {
  std::string set;
  for (int64_t uid : uids) set += (set.empty() ? "" : ",") + std::to_string(uid);
  return "UID FETCH " + set + " (UID INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)])";
}

std::optional<int64_t> response_code_number(std::string_view response, std::string_view code) {
  const std::string needle = "[" + std::string(code) + " ";
  const size_t at = response.find(needle);
  if (at == std::string_view::npos) return std::nullopt;
  const size_t start = at + needle.size();
  const size_t end = response.find(']', start);
  if (end == std::string_view::npos) return std::nullopt;
  return to_number(response.substr(start, end - start));
}

std::optional<int64_t> exists(std::string_view response) {
  std::optional<int64_t> found;
  for (std::string_view line : text::split_lines(response)) {
    if (line.rfind("* ", 0) != 0) continue;
    const size_t space = line.find(' ', 2);
    if (space == std::string_view::npos) continue;
    std::string_view rest = text::trim(line.substr(space + 1));
    if (rest == "EXISTS") found = to_number(line.substr(2, space - 2));
  }
  return found;
}

std::vector<int64_t> search_results(std::string_view response) {
  std::vector<int64_t> uids;
  for (std::string_view line : text::split_lines(response)) {
    if (line.rfind("* SEARCH", 0) != 0) continue;
    std::string_view rest = line.substr(8);
    size_t pos = 0;
    while (pos < rest.size()) {
      while (pos < rest.size() && rest[pos] == ' ') ++pos;
      size_t end = pos;
      while (end < rest.size() && std::isdigit(static_cast<unsigned char>(rest[end]))) ++end;
      if (end == pos) break;
      if (auto n = to_number(rest.substr(pos, end - pos))) uids.push_back(*n);
      pos = end;
    }
  }
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

Result<std::vector<FetchResponse>> fetch_responses(std::string_view response) {
  std::vector<FetchResponse> out;
  Reader r(response);
  while (!r.done()) {
    if (!r.starts("* ")) {
      r.skip_line();
      continue;
    }
    const size_t line_start = r.pos();
    r.skip(2);
    std::string_view number = r.atom();
    r.skip_spaces();
    auto sequence = to_number(number);
    if (!sequence || !r.starts("FETCH (")) {
      r.skip_line();
      continue;
    }
    r.skip(7);
    FetchResponse f;
    f.sequence = *sequence;
    for (;;) {
      r.skip_spaces();
      if (r.peek() == ')') {
        r.skip(1);
        break;
      }
      if (r.done() || r.peek() == '\r' || r.peek() == '\n') {
        return make_error("the FETCH response at byte " + std::to_string(line_start) + " does not end");
      }
      const std::string name = text::to_lower_ascii(r.atom());
      r.skip_spaces();
      auto value = r.value();
      if (!value) return make_error("the FETCH response at byte " + std::to_string(line_start) + ": " + value.error());
      if (name == "uid") {
        f.uid = to_number(*value);
      } else if (name == "internaldate") {
        f.internaldate = *value;
      } else if (name == "rfc822.size") {
        f.size = to_number(*value);
      } else if (name.rfind("body[", 0) == 0) {
        f.sections[std::string(name)] = std::move(*value);
      }
    }
    r.skip_line();
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::string> internaldate_rfc3339(std::string_view s) {
  // dd-Mon-yyyy hh:mm:ss +zzzz, the day perhaps space-padded.
  std::string_view t = text::trim(s);
  const size_t dash1 = t.find('-');
  const size_t dash2 = dash1 == std::string_view::npos ? dash1 : t.find('-', dash1 + 1);
  const size_t space1 = dash2 == std::string_view::npos ? dash2 : t.find(' ', dash2 + 1);
  const size_t space2 = space1 == std::string_view::npos ? space1 : t.find(' ', space1 + 1);
  auto bad = [&] { return make_error("INTERNALDATE \"" + std::string(s) + "\": not an IMAP date-time"); };
  if (space2 == std::string_view::npos) return bad();
  auto day = to_number(text::trim(t.substr(0, dash1)));
  const std::string_view month_name = t.substr(dash1 + 1, dash2 - dash1 - 1);
  auto year = to_number(t.substr(dash2 + 1, space1 - dash2 - 1));
  const std::string_view clock = t.substr(space1 + 1, space2 - space1 - 1);
  const std::string_view zone = t.substr(space2 + 1);
  int month = 0;
  for (int i = 0; i < 12; ++i) {
    if (text::to_lower_ascii(month_name) == text::to_lower_ascii(k_months[i])) month = i + 1;
  }
  if (!day || !year || month == 0 || clock.size() != 8 || zone.size() != 5 || (zone[0] != '+' && zone[0] != '-') ||
      !timeutil::is_valid_date(static_cast<int>(*year), month, static_cast<int>(*day))) {
    return bad();
  }
  auto hh = to_number(clock.substr(0, 2)), mm = to_number(clock.substr(3, 2)), ss = to_number(clock.substr(6, 2));
  auto zh = to_number(zone.substr(1, 2)), zm = to_number(zone.substr(3, 2));
  if (!hh || !mm || !ss || !zh || !zm || *hh > 23 || *mm > 59 || *ss > 60) return bad();
  const int offset = static_cast<int>((*zh * 60 + *zm) * (zone[0] == '-' ? -1 : 1));
  const int64_t wall = timeutil::wall_seconds(
      timeutil::Date{static_cast<int>(*year), month, static_cast<int>(*day)},
      timeutil::TimeOfDay{static_cast<int>(*hh), static_cast<int>(*mm), static_cast<int>(*ss)});
  return timeutil::format_iso(wall, offset);
}

std::string last_refusal(std::string_view response) {
  std::string found;
  for (std::string_view line : text::split_lines(response)) {
    // A tag is letters and digits, then NO or BAD: "A004 NO ...". Literal bytes could look like
    // one, but a failed command sends no literal after its status.
    const size_t space = line.find(' ');
    if (space == std::string_view::npos || space == 0 || line[0] == '*' || line[0] == '+') continue;
    bool tag = true;
    for (char ch : line.substr(0, space)) tag = tag && std::isalnum(static_cast<unsigned char>(ch));
    std::string_view rest = line.substr(space + 1);
    if (tag && (rest.rfind("NO ", 0) == 0 || rest.rfind("BAD ", 0) == 0)) {
      found = std::string(text::trim(rest));
    }
  }
  return found;
}

std::string header_value(std::string_view headers, std::string_view name) {
  std::string value;
  bool in = false;
  for (std::string_view line : text::split_lines(headers)) {
    if (in && !line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      value += " " + std::string(text::trim(line));
      continue;
    }
    in = false;
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos && text::to_lower_ascii(line.substr(0, colon)) == text::to_lower_ascii(name) &&
        value.empty()) {
      value = std::string(text::trim(line.substr(colon + 1)));
      in = true;
    }
  }
  return value;
}

}  // namespace inwriting::net::protocol
