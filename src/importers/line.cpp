// LINE chat history exports (.txt), English and Thai UI:
//   [LINE] Chat history with NAME            [LINE] ประวัติการแชทกับ NAME / ประวัติการแชทในกลุ่ม "G"
//   Saved on: 2026/01/22, 21:40              บันทึกเมื่อ: 06/03/2569 21:14
//   date lines: "Tue, 1/20/2026", "Wed, 10/07/2562 BE", "2026/01/20(Tue)", "ศ. 28/11/2568",
//               "2025.05.15 วันพฤหัสบดี"
//   messages:   "08:12<TAB>Name<TAB>text" (an empty name is a system line), "08:12PM<TAB>…",
//               "19:10$Name$text" (one real excerpt has "$" for TAB), "08:35 Name text" (spaces
//               only: the name is split off with the names known from the rest of the file).
// A message with line breaks is written in double quotes spanning lines. No zone is written.
//
// Hand-written scanning (no regex): each line is classified by a bounded look at its start.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "formats.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"
#include "text_scan.hpp"

namespace inwriting::importers {

namespace {

using detail::ascii_lower;
using detail::fold_head;
using detail::head;
using detail::is_alpha;
using detail::is_digit;
using detail::read_number;
using model::Entry;
using model::EntryKind;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// ---- date lines ----------------------------------------------------------------------------

struct DateLine {
  timeutil::Date date;
  bool thai = false;  // written with a Thai weekday or a Buddhist-era year
};

// A weekday word (with "," or "(…)" around it tolerated): 0-6, -1 when not a weekday.
int weekday_word(std::string_view w, bool& thai) {
  w = text::trim(w);
  while (!w.empty() && (w.front() == '(' || w.front() == ',')) {
    w.remove_prefix(1);
  }
  while (!w.empty() && (w.back() == ')' || w.back() == ',')) {
    w.remove_suffix(1);
  }
  w = text::trim(w);
  if (w.empty()) {
    return -1;
  }
  const int v = timeutil::weekday_from_name(w);
  if (v >= 0 && text::has_thai(w)) {
    thai = true;
  }
  return v;
}

// "Tue, 1/20/2026", "Wed, 10/07/2562 BE", "2026/01/20(Tue)", "ศ. 28/11/2568", "2025.05.15 วันพฤหัสบดี".
std::optional<DateLine> parse_date_line(std::string_view line) {
  line = text::trim(line);
  if (line.empty() || line.size() > 80 || line.find('\t') != std::string_view::npos ||
      line.find('$') != std::string_view::npos) {
    return std::nullopt;
  }
  size_t p = 0;
  while (p < line.size() && !is_digit(line[p])) {
    ++p;
  }
  if (p >= line.size()) {
    return std::nullopt;
  }
  DateLine out;
  int weekday = -1;
  bool have_weekday_word = false;
  const std::string_view before = text::trim(line.substr(0, p));
  if (!before.empty()) {
    weekday = weekday_word(before, out.thai);
    if (weekday < 0) {
      return std::nullopt;
    }
    have_weekday_word = true;
  }
  int a = 0, b = 0, y = 0, ca = 0, cb = 0, cy = 0;
  if (!read_number(line, p, 1, 4, a, ca) || p >= line.size()) {
    return std::nullopt;
  }
  const char sep = line[p];
  if (sep != '/' && sep != '.' && sep != '-') {
    return std::nullopt;
  }
  ++p;
  if (!read_number(line, p, 1, 2, b, cb) || p >= line.size() || line[p] != sep) {
    return std::nullopt;
  }
  ++p;
  if (!read_number(line, p, ca == 4 ? 1 : 2, ca == 4 ? 2 : 4, y, cy)) {
    return std::nullopt;
  }
  // What follows: "(Tue)", " วันพฤหัสบดี", " BE", " พ.ศ.", or nothing.
  std::string_view after = text::trim(line.substr(p));
  bool buddhist = false;
  for (std::string_view era : {std::string_view("B.E."), std::string_view("BE"), std::string_view("พ.ศ.")}) {
    if (after.size() >= era.size() && after.substr(after.size() - era.size()) == era) {
      after = text::trim(after.substr(0, after.size() - era.size()));
      buddhist = true;
    }
  }
  if (!after.empty()) {
    const int w = weekday_word(after, out.thai);
    if (w < 0 || have_weekday_word) {
      return std::nullopt;
    }
    weekday = w;
  }
  if (ca == 4) {
    const int year = timeutil::normalize_year(a, buddhist);
    if (!timeutil::is_valid_date(year, b, y)) {
      return std::nullopt;
    }
    out.date = {year, b, y};
    out.thai = out.thai || a > 2400;
    return out;
  }
  const int year = timeutil::normalize_year(y, buddhist);
  out.thai = out.thai || y > 2400 || buddhist;
  const bool dmy_ok = timeutil::is_valid_date(year, b, a);
  const bool mdy_ok = timeutil::is_valid_date(year, a, b);
  const timeutil::Date dmy{year, b, a};
  const timeutil::Date mdy{year, a, b};
  if (weekday >= 0) {
    // The weekday settles day/month order ("Wed, 10/07/2562" is 10 July) unless both fit.
    const bool dmy_fits = dmy_ok && timeutil::weekday(dmy) == weekday;
    const bool mdy_fits = mdy_ok && timeutil::weekday(mdy) == weekday;
    if (dmy_fits != mdy_fits) {
      out.date = dmy_fits ? dmy : mdy;
      return out;
    }
  }
  if (dmy_ok && !mdy_ok) {
    out.date = dmy;
  } else if (mdy_ok && !dmy_ok) {
    out.date = mdy;
  } else if (dmy_ok) {
    // Thai UI writes day first; the English UI month first.
    out.date = out.thai ? dmy : mdy;
  } else {
    return std::nullopt;
  }
  return out;
}

// ---- message lines -------------------------------------------------------------------------

enum class Sep { none, tab, dollar, space };

struct MessageLine {
  Sep sep = Sep::none;
  timeutil::TimeOfDay time;
  std::string_view name;  // tab/dollar: the field; space: empty until split
  std::string_view rest;  // tab/dollar: the text; space: "Name text"
  bool has_name_field = false;
};

std::optional<MessageLine> parse_message_line(std::string_view line) {
  MessageLine m;
  size_t p = 0;
  int h = 0, mi = 0, count = 0;
  if (!read_number(line, p, 1, 2, h, count) || p >= line.size() || line[p] != ':') {
    return std::nullopt;
  }
  ++p;
  if (!read_number(line, p, 2, 2, mi, count)) {
    return std::nullopt;
  }
  // 12-hour clocks: "08:12PM" or "08:12 PM".
  {
    size_t q = p;
    if (q < line.size() && line[q] == ' ') {
      ++q;
    }
    if (q + 1 < line.size() && (ascii_lower(line[q]) == 'a' || ascii_lower(line[q]) == 'p') &&
        ascii_lower(line[q + 1]) == 'm' && (q + 2 >= line.size() || !is_alpha(line[q + 2]))) {
      const bool pm = ascii_lower(line[q]) == 'p';
      if (h >= 1 && h <= 12) {
        h = (h % 12) + (pm ? 12 : 0);
        p = q + 2;
      }
    }
  }
  if (h > 23 || mi > 59 || p >= line.size()) {
    return std::nullopt;
  }
  m.time = {h, mi, 0, false};
  const char sep = line[p];
  if (sep == '\t' || sep == '$') {
    m.sep = sep == '\t' ? Sep::tab : Sep::dollar;
    const std::string_view after = line.substr(p + 1);
    const size_t second = after.find(sep);
    if (second == std::string_view::npos) {
      // "08:54<TAB>text": no name field, a system line.
      m.rest = after;
    } else {
      m.name = text::trim(after.substr(0, second));
      m.rest = after.substr(second + 1);
      m.has_name_field = true;
    }
    return m;
  }
  if (sep == ' ') {
    m.sep = Sep::space;
    m.rest = text::trim(line.substr(p + 1));
    if (m.rest.empty()) {
      return std::nullopt;
    }
    return m;
  }
  return std::nullopt;
}

// ---- what a message is ---------------------------------------------------------------------

const std::vector<std::string>& folded_list(std::initializer_list<const char*> words, std::vector<std::string>& store) {
  if (store.empty()) {
    for (const char* w : words) {
      store.push_back(text::fold_for_search(w));
    }
  }
  return store;
}

// System lines LINE writes in the chat itself: unsent messages, calls, group changes. LINE writes
// most with an empty sender; calls carry the caller's name. `name_guessed` is set for space-only
// lines, where a system line's first word was taken for a name.
bool is_system_text(std::string_view message, const std::string& f, bool name_guessed) {
  if (message.size() > 300) {
    return false;
  }
  static std::vector<std::string> unsent_store;
  const auto& unsent = folded_list({"unsent a message", "ยกเลิกข้อความ", "ยกเลิกการส่งข้อความ"}, unsent_store);
  for (const auto& w : unsent) {
    const size_t at = f.find(w);
    // "Firm unsent a message.", "ยกเลิกข้อความแล้ว": the phrase opens or closes a short line.
    if (at != std::string::npos && f.size() < 150 && (at == 0 || f.size() - at - w.size() <= 12)) {
      return true;
    }
  }
  if (name_guessed) {
    static std::vector<std::string> group_store;
    const auto& group = folded_list({"joined the group", "left the group", "added to the group",
                                     "invited to the group", "changed the group", "เข้ากลุ่ม", "ออกจากกลุ่ม",
                                     "เข้าร่วมกลุ่ม", "เปลี่ยนชื่อกลุ่ม", "เปลี่ยนรูปโปรไฟล์กลุ่ม"},
                                    group_store);
    for (const auto& w : group) {
      if (f.find(w) != std::string::npos) {
        return true;
      }
    }
  }
  static std::vector<std::string> calls_store;
  const auto& calls = folded_list({"missed call", "canceled call", "cancelled call", "call time", "no answer",
                                   "declined call", "ไม่ได้รับสาย", "สายที่ไม่ได้รับ", "ยกเลิกการโทร",
                                   "ระยะเวลาการโทร", "การโทรถูกยกเลิก", "ไม่มีการตอบรับ", "ปฏิเสธการโทร"},
                                  calls_store);
  std::string_view g = f;
  if (starts_with(g, "\xE2\x98\x8E")) {  // ☎ opens every call line
    return true;
  }
  for (const auto& w : calls) {
    if (starts_with(g, w) && (g.size() == w.size() || g[w.size()] == ' ' || g[w.size()] == ':' ||
                              g[w.size()] == ',' || g[w.size()] == '(' || g[w.size()] == '.')) {
      return true;
    }
  }
  return false;
}

bool is_media_text(std::string_view message, const std::string& f) {
  if (message.size() > 100) {
    return false;
  }
  static std::vector<std::string> store;
  const auto& media = folded_list({"[sticker]", "[photo]", "[video]", "[file]", "[voice message]", "[audio]",
                                   "[album]", "[location]", "[contact]", "[gif]", "[รูป]", "[สติกเกอร์]",
                                   "[วิดีโอ]", "[ไฟล์]", "[ข้อความเสียง]", "[อัลบั้ม]", "[ตำแหน่งที่ตั้ง]",
                                   "[รูปภาพ]", "[ผู้ติดต่อ]", "sticker", "stickers", "photo", "photos", "video",
                                   "videos", "รูป", "รูปภาพ", "สติกเกอร์", "วิดีโอ"},
                                  store);
  return std::find(media.begin(), media.end(), f) != media.end();
}

bool has_business_word(std::string_view name) {
  const std::string f = " " + text::fold_for_search(name) + " ";
  for (const char* w : {"official", "oficial", " shop", "store", "support", "service", "customer care", " co.,",
                        " ltd", " inc", "@", "ร้าน", "บริษัท", "ศูนย์บริการ", "แอดมิน", "คอลเซ็นเตอร์",
                        "ออฟฟิเชียล", "ช็อป"}) {
    if (f.find(text::fold_for_search(w)) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// Strips the double quotes LINE puts around a multi-line message ("" inside is one quote).
std::string unquote(std::string_view s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
    s = s.substr(1, s.size() - 2);
  } else if (!s.empty() && s.front() == '"') {
    s.remove_prefix(1);
  }
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] == '"' && i + 1 < s.size() && s[i + 1] == '"') {
      ++i;
    }
  }
  return out;
}

// True when a quoted message's line closes it: it ends in an odd run of quotes.
bool closes_quote(std::string_view line) {
  line = text::trim(line);
  size_t quotes = 0;
  while (quotes < line.size() && line[line.size() - 1 - quotes] == '"') {
    ++quotes;
  }
  return quotes % 2 == 1;
}

// Opens a quoted multi-line message: starts with a quote and does not close on its own line.
bool opens_quote(std::string_view message) {
  if (message.empty() || message.front() != '"') {
    return false;
  }
  if (message.size() == 1) {
    return true;
  }
  return !closes_quote(message.substr(1));
}

std::vector<std::string_view> split_words(std::string_view s, size_t max_words) {
  std::vector<std::string_view> out;
  size_t p = 0;
  while (p < s.size() && out.size() < max_words) {
    while (p < s.size() && s[p] == ' ') {
      ++p;
    }
    const size_t start = p;
    while (p < s.size() && s[p] != ' ') {
      ++p;
    }
    if (p > start) {
      out.push_back(s.substr(start, p - start));
    }
  }
  return out;
}

struct HeaderInfo {
  std::string other;  // "Chat history with NAME"
  std::string group;  // "ประวัติการแชทในกลุ่ม G"
  bool thai = false;
  bool found = false;
};

std::optional<HeaderInfo> parse_header(std::string_view line) {
  line = text::trim(line);
  if (!starts_with(line, "[LINE]")) {
    return std::nullopt;
  }
  HeaderInfo h;
  h.found = true;
  std::string_view rest = text::trim(line.substr(6));
  auto strip_quotes = [](std::string_view s) {
    s = text::trim(s);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') {
      s = s.substr(1, s.size() - 2);
    }
    return std::string(s);
  };
  const std::string_view th_group = "ประวัติการแชทในกลุ่ม";
  const std::string_view th_with = "ประวัติการแชทกับ";
  if (starts_with(rest, th_group)) {
    h.thai = true;
    h.group = strip_quotes(rest.substr(th_group.size()));
  } else if (starts_with(rest, th_with)) {
    h.thai = true;
    h.other = strip_quotes(rest.substr(th_with.size()));
  } else if (text::starts_with_icase(rest, "Chat history in ")) {
    h.group = strip_quotes(rest.substr(16));
  } else if (text::starts_with_icase(rest, "Chat history with ")) {
    h.other = strip_quotes(rest.substr(18));
  } else if (text::starts_with_icase(rest, "Chat with ")) {
    h.other = strip_quotes(rest.substr(10));
  } else if (starts_with(rest, "แชทกับ")) {
    h.thai = true;
    h.other = strip_quotes(rest.substr(std::string_view("แชทกับ").size()));
  } else {
    h.thai = text::has_thai(rest);
    h.other = strip_quotes(rest);
  }
  return h;
}

bool is_saved_line(std::string_view line) {
  line = text::trim(line);
  return text::starts_with_icase(line, "Saved on") || starts_with(line, "บันทึกเมื่อ");
}

}  // namespace

int detect_line(std::string_view bytes) {
  const std::string sample = text::normalize_newlines_and_marks(head(bytes, 64 * 1024));
  const auto lines = text::split_lines(sample);
  int nonempty = 0, dates = 0, fielded = 0, spaced = 0, colon_names = 0;
  bool header = false;
  for (size_t i = 0; i < lines.size() && i < 400; ++i) {
    const std::string_view line = head(lines[i], 512);
    if (text::trim(line).empty()) {
      continue;
    }
    ++nonempty;
    if (nonempty <= 2 && parse_header(line)) {
      header = true;
      continue;
    }
    if (is_saved_line(line)) {
      continue;
    }
    if (parse_date_line(line)) {
      ++dates;
      continue;
    }
    if (auto m = parse_message_line(line)) {
      if (m->sep == Sep::space) {
        ++spaced;
        const auto words = split_words(m->rest, 1);
        if (!words.empty() && words[0].back() == ':') {
          ++colon_names;
        }
      } else {
        ++fielded;
      }
    }
  }
  if (header) {
    return 98;
  }
  const int shaped = dates + fielded + spaced;
  const bool mostly = shaped * 3 >= nonempty * 2;
  if (fielded >= 3 && dates >= 1 && mostly) {
    return 90;
  }
  if (spaced >= 3 && dates >= 1 && colon_names * 2 < spaced && mostly) {
    return 82;
  }
  if (fielded >= 3 && mostly) {
    return 60;
  }
  if (fielded >= 1 && dates >= 1) {
    return 40;
  }
  return 0;
}

Result<ParseOutput> parse_line(const ParseInput& input) {
  auto decoded = decode_text(input);
  if (!decoded) {
    return make_error(decoded.error());
  }
  const std::string& all = *decoded;
  const auto lines = text::split_lines(all);
  const std::string& file = input.display_name;
  const model::ImportContext* context = input.context;
  ParseOutput out;

  // Pass 1: the header, and the names the fielded lines show (to split space-only lines).
  HeaderInfo header;
  std::set<std::string, std::less<>> known;
  std::map<std::string, std::pair<std::set<std::string>, int>, std::less<>> second_words;  // first word → seconds
  std::set<std::string, std::less<>> short_first;  // first words seen without text after a second word
  bool thai_dates = false;
  int shaped = 0;
  int fielded_lines = 0;  // tab or "$" lines
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (i < 3 && !header.found) {
      if (auto h = parse_header(line)) {
        header = *h;
        continue;
      }
    }
    if (auto d = parse_date_line(head(line, 100))) {
      thai_dates = thai_dates || d->thai;
      ++shaped;
      continue;
    }
    auto m = parse_message_line(line);
    if (!m) {
      continue;
    }
    ++shaped;
    if (m->sep != Sep::space) {
      ++fielded_lines;
    }
    if (m->has_name_field && !m->name.empty()) {
      known.emplace(m->name);
    } else if (m->sep == Sep::space) {
      const auto words = split_words(head(m->rest, 300), 3);
      if (words.size() >= 2) {
        auto& [seconds, count] = second_words[std::string(words[0])];
        seconds.emplace(words[1]);
        ++count;
        if (words.size() < 3) {
          short_first.emplace(words[0]);
        }
      }
    }
  }
  if (!header.other.empty()) {
    known.insert(header.other);
  }
  if (shaped == 0 && !header.found) {
    return make_error(file + ":1: not a LINE chat history: no date line and no \"HH:MM<TAB>name<TAB>text\" line");
  }
  // Space-only lines: a first word always followed by the same second word (on at least three
  // lines, each with text after it) is a two-word name.
  for (const auto& [first, data] : second_words) {
    if (data.second >= 3 && data.first.size() == 1 && !short_first.count(first) && !known.count(first)) {
      known.insert(first + " " + *data.first.begin());
    }
  }
  const bool thai_ui = header.thai || thai_dates;
  const bool thai_text = text::has_thai(head(all, 64 * 1024));
  // A LINE export is written in the phone's local time and carries no zone. A Thai UI (or an
  // English UI over Thai conversation) means a phone in Thailand: Asia/Bangkok, UTC+07:00 all
  // year (no DST). Only when the user gave no --tz: then finish_conversation resolves that zone.
  std::optional<int> offset;
  if ((thai_ui || thai_text) && !(context && context->tz)) {
    offset = 7 * 60;
  }

  // Pass 2: entries.
  model::Conversation c;
  c.channel = model::Channel::social;
  c.format = "line";
  c.title = !header.group.empty() ? header.group : header.other;
  std::optional<timeutil::Date> current_date;
  bool warned_no_date = false;
  bool in_quote = false;
  bool have_entry = false;
  std::vector<bool> guessed;  // per entry: the name was split off a space-only line
  std::string quoted;  // raw text of the open quoted message
  // A closed quote loses its quotes; an unclosed one is kept as written.
  auto close_quote = [&](bool closed) {
    if (in_quote && have_entry) {
      c.entries.back().text = closed ? unquote(quoted) : quoted;
    }
    in_quote = false;
    quoted.clear();
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const int line_no = static_cast<int>(i + 1);
    auto m = parse_message_line(line);
    if (in_quote) {
      // Inside quotes only a fielded message line (or, in a space-only file, any message line)
      // ends the message early.
      const bool next_message = m && (m->sep != Sep::space ? m->has_name_field : fielded_lines == 0);
      if (!next_message) {
        quoted += '\n';
        quoted.append(line);
        c.entries.back().where.last_line = line_no;
        if (closes_quote(line)) {
          close_quote(true);
        }
        continue;
      }
      // A new message line before the closing quote: the quote was never closed.
      out.warnings.push_back(file + ":" + std::to_string(c.entries.back().where.first_line) +
                             ": a quoted message is not closed; it ends at the next message");
      close_quote(false);
    }
    if (i < 3 && parse_header(line)) {
      continue;
    }
    if (i < 5 && is_saved_line(line) && !m) {
      continue;
    }
    if (!m) {
      if (auto d = parse_date_line(head(line, 100))) {
        current_date = d->date;
        continue;
      }
      if (text::trim(line).empty()) {
        continue;
      }
      if (have_entry) {
        Entry& e = c.entries.back();
        e.text += '\n';
        e.text.append(line);
        e.where.last_line = line_no;
      } else {
        out.warnings.push_back(file + ":" + std::to_string(line_no) + ": text before the first message is skipped");
      }
      continue;
    }
    Entry e;
    e.where.first_line = line_no;
    e.where.last_line = line_no;
    e.time.time = m->time;
    e.time.date = current_date;
    e.time.offset_minutes = offset;
    if (!current_date && !warned_no_date) {
      out.warnings.push_back(file + ":" + std::to_string(line_no) + ": a message before any date line has no date");
      warned_no_date = true;
    }
    std::string_view message;
    if (m->sep == Sep::space) {
      const std::string_view rest = m->rest;
      std::string_view name;
      for (const auto& k : known) {
        if (k.size() > name.size() && rest.size() > k.size() && starts_with(rest, k) && rest[k.size()] == ' ') {
          name = rest.substr(0, k.size());
        }
      }
      if (name.empty()) {
        const size_t space = rest.find(' ');
        if (space != std::string_view::npos && space <= 120) {
          name = rest.substr(0, space);
        }
      }
      if (name.empty()) {
        e.kind = EntryKind::event;  // "08:40 ยกเลิกข้อความแล้ว": no name, a system line
        message = rest;
      } else {
        e.speaker = std::string(name);
        message = text::trim(rest.substr(name.size()));
      }
    } else {
      e.speaker = std::string(m->name);
      message = m->rest;
      if (e.speaker.empty()) {
        e.kind = EntryKind::event;
      }
    }
    if (opens_quote(message)) {
      in_quote = true;
      quoted.assign(message);
    }
    e.text = std::string(message);
    c.entries.push_back(std::move(e));
    guessed.push_back(m->sep == Sep::space);
    have_entry = true;
  }
  if (in_quote) {
    out.warnings.push_back(file + ":" + std::to_string(c.entries.back().where.first_line) +
                           ": a quoted message is not closed before the end of the file");
    close_quote(false);
  }

  for (auto& e : c.entries) {
    while (!e.text.empty() && (e.text.back() == '\n' || e.text.back() == ' ' || e.text.back() == '\t')) {
      e.text.pop_back();
    }
    // Both checks look at short texts only: fold those once.
    const std::string f = e.text.size() <= 300 ? fold_head(e.text) : std::string();
    if (e.kind == EntryKind::message && is_system_text(e.text, f, guessed[&e - c.entries.data()])) {
      e.kind = EntryKind::event;
      e.speaker.clear();
    }
    if (e.kind == EntryKind::message) {
      e.is_media = is_media_text(e.text, f);
    }
  }
  for (const auto& e : c.entries) {
    if (e.kind == EntryKind::message && !e.speaker.empty()) {
      c.participant(e.speaker);
    }
  }
  // A one-to-one chat's header names the other party. An official account (a shop, an ISP) is the
  // company: its name says so, or it names itself in its own messages.
  if (!header.other.empty() && header.group.empty() && c.find_participant(header.other)) {
    bool official = has_business_word(header.other);
    const std::string self = text::fold_for_search(header.other);
    // Naming oneself counts for a name of two words or more ("FiberNet TH"): a person may well
    // say their own first name.
    if (!official && self.find(' ') != std::string::npos) {
      int seen = 0;
      for (const auto& e : c.entries) {
        if (e.kind != EntryKind::message || e.speaker != header.other) {
          continue;
        }
        if (fold_head(e.text, 800).find(self) != std::string::npos) {
          official = true;
          break;
        }
        if (++seen >= 20) {
          break;
        }
      }
    }
    if (official) {
      c.company = header.other;
    }
  }
  for (const auto& e : c.entries) {
    if (e.kind == EntryKind::message && e.time.complete()) {
      if (!c.started) {
        c.started = e.time;
      }
      c.ended = e.time;
    }
  }
  c.where.first_line = 1;
  c.where.last_line = static_cast<int>(lines.size());
  if (c.entries.empty()) {
    return make_error(file + ":1: a LINE chat history with no messages");
  }
  out.conversations.push_back(std::move(c));
  return out;
}

}  // namespace inwriting::importers
