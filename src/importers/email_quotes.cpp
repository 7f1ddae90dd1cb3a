#include "email_quotes.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::importers {

namespace {

constexpr int k_max_depth = 50;
constexpr size_t k_attribution_lines = 3;  // clients wrap a long attribution over up to three lines

struct Line {
  std::string text;
  int number = 0;  // 1-based in the body
};

std::string lower(std::string_view s) { return text::to_lower_ascii(s); }

bool starts_with_any(std::string_view s, std::initializer_list<const char*> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const char* p) { return text::starts_with_icase(s, p); });
}

bool ends_with_any(std::string_view s, std::initializer_list<const char*> suffixes) {
  const std::string l = lower(s);
  return std::any_of(suffixes.begin(), suffixes.end(), [&](const char* p) { return std::string_view(l).ends_with(p); });
}

bool is_quoted(std::string_view line) { return !line.empty() && line.front() == '>'; }

// One level of "> " off.
std::string unquote(std::string_view line) {
  if (!is_quoted(line)) {
    return std::string(line);
  }
  line.remove_prefix(1);
  if (!line.empty() && line.front() == ' ') {
    line.remove_prefix(1);
  }
  return std::string(line);
}

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  std::string word;
  for (char c : s) {
    if (c == ' ' || c == ',' || c == '\t') {
      if (!word.empty()) {
        out.push_back(std::move(word));
        word.clear();
      }
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty()) {
    out.push_back(std::move(word));
  }
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "a@b" inside "<a@b>" or "(<a@b>)" or bare; the name is what is left.
void split_name_address(std::string s, std::string& name, std::string& address) {
  const size_t open = s.find('<');
  const size_t close = open == std::string::npos ? std::string::npos : s.find('>', open);
  if (open != std::string::npos && close != std::string::npos) {
    address = text::trim_unicode(s.substr(open + 1, close - open - 1));
    s = s.substr(0, open) + s.substr(close + 1);
  } else {
    for (const auto& w : words_of(s)) {
      if (w.find('@') != std::string::npos && w.find('.') != std::string::npos) {
        address = w;
        const size_t at = s.find(w);
        s.erase(at, w.size());
        break;
      }
    }
  }
  // Strip "mailto:" left by HTML conversions and the brackets around what was removed.
  if (address.rfind("mailto:", 0) == 0) {
    address = address.substr(7);
  }
  std::string cleaned;
  for (char c : s) {
    if (c != '(' && c != ')' && c != '"' && c != '[' && c != ']') {
      cleaned.push_back(c);
    }
  }
  name = text::trim_unicode(cleaned);
  while (!name.empty() && (name.back() == ',' || name.back() == ' ')) {
    name.pop_back();
  }
  while (!name.empty() && (name.front() == ',' || name.front() == ' ')) {
    name.erase(0, 1);
  }
  name = text::trim_unicode(name);
}

// An attribution line's parts: "Mon, Mar 23, 2026 at 8:15 PM Ravi Menon <ravi@x>" → date part and
// the person. The date ends with its time (and AM/PM), the person follows.
struct Attribution {
  std::string name, address;
  std::optional<model::Timestamp> time;
};

Attribution read_attribution(std::string s, bool english) {
  Attribution a;
  s = text::trim_unicode(s);
  for (const char* lead : {"On ", "El ", "Le ", "Am ", "เมื่อ "}) {
    if (text::starts_with_icase(s, lead)) {
      s = s.substr(std::string_view(lead).size());
      break;
    }
  }
  for (const char* tail : {" wrote:", "escribió:", " escribio:", " a écrit :", " a écrit:", " schrieb:", "เขียนว่า:"}) {
    const std::string l = lower(s);
    const std::string t = lower(tail);
    if (l.size() >= t.size() && l.compare(l.size() - t.size(), t.size(), t) == 0) {
      s = text::trim_unicode(s.substr(0, s.size() - t.size()));
      break;
    }
  }
  // The time: the last "H:MM" before the person, with AM/PM (or "a. m.") after it.
  size_t time_end = std::string::npos;
  for (size_t i = 0; i + 3 < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i])) && s[i + 1] == ':' && std::isdigit(static_cast<unsigned char>(s[i + 2]))) {
      time_end = i + 3;
    } else if (i + 4 < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) &&
               std::isdigit(static_cast<unsigned char>(s[i + 1])) && s[i + 2] == ':' &&
               std::isdigit(static_cast<unsigned char>(s[i + 3]))) {
      time_end = i + 4;
    }
    if (time_end != std::string::npos) {
      while (time_end < s.size() && (std::isdigit(static_cast<unsigned char>(s[time_end])) || s[time_end] == ':')) {
        ++time_end;
      }
      const std::string rest = lower(s.substr(time_end, 8));
      for (const char* meridiem : {" a. m.", " p. m.", " a.m.", " p.m.", " am", " pm"}) {
        if (rest.rfind(meridiem, 0) == 0) {
          time_end += std::string_view(meridiem).size();
          break;
        }
      }
      break;
    }
  }
  std::string date_part = time_end == std::string::npos ? std::string() : s.substr(0, time_end);
  std::string person = time_end == std::string::npos ? s : s.substr(time_end);
  if (time_end == std::string::npos) {
    // "On 3/9/26 Name wrote:" without a time: the date is the leading words with digits.
    const auto words = words_of(s);
    size_t used = 0;
    std::string date;
    for (const auto& w : words) {
      if (std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; }) || timeutil::month_from_name(w) ||
          timeutil::weekday_from_name(w) >= 0) {
        date += (date.empty() ? "" : " ") + w;
        used = s.find(w, used) + w.size();
      } else {
        break;
      }
    }
    date_part = date;
    person = used < s.size() ? s.substr(used) : "";
  }
  split_name_address(person, a.name, a.address);
  a.time = parse_loose_date_time(date_part, english);
  return a;
}

bool opens_attribution(std::string_view line) {
  return starts_with_any(line, {"On ", "El ", "Le ", "Am ", "เมื่อ"});
}

bool closes_attribution(std::string_view joined) {
  return ends_with_any(joined, {"wrote:", "escribió:", "escribio:", "a écrit :", "a écrit:", "schrieb:", "เขียนว่า:"});
}

bool is_separator_rule(std::string_view line) {
  const std::string t = text::trim_unicode(line);
  if (t.size() < 8) {
    return false;
  }
  return std::all_of(t.begin(), t.end(), [](char c) { return c == '_' || c == '-'; });
}

bool is_original_message_banner(std::string_view line) {
  const std::string t = lower(text::trim_unicode(line));
  return t.find("original message") != std::string::npos || t.find("mensaje original") != std::string::npos ||
         t.find("forwarded message") != std::string::npos || t.find("mensaje reenviado") != std::string::npos ||
         t.find("begin forwarded message") != std::string::npos || t.find("inicio del mensaje reenviado") != std::string::npos ||
         t.find("ข้อความที่ส่งต่อ") != std::string::npos;
}

bool is_forward_banner(std::string_view line) {
  const std::string t = lower(text::trim_unicode(line));
  return t.find("forward") != std::string::npos || t.find("reenviado") != std::string::npos ||
         t.find("ส่งต่อ") != std::string::npos;
}

// "From:" / "De:" header field of an Outlook or forward block; returns the value.
std::optional<std::string> field(std::string_view line, std::initializer_list<const char*> names) {
  const std::string t = text::trim_unicode(line);
  for (const char* n : names) {
    const std::string_view name(n);
    if (t.size() > name.size() && text::starts_with_icase(t, name)) {
      return text::trim_unicode(std::string_view(t).substr(name.size()));
    }
  }
  return std::nullopt;
}

const std::initializer_list<const char*> k_from_fields = {"From:", "De:", "Von:", "จาก:"};
const std::initializer_list<const char*> k_date_fields = {"Sent:", "Date:", "Enviado el:", "Enviado:", "Fecha:",
                                                         "Gesendet:", "วันที่:", "ส่ง:"};
const std::initializer_list<const char*> k_subject_fields = {"Subject:", "Asunto:", "Betreff:", "เรื่อง:"};
const std::initializer_list<const char*> k_other_fields = {"To:", "Cc:", "CC:", "Para:", "Bcc:", "An:", "ถึง:",
                                                          "Reply-To:", "Responder a:"};

struct Found {
  enum class Type { none, attribution, block } type = Type::none;
  size_t start = 0;        // first line of the attribution or block (banners and rules included)
  size_t content = 0;      // first line after it
  Attribution who;
  std::string subject;
  bool forward = false;
};

Found find_history(const std::vector<Line>& lines, size_t from, bool english_hint) {
  Found f;
  for (size_t i = from; i < lines.size(); ++i) {
    const std::string& t = lines[i].text;
    if (is_quoted(t)) {
      continue;
    }
    // Gmail/Apple/Thunderbird: "On … wrote:" over up to three lines, then quoted lines.
    if (opens_attribution(text::trim_unicode(t))) {
      std::string joined;
      for (size_t j = i; j < lines.size() && j < i + k_attribution_lines; ++j) {
        if (is_quoted(lines[j].text)) {
          break;
        }
        joined += (joined.empty() || joined.back() == '<' ? "" : " ") + text::trim_unicode(lines[j].text);
        if (closes_attribution(joined)) {
          size_t k = j + 1;
          while (k < lines.size() && text::trim_unicode(lines[k].text).empty()) {
            ++k;
          }
          if (k < lines.size() && is_quoted(lines[k].text)) {
            f.type = Found::Type::attribution;
            f.start = i;
            f.content = j + 1;
            const bool english = english_hint || text::starts_with_icase(text::trim_unicode(t), "On ");
            f.who = read_attribution(joined, english);
            return f;
          }
          break;
        }
      }
    }
    // Outlook and forwards: a From:/De: field with a date field within the next lines.
    size_t block_start = i;
    size_t fields_at = i;
    bool banner = false;
    if (is_separator_rule(t) || is_original_message_banner(t)) {
      banner = true;
      fields_at = i + 1;
      while (fields_at < lines.size() && text::trim_unicode(lines[fields_at].text).empty()) {
        ++fields_at;
      }
    }
    if (fields_at >= lines.size()) {
      continue;
    }
    auto from_value = field(lines[fields_at].text, k_from_fields);
    if (!from_value) {
      continue;
    }
    std::optional<std::string> date_value;
    std::string subject;
    size_t end = fields_at + 1;
    for (; end < lines.size() && end < fields_at + 8; ++end) {
      const std::string& l = lines[end].text;
      if (text::trim_unicode(l).empty()) {
        break;
      }
      if (auto d = field(l, k_date_fields)) {
        date_value = d;
      } else if (auto sub = field(l, k_subject_fields)) {
        subject = *sub;
      } else if (!field(l, k_other_fields)) {
        // A wrapped To: list continues on the next line; anything else ends the block.
        if (end > fields_at + 1 && !date_value) {
          break;
        }
      }
    }
    if (!date_value) {
      continue;
    }
    f.type = Found::Type::block;
    f.start = block_start;
    f.content = end;
    f.forward = banner && is_forward_banner(t);
    split_name_address(*from_value, f.who.name, f.who.address);
    // Outlook writes dates the sender's way: month first in English, day first elsewhere.
    f.who.time = parse_loose_date_time(*date_value, field(lines[fields_at].text, {"From:"}).has_value());
    f.subject = subject;
    return f;
  }
  return f;
}

std::string join(const std::vector<Line>& lines, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to && i < lines.size(); ++i) {
    out += lines[i].text;
    if (i + 1 < to) {
      out.push_back('\n');
    }
  }
  return text::trim_unicode(out);
}

bool blank(const Line& l) { return text::trim_unicode(l.text).empty(); }

void split_level(const std::vector<Line>& lines, QuotedMessage self, int depth, const SplitOptions& options,
                 std::vector<QuotedMessage>& out, bool english_hint) {
  const Found found = depth >= k_max_depth ? Found{} : find_history(lines, 0, english_hint);
  size_t own_end = found.type == Found::Type::none ? lines.size() : found.start;
  // The rule or banner above an Outlook block is not anyone's words.
  while (own_end > 0 && (blank(lines[own_end - 1]) || is_separator_rule(lines[own_end - 1].text))) {
    --own_end;
  }
  self.text = join(lines, 0, own_end);
  if (!lines.empty()) {
    self.first_line = lines.front().number;
    self.last_line = own_end > 0 ? lines[own_end - 1].number : lines.front().number;
  }
  std::vector<Line> earlier;
  std::string footer;
  if (found.type == Found::Type::attribution) {
    size_t i = found.content;
    size_t last_quoted = i;
    for (; i < lines.size(); ++i) {
      if (is_quoted(lines[i].text)) {
        earlier.push_back(Line{unquote(lines[i].text), lines[i].number});
        last_quoted = i + 1;
      } else if (!blank(lines[i])) {
        break;
      } else {
        earlier.push_back(Line{"", lines[i].number});
      }
    }
    // Words below the whole quote (an Exchange legal notice) are the quoting author's footer.
    footer = join(lines, last_quoted, lines.size());
  } else if (found.type == Found::Type::block) {
    for (size_t i = found.content; i < lines.size(); ++i) {
      earlier.push_back(lines[i]);
    }
  }
  std::string signature_name;
  self.signature_at = find_signature(self.text, &signature_name);
  self.signature_name = signature_name;
  if (!footer.empty()) {
    if (self.text.empty()) {
      self.text = footer;
      self.signature_at = 0;
    } else {
      const size_t at = self.text.size() + 2;
      self.text += "\n\n" + footer;
      self.signature_at = std::min(self.signature_at, at);
    }
  }
  out.push_back(std::move(self));
  if (found.type == Found::Type::none) {
    return;
  }
  QuotedMessage next;
  next.author_name = found.who.name;
  next.author_address = found.who.address;
  next.time = found.who.time;
  if (next.time && next.time->complete() && !next.time->offset_minutes) {
    next.time->offset_minutes = options.zone_hint_minutes;
  }
  next.kind = found.forward ? QuotedMessage::Kind::forward : QuotedMessage::Kind::reply;
  next.subject = found.subject;
  while (!earlier.empty() && blank(earlier.front())) {
    earlier.erase(earlier.begin());
  }
  split_level(earlier, std::move(next), depth + 1, options, out, english_hint);
}

bool is_sign_off(std::string_view line) {
  std::string t = lower(text::trim_unicode(line));
  while (!t.empty() && (t.back() == ',' || t.back() == '!' || t.back() == '.')) {
    t.pop_back();
  }
  static const std::array<const char*, 30> sign_offs = {
      "best", "best regards", "kind regards", "regards", "thanks", "thank you", "many thanks", "cheers",
      "sincerely", "yours sincerely", "warm regards", "all the best", "atentamente", "saludos", "un saludo",
      "saludos cordiales", "cordialmente", "gracias", "muchas gracias", "un cordial saludo", "quedo atento",
      "quedo atenta", "ขอบคุณค่ะ", "ขอบคุณครับ", "ขอแสดงความนับถือ", "ด้วยความเคารพ", "ขอบคุณ", "best wishes",
      "talk soon", "thanks again"};
  return std::any_of(sign_offs.begin(), sign_offs.end(), [&](const char* s) { return t == s; });
}

bool is_legal_notice(std::string_view line) {
  return starts_with_any(text::trim_unicode(line),
                         {"AVISO LEGAL", "CONFIDENTIALITY NOTICE", "CONFIDENTIAL:", "DISCLAIMER", "This email and any",
                          "This e-mail and any", "This message and any", "Este mensaje y sus", "Este correo y sus",
                          "La información contenida", "The information contained in this", "ข้อความนี้เป็นความลับ"});
}

bool looks_like_person(std::string_view line) {
  const std::string t = text::trim_unicode(line);
  if (t.empty() || t.size() > 60 || t.find('@') != std::string::npos || t.find(':') != std::string::npos ||
      std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  const auto words = words_of(t);
  if (words.empty() || words.size() > 4) {
    return false;
  }
  const std::string folded = text::fold_for_search(t);
  for (const char* desk : {"support", "team", "customer", "service", "care", "departamento", "atencion", "cliente",
                           "soporte", "equipo", "help", "billing", "department", "ฝ่าย", "energia", "s.l", "inc", "ltd"}) {
    if (folded.find(desk) != std::string::npos) {
      return false;
    }
  }
  const unsigned char first = static_cast<unsigned char>(words.front()[0]);
  return (first >= 'A' && first <= 'Z') || first >= 0x80;
}

}  // namespace

std::optional<model::Timestamp> parse_loose_date_time(std::string_view input, bool month_first) {
  const std::string s = text::ascii_digits(input);
  const auto words = words_of(s);
  int year = 0, month = 0, day = 0, hour = -1, minute = -1, second = -1;
  int ambiguous_month = 0;
  bool pm = false, am = false, buddhist = false;
  std::vector<int> loose_numbers;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string w = words[i];
    const std::string l = lower(w);
    if (l == "pm" || l == "p.m." || (l == "p." && i + 1 < words.size() && lower(words[i + 1]).rfind("m", 0) == 0)) {
      pm = true;
      continue;
    }
    if (l == "am" || l == "a.m." || (l == "a." && i + 1 < words.size() && lower(words[i + 1]).rfind("m", 0) == 0)) {
      am = true;
      continue;
    }
    if (w.find(':') != std::string::npos && hour < 0) {
      int h = -1, m = -1, sec = -1;
      const size_t c1 = w.find(':');
      const size_t c2 = w.find(':', c1 + 1);
      const std::string hs = w.substr(0, c1);
      const std::string ms = w.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1);
      if (all_digits(hs) && hs.size() <= 2 && all_digits(ms.substr(0, 2)) && ms.size() >= 2) {
        h = std::stoi(hs);
        m = std::stoi(ms.substr(0, 2));
        const std::string tail = lower(ms.substr(2));
        pm = pm || tail == "pm";
        am = am || tail == "am";
        if (c2 != std::string::npos && all_digits(w.substr(c2 + 1, 2))) {
          sec = std::stoi(w.substr(c2 + 1, 2));
        }
        hour = h;
        minute = m;
        second = sec;
      }
      continue;
    }
    // Numeric dates: 3/9/26, 09.03.2026, 2026-03-09.
    if (std::count_if(w.begin(), w.end(), [](char c) { return c == '/' || c == '-' || c == '.'; }) == 2 &&
        std::isdigit(static_cast<unsigned char>(w.front())) && std::isdigit(static_cast<unsigned char>(w.back()))) {
      std::vector<int> parts;
      std::string cur;
      for (char c : w + "/") {
        if (c == '/' || c == '-' || c == '.') {
          if (!all_digits(cur) || cur.size() > 4) {
            parts.clear();
            break;
          }
          parts.push_back(std::stoi(cur));
          cur.clear();
        } else {
          cur.push_back(c);
        }
      }
      if (parts.size() == 3) {
        if (parts[0] > 31) {
          year = parts[0], month = parts[1], day = parts[2];
        } else {
          year = parts[2];
          const bool dmy = parts[0] > 12 || (!month_first && parts[1] <= 12);
          day = dmy ? parts[0] : parts[1];
          month = dmy ? parts[1] : parts[0];
        }
      }
      continue;
    }
    while (!w.empty() && (w.back() == ',' || (w.back() == '.' && w.size() > 1 && timeutil::month_from_name(w) == 0))) {
      w.pop_back();
    }
    if (const int m = timeutil::month_from_name(w); m > 0) {
      // "mar" is martes as well as marzo: a word that can be a weekday names the month last.
      // Of two month names ("mar, 3 feb"), the first was the weekday.
      if (timeutil::weekday_from_name(w) >= 0) {
        ambiguous_month = ambiguous_month == 0 ? m : ambiguous_month;
      } else {
        if (month != 0) {
          ambiguous_month = 0;
        }
        month = m;
      }
      continue;
    }
    if (w.starts_with("วันที่")) {
      w = w.substr(std::string_view("วันที่").size());
    }
    if (all_digits(w) && w.size() <= 4) {
      const int n = std::stoi(w);
      if (w.size() == 4) {
        year = n;
        buddhist = n > 2400;
      } else {
        loose_numbers.push_back(n);
      }
    }
  }
  if (month == 0) {
    month = ambiguous_month;
  }
  if (day == 0 && !loose_numbers.empty()) {
    day = loose_numbers.front();
  }
  if (year == 0 || month == 0 || day == 0) {
    return std::nullopt;
  }
  year = timeutil::normalize_year(year, buddhist);
  if (!timeutil::is_valid_date(year, month, day)) {
    return std::nullopt;
  }
  model::Timestamp t;
  t.date = timeutil::Date{year, month, day};
  if (hour >= 0 && minute >= 0 && minute < 60) {
    if (pm && hour < 12) {
      hour += 12;
    } else if (am && hour == 12) {
      hour = 0;
    }
    if (hour < 24) {
      timeutil::TimeOfDay tod;
      tod.hour = hour;
      tod.minute = minute;
      tod.second = second >= 0 ? second : 0;
      tod.has_seconds = second >= 0;
      t.time = tod;
    }
  }
  return t;
}

size_t find_signature(std::string_view text, std::string* name_out) {
  std::vector<std::pair<size_t, std::string_view>> lines;  // offset, line
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    lines.emplace_back(pos, text.substr(pos, end - pos));
    pos = end + 1;
  }
  size_t at = std::string::npos;
  const size_t n = lines.size();
  for (size_t i = 0; i < n; ++i) {
    if (is_legal_notice(lines[i].second) && i > 0) {
      at = lines[i].first;
      break;
    }
  }
  // A sign-off near the end, followed by a few short lines: the signature.
  const size_t window_start = n > 10 ? n - 10 : 0;
  for (size_t i = std::max<size_t>(window_start, 1); i < n && lines[i].first < at; ++i) {
    const std::string_view line = lines[i].second;
    const bool dash = line == "-- " || line == "--";
    if (!dash && !is_sign_off(line)) {
      continue;
    }
    size_t trailing = 0;
    for (size_t j = i + 1; j < n && lines[j].first < at; ++j) {
      trailing += text::trim_unicode(lines[j].second).empty() ? 0 : 1;
    }
    if (trailing > 7) {
      continue;
    }
    if (name_out) {
      for (size_t j = i + 1; j < n && lines[j].first < at; ++j) {
        if (text::trim_unicode(lines[j].second).empty()) {
          continue;
        }
        if (looks_like_person(lines[j].second)) {
          *name_out = text::trim_unicode(lines[j].second);
        }
        break;
      }
    }
    return lines[i].first;
  }
  return at;
}

std::vector<QuotedMessage> split_quoted_history(std::string_view body, const SplitOptions& options) {
  std::vector<Line> lines;
  int number = 1;
  for (auto l : text::split_lines(body)) {
    lines.push_back(Line{std::string(l), number++});
  }
  const bool english = body.find(" wrote:") != std::string_view::npos;
  std::vector<QuotedMessage> out;
  split_level(lines, QuotedMessage{}, 0, options, out, english);
  return out;
}

}  // namespace inwriting::importers
