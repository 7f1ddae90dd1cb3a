// WhatsApp chat exports (.txt), Android and iOS, in every locale's date and clock shape:
//   Android  "1/22/23, 6:30 PM - Name: text"      "30/01/19, 20:49 - Name: text"
//            "01/30/2019, 08:49 p. m. - Name: text"
//   iOS      "[01/30/19 20:49] Name: text"        "[2/17/26, 9:14:03 AM] Name: text"
// Lines without the date prefix continue the previous message. Lines without "Name:" are system
// notices (events); iOS puts some notices (the encryption notice, "X is a contact") under a
// person's name, and those are events too. The file carries no time zone.
//
// The parser is hand-written (no regex): every line is looked at a bounded number of bytes for its
// prefix, so a huge single line costs one pass.
#include <algorithm>
#include <array>
#include <map>
#include <optional>
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
using detail::read_meridiem;
using detail::read_number;
using model::Entry;
using model::EntryKind;

// The date-and-time prefix of one line, before the day/month order is known.
struct Stamp {
  std::array<int, 3> field{0, 0, 0};
  std::array<int, 3> digits{0, 0, 0};
  int hour = 0;
  int minute = 0;
  int second = 0;
  bool has_seconds = false;
  int meridiem = 0;         // 0 none, 1 AM, 2 PM
  bool dotted_meridiem = false;  // "a. m." / "p. m." (Spanish and other locales)
  bool ios = false;         // bracketed
  bool dash_date = false;   // 2020-01-30
  bool comma = false;       // "1/22/23, 6:30"
  size_t rest = 0;          // where "Name: text" begins
};

// The timestamp prefix of a line, or nothing when the line does not start with one.
std::optional<Stamp> parse_stamp(std::string_view line) {
  Stamp st;
  size_t p = 0;
  if (!line.empty() && line[0] == '[') {
    st.ios = true;
    p = 1;
  }
  if (!read_number(line, p, 1, 4, st.field[0], st.digits[0]) || p >= line.size()) {
    return std::nullopt;
  }
  const char sep = line[p];
  if (sep != '/' && sep != '.' && sep != '-') {
    return std::nullopt;
  }
  st.dash_date = sep == '-';
  ++p;
  if (!read_number(line, p, 1, 2, st.field[1], st.digits[1]) || p >= line.size() || line[p] != sep) {
    return std::nullopt;
  }
  ++p;
  if (!read_number(line, p, st.digits[0] == 4 ? 1 : 2, st.digits[0] == 4 ? 2 : 4, st.field[2], st.digits[2])) {
    return std::nullopt;
  }
  if (st.digits[0] == 3 || st.digits[2] == 3) {
    return std::nullopt;
  }
  if (p < line.size() && line[p] == '.') {
    ++p;
  }
  if (p < line.size() && line[p] == ',') {
    st.comma = true;
    ++p;
  }
  const size_t before_space = p;
  while (p < line.size() && line[p] == ' ') {
    ++p;
  }
  if (p == before_space) {
    return std::nullopt;
  }
  int count = 0;
  if (!read_number(line, p, 1, 2, st.hour, count) || p >= line.size() || line[p] != ':') {
    return std::nullopt;
  }
  ++p;
  if (!read_number(line, p, 2, 2, st.minute, count)) {
    return std::nullopt;
  }
  if (p < line.size() && line[p] == ':') {
    size_t q = p + 1;
    if (read_number(line, q, 2, 2, st.second, count)) {
      st.has_seconds = true;
      p = q;
    }
  }
  {
    size_t q = p;
    // U+202F was turned into a space by decode_text; a mangled export has "_" there.
    while (q < line.size() && (line[q] == ' ' || line[q] == '_')) {
      ++q;
    }
    if (read_meridiem(line, q, st.meridiem, &st.dotted_meridiem)) {
      p = q;
    }
  }
  if (st.hour > 23 || st.minute > 59 || st.second > 59 || (st.meridiem != 0 && st.hour > 12)) {
    return std::nullopt;
  }
  while (p < line.size() && line[p] == ' ') {
    ++p;
  }
  if (st.ios) {
    if (p >= line.size() || line[p] != ']') {
      return std::nullopt;
    }
    ++p;
    if (p < line.size() && line[p] == ' ') {
      ++p;
    }
  } else {
    // "- " (or an en dash some exports carry).
    if (p < line.size() && line[p] == '-') {
      ++p;
    } else if (line.substr(p, 3) == "\xE2\x80\x93") {
      p += 3;
    } else {
      return std::nullopt;
    }
    if (p < line.size() && line[p] == ' ') {
      ++p;
    } else if (p < line.size()) {
      return std::nullopt;
    }
  }
  st.rest = p;
  return st;
}

const std::vector<std::string>& folded(std::initializer_list<const char*> words, std::vector<std::string>& store) {
  if (store.empty()) {
    for (const char* w : words) {
      store.push_back(text::fold_for_search(w));
    }
  }
  return store;
}

bool contains_any(std::string_view haystack, const std::vector<std::string>& needles) {
  return std::any_of(needles.begin(), needles.end(),
                     [&](const std::string& n) { return haystack.find(n) != std::string_view::npos; });
}

// Notices WhatsApp writes itself; iOS puts them under the chat's name.
const std::vector<std::string>& encryption_notices() {
  static std::vector<std::string> store;
  return folded({"messages and calls are end-to-end encrypted", "are now secured with end-to-end encryption",
                 "messages you send to this chat and calls are now secured",
                 "messages to this group are now secured", "los mensajes y las llamadas están cifrados",
                 "los mensajes y llamadas están cifrados", "cifrados de extremo a extremo",
                 "ข้อความและการโทรได้รับการเข้ารหัสตั้งแต่ต้นทางถึงปลายทาง", "เข้ารหัสตั้งแต่ต้นทางถึงปลายทาง"},
                store);
}

// Notices that the other party is a business account.
const std::vector<std::string>& business_notices() {
  static std::vector<std::string> store;
  return folded({"this business uses a secure service", "this business works with other companies",
                 "this chat is with a business account", "is a business account", "is now a business account",
                 "esta empresa usa un servicio seguro", "esta empresa trabaja con otras empresas",
                 "este chat es con una cuenta de empresa", "es una cuenta de empresa",
                 "ahora es una cuenta de empresa", "แชทนี้เป็นแชทกับบัญชีธุรกิจ", "เป็นบัญชีธุรกิจ"},
                store);
}

// "X is a contact." in the WhatsApp Business app: X is the business's customer.
const std::vector<std::string>& contact_notices() {
  static std::vector<std::string> store;
  return folded({" is a contact", " es un contacto", " es contacto"}, store);
}

// Whole-message notices under a name: deleted/unsent messages and security-code changes.
const std::vector<std::string>& named_notices() {
  static std::vector<std::string> store;
  return folded({"this message was deleted", "you deleted this message", "unsent a message",
                 "se eliminó este mensaje", "eliminaste este mensaje", "este mensaje fue eliminado",
                 "your security code with", "tu código de seguridad con", "waiting for this message",
                 "esperando el mensaje", "changed their phone number", "cambió su número",
                 "disappearing messages", "los mensajes temporales", "ข้อความนี้ถูกลบ"},
                store);
}

// Calls: "Missed voice call", "Voice call, 12 min", "Llamada, Sin respuesta".
const std::vector<std::string>& call_notices() {
  static std::vector<std::string> store;
  return folded({"missed voice call", "missed video call", "missed group voice call", "missed group video call",
                 "silenced voice call", "silenced video call", "voice call", "video call", "group voice call",
                 "group video call", "call, no answer", "no answer", "llamada perdida", "llamada de voz perdida",
                 "videollamada perdida", "llamada de voz", "llamada grupal", "videollamada", "llamada",
                 "llamada silenciada", "videollamada silenciada", "สายที่ไม่ได้รับ", "การโทรด้วยเสียง",
                 "วิดีโอคอล"},
                store);
}

bool is_call(const std::string& f) {
  if (f.size() > 120) {
    return false;
  }
  for (const auto& phrase : call_notices()) {
    if (f.rfind(phrase, 0) == 0) {
      const std::string_view after = std::string_view(f).substr(phrase.size());
      if (after.empty() || after[0] == ',' || after[0] == '.' || text::trim(after).empty() ||
          after.rfind(" (", 0) == 0 || after.rfind(" \xE2\x80\xA2", 0) == 0) {
        return true;
      }
    }
  }
  return false;
}

bool starts_with_any(const std::string& f, const std::vector<std::string>& phrases) {
  return std::any_of(phrases.begin(), phrases.end(), [&](const std::string& p) { return f.rfind(p, 0) == 0; });
}

bool is_media(std::string_view message) {
  if (message.size() > 300) {
    return false;
  }
  const std::string f = fold_head(message, 300);
  static const std::vector<std::string> exact = [] {
    std::vector<std::string> v;
    for (const char* w :
         {"<media omitted>", "<multimedia omitido>", "<multimedia omitida>", "<archivo omitido>", "<medios omitidos>",
          "image omitted", "video omitted", "audio omitted", "sticker omitted", "gif omitted", "document omitted",
          "contact card omitted", "imagen omitida", "video omitido", "audio omitido", "sticker omitido", "gif omitido",
          "documento omitido", "tarjeta de contacto omitida", "<ไม่รวมสื่อ>", "<สื่อถูกละไว้>"}) {
      v.push_back(text::fold_for_search(w));
    }
    return v;
  }();
  if (std::find(exact.begin(), exact.end(), f) != exact.end()) {
    return true;
  }
  for (const char* prefix : {"<attached:", "<adjunto:", "<anexo:", "<แนบ:"}) {
    if (f.rfind(text::fold_for_search(prefix), 0) == 0) {
      return true;
    }
  }
  for (const char* suffix : {"(file attached)", "(archivo adjunto)", "document omitted", "documento omitido"}) {
    const std::string s = suffix;
    if (f.size() >= s.size() && f.compare(f.size() - s.size(), s.size(), s) == 0) {
      return true;
    }
  }
  return false;
}

// Splits "Name: text". Names are short and hold no quotes; "John Doe:." (no space) is a name too.
bool split_name(std::string_view rest, std::string_view& name, std::string_view& message) {
  const std::string_view window = rest.substr(0, std::min<size_t>(rest.size(), 200));
  const size_t colon = window.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return false;
  }
  std::string_view candidate = text::trim(rest.substr(0, colon));
  if (candidate.empty() || candidate.find('"') != std::string_view::npos ||
      candidate.find("\xE2\x80\x9C") != std::string_view::npos) {
    return false;
  }
  // A colon inside a URL or a clock ("changed the time to 10:30") is not a name's end.
  const size_t after = colon + 1;
  if (after < rest.size() && rest[after] != ' ' && rest[after] != '.' && rest[after] != '\t') {
    return false;
  }
  if (candidate.rfind("~ ", 0) == 0) {
    candidate.remove_prefix(2);
  }
  name = candidate;
  message = rest.substr(after);
  if (!message.empty() && message[0] == ' ') {
    message.remove_prefix(1);
  }
  return true;
}

bool is_self_label(std::string_view name) {
  const std::string f = text::fold_for_search(name);
  for (const char* w : {"you", "tu", "yo", "usted", "คุณ"}) {
    if (f == w) {
      return true;
    }
  }
  return false;
}

bool has_business_word(std::string_view name) {
  const std::string f = " " + text::fold_for_search(name) + " ";
  for (const char* w : {" servicio", "service", "support", "soporte", "atencion", "official", "oficial", " store",
                        " shop", "tienda", "company", "empresa", " ltd", " inc", " s.a.", "customer care", " care ",
                        " help", "ayuda", "ventas", " sales", " team", " bank", "banco", "ร้าน", "บริษัท",
                        "ศูนย์บริการ", "แอดมิน"}) {
    if (f.find(w) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// The first two words of a name ("Almacenes Del" of "Almacenes Del Valle Servicio"), or "" for a
// one-word name (too easily said by anyone).
std::string name_head(std::string_view name) {
  const std::string f = text::fold_for_search(name);
  const size_t first = f.find(' ');
  if (first == std::string::npos) {
    return {};
  }
  const size_t second = f.find(' ', first + 1);
  return second == std::string::npos ? f : f.substr(0, second);
}

// A date from the three fields in the order decided for the file.
std::optional<timeutil::Date> make_date(const Stamp& st, model::ImportContext::DateOrder order, bool thai) {
  int y = 0, m = 0, d = 0;
  if (st.digits[0] == 4) {
    y = st.field[0];
    m = st.field[1];
    d = st.field[2];
  } else if (order == model::ImportContext::DateOrder::mdy) {
    m = st.field[0];
    d = st.field[1];
    y = st.field[2];
  } else if (order == model::ImportContext::DateOrder::ymd) {
    y = st.field[0];
    m = st.field[1];
    d = st.field[2];
  } else {
    d = st.field[0];
    m = st.field[1];
    y = st.field[2];
  }
  if (y < 100 && thai) {
    // A Thai phone writes Buddhist-era years: "30/1/62" is 2562 BE = 2019. A two-digit year that
    // would lie in the future as 20yy is read that way.
    const int this_year = timeutil::civil_from_days(timeutil::now_utc() / 86400).year;
    if (2000 + y > this_year + 1 && timeutil::normalize_year(y, true) <= this_year + 1) {
      y = timeutil::normalize_year(y, true);
    }
  }
  y = timeutil::normalize_year(y);
  if (!timeutil::is_valid_date(y, m, d)) {
    return std::nullopt;
  }
  return timeutil::Date{y, m, d};
}

timeutil::TimeOfDay make_time(const Stamp& st) {
  int hour = st.hour;
  if (st.meridiem == 1 && hour == 12) {
    hour = 0;
  } else if (st.meridiem == 2 && hour < 12) {
    hour += 12;
  }
  return timeutil::TimeOfDay{hour, st.minute, st.second, st.has_seconds};
}

// Day/month order from the whole file: a first field over 12 means D/M, a second over 12 M/D;
// then what the user said; then the locale the clock and system lines are written in.
model::ImportContext::DateOrder decide_order(const std::vector<std::pair<size_t, Stamp>>& stamps,
                                             const model::ImportContext* context, bool spanish_text) {
  using Order = model::ImportContext::DateOrder;
  bool first_big = false, second_big = false, twelve_hour = false, dotted = false, four_digit_first = false;
  for (const auto& [line, st] : stamps) {
    (void)line;
    if (st.digits[0] == 4) {
      four_digit_first = true;
      continue;
    }
    first_big = first_big || st.field[0] > 12;
    second_big = second_big || st.field[1] > 12;
    if (st.meridiem != 0) {
      twelve_hour = true;
      dotted = dotted || st.dotted_meridiem;
    }
  }
  if (first_big) {
    return Order::dmy;
  }
  if (second_big) {
    return Order::mdy;
  }
  if (four_digit_first && stamps.size() > 0) {
    return Order::ymd;
  }
  if (context && context->date_order != Order::automatic && context->date_order != Order::ymd) {
    return context->date_order;
  }
  if (spanish_text || dotted) {
    return Order::dmy;
  }
  if (twelve_hour) {
    return Order::mdy;  // "AM"/"PM" without other signs: the US English export
  }
  return Order::dmy;
}

bool spanish_system(std::string_view f) {
  for (const char* w : {"cifrad", "grupo", "anadio", "anadiste", "te anadio", "salio", "se unio", "cuenta de empresa",
                        "cambio", "elimino", "creo"}) {
    if (f.find(w) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

// WhatsApp names its export "WhatsApp Chat with NAME.txt" ("Chat de WhatsApp con NAME.txt").
std::string title_from_file_name(std::string_view file) {
  const size_t slash = file.find_last_of('/');
  if (slash != std::string_view::npos) {
    file.remove_prefix(slash + 1);
  }
  if (file.size() > 4 && text::to_lower_ascii(file.substr(file.size() - 4)) == ".txt") {
    file.remove_suffix(4);
  }
  for (std::string_view prefix : {std::string_view("WhatsApp Chat with "), std::string_view("WhatsApp Chat - "),
                                  std::string_view("Chat de WhatsApp con "), std::string_view("WhatsApp-Chat mit ")}) {
    if (text::starts_with_icase(file, prefix) && file.size() > prefix.size()) {
      return std::string(file.substr(prefix.size()));
    }
  }
  return {};
}

}  // namespace

int detect_whatsapp(std::string_view bytes) {
  const std::string_view raw = head(bytes, 64 * 1024);
  const std::string sample = text::normalize_newlines_and_marks(raw);
  const auto lines = text::split_lines(sample);
  int matched = 0, strong = 0, nonempty = 0, markers = 0;
  for (size_t i = 0; i < lines.size() && i < 300; ++i) {
    const std::string_view line = lines[i];
    if (text::trim(line).empty()) {
      continue;
    }
    ++nonempty;
    const auto st = parse_stamp(line.substr(0, std::min<size_t>(line.size(), 256)));
    if (!st) {
      continue;
    }
    ++matched;
    // "[04/03/2026 14:02] Name: text" is also how chat windows are pasted; WhatsApp's own shapes
    // are the Android " - " separator and the iOS bracket with a comma or seconds. Weak lines
    // count when the file shows WhatsApp's notices, placeholders or direction marks.
    if (!st->ios || st->comma || st->has_seconds) {
      ++strong;
    }
    std::string_view name, message;
    const std::string_view rest = line.substr(st->rest);
    if (!split_name(rest, name, message)) {
      ++markers;  // WhatsApp's system lines have no "Name:"
    } else if (is_media(message) || contains_any(fold_head(message, 200), encryption_notices())) {
      ++markers;
    }
  }
  if (raw.find("\xE2\x80\x8E[") != std::string_view::npos || raw.find(": \xE2\x80\x8E") != std::string_view::npos) {
    ++markers;
  }
  if (matched == 0) {
    return 0;
  }
  if (markers > 0) {
    strong = matched;
  }
  const bool mostly = matched * 2 >= nonempty;
  if (strong >= 3 && mostly) {
    return 92;
  }
  if ((strong >= 2 && mostly) || (strong >= 1 && matched == nonempty)) {
    return 82;
  }
  if (strong >= 1 && matched * 3 >= nonempty) {
    return 60;
  }
  if (matched >= 3 && mostly) {
    return 25;
  }
  return mostly ? 15 : 5;
}

Result<ParseOutput> parse_whatsapp(const ParseInput& input) {
  auto decoded = decode_text(input);
  if (!decoded) {
    return make_error(decoded.error());
  }
  const std::string& text_all = *decoded;
  const auto lines = text::split_lines(text_all);
  const model::ImportContext* context = input.context;
  const std::string& file = input.display_name;
  ParseOutput out;

  // Pass 1: every line's timestamp prefix, and hints of the locale.
  std::vector<std::pair<size_t, Stamp>> stamps;
  bool spanish_text = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    auto st = parse_stamp(line.substr(0, std::min<size_t>(line.size(), 256)));
    if (!st) {
      continue;
    }
    std::string_view name, message;
    if (!split_name(line.substr(st->rest), name, message)) {
      const std::string f = fold_head(line.substr(st->rest), 200);
      spanish_text = spanish_text || spanish_system(f);
    }
    stamps.emplace_back(i, *st);
  }
  if (stamps.empty()) {
    return make_error(file + ":1: not a WhatsApp export: no line starts with a date and time (\"1/22/23, 6:30 PM - \" or \"[1/22/23, 18:30:00] \")");
  }
  const auto order = decide_order(stamps, context, spanish_text);
  const bool thai = text::has_thai(head(text_all, 64 * 1024));

  // Pass 2: entries, with the lines that continue them.
  model::Conversation c;
  c.channel = model::Channel::social;
  c.format = "whatsapp";
  c.title = title_from_file_name(file);
  size_t next_stamp = 0;
  bool have_entry = false;
  bool warned_leading = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const int line_no = static_cast<int>(i + 1);
    const Stamp* st = nullptr;
    if (next_stamp < stamps.size() && stamps[next_stamp].first == i) {
      st = &stamps[next_stamp].second;
      ++next_stamp;
    }
    std::optional<timeutil::Date> date;
    if (st) {
      date = make_date(*st, order, thai);
      if (!date) {
        out.warnings.push_back(file + ":" + std::to_string(line_no) +
                               ": the date is not a calendar date; the line is kept as part of the previous message");
        st = nullptr;
      }
    }
    if (!st) {
      if (have_entry) {
        Entry& e = c.entries.back();
        e.text += '\n';
        e.text.append(line);
        if (!text::trim(line).empty()) {
          e.where.last_line = line_no;
        }
      } else if (!text::trim(line).empty() && !warned_leading) {
        out.warnings.push_back(file + ":" + std::to_string(line_no) +
                               ": text before the first dated line is skipped");
        warned_leading = true;
      }
      continue;
    }
    Entry e;
    e.time.date = *date;
    e.time.time = make_time(*st);
    e.where.first_line = line_no;
    e.where.last_line = line_no;
    const std::string_view rest = line.substr(st->rest);
    std::string_view name, message;
    if (split_name(rest, name, message)) {
      e.speaker = std::string(name);
      e.text = std::string(message);
    } else {
      e.kind = EntryKind::event;
      e.text = std::string(rest);
    }
    c.entries.push_back(std::move(e));
    have_entry = true;
  }

  // Classify: notices under a name are events; placeholders are media.
  std::string business_speaker;  // the account a business notice is written under (iOS)
  bool business_notice = false;
  std::vector<std::string> contacts;  // "X is a contact": the business's customers
  std::optional<model::Timestamp> opened;
  bool seen_message = false;
  std::map<std::string, std::string, std::less<>> folded_names;  // speaker → folded, computed once  // a chat platform's "Sistema:" line before any message
  for (auto& e : c.entries) {
    while (!e.text.empty() && (e.text.back() == '\n' || e.text.back() == ' ' || e.text.back() == '\t')) {
      e.text.pop_back();
    }
    // Notices are short: a long text is folded for none of the checks below.
    const std::string f = e.text.size() < 400 ? fold_head(e.text) : std::string();
    // WhatsApp's notices are short and open the line; someone quoting one mid-message is talking.
    const bool business = contains_any(f, business_notices()) && e.text.size() < 250;
    if (business) {
      business_notice = true;
      if (e.kind == EntryKind::message && business_speaker.empty()) {
        business_speaker = e.speaker;
      }
    }
    if (e.kind != EntryKind::message) {
      continue;
    }
    const bool encryption = starts_with_any(f, encryption_notices()) && e.text.size() < 400;
    auto cached = folded_names.find(e.speaker);
    if (cached == folded_names.end()) {
      cached = folded_names.emplace(e.speaker, text::fold_for_search(e.speaker)).first;
    }
    const std::string& who = cached->second;
    bool contact = false;
    if (e.text.size() < 200 && f.rfind(who, 0) == 0) {
      contact = contains_any(f, contact_notices());
    }
    const bool notice = e.text.size() < 300 && starts_with_any(f, named_notices());
    const bool system_speaker = who == "sistema" || who == "system" || who == "ระบบ";
    const bool unsent = e.text.size() < 300 && f.find("unsent a message") != std::string::npos;
    if (encryption || contact || business || notice || unsent || system_speaker || is_call(f)) {
      if (contact) {
        contacts.push_back(e.speaker);
      }
      if (system_speaker && !opened && !seen_message) {
        opened = e.time;
      }
      e.kind = EntryKind::event;
      e.speaker.clear();
      continue;
    }
    e.is_media = is_media(e.text);
    seen_message = true;
  }

  for (const auto& e : c.entries) {
    if (e.kind == EntryKind::message && !e.speaker.empty()) {
      c.participant(e.speaker);
    }
  }
  // Android writes "X is a contact." without a name before it.
  for (const auto& e : c.entries) {
    if (e.kind != EntryKind::event || e.text.size() > 200) {
      continue;
    }
    const std::string f = fold_head(e.text);
    if (!contains_any(f, contact_notices())) {
      continue;
    }
    for (const auto& p : c.participants) {
      const std::string who = text::fold_for_search(p.name);
      if (!who.empty() && f.rfind(who, 0) == 0 && f.size() > who.size() && f[who.size()] == ' ') {
        contacts.push_back(p.name);
      }
    }
  }
  // Roles the file itself shows. finish_conversation decides the rest ("You", --me, greetings).
  for (const auto& name : contacts) {
    if (auto* p = c.find_participant(name)) {
      p->role = model::Role::customer;
      p->role_reason = "WhatsApp Business notice \"is a contact\"";
    }
  }
  if (!business_speaker.empty()) {
    if (auto* p = c.find_participant(business_speaker)) {
      if (p->role == model::Role::unknown) {
        p->role = model::Role::agent;
        p->role_reason = "WhatsApp business-account notice under its name";
        c.company = business_speaker;
      }
    }
  } else if (business_notice && contacts.empty()) {
    // Android writes the notice without a name: the business is the participant that names
    // itself in its messages or carries a business word in its name.
    std::vector<std::pair<int, model::Participant*>> scored;
    for (auto& p : c.participants) {
      if (is_self_label(p.name) || p.role != model::Role::unknown) {
        continue;
      }
      bool is_me = false;
      if (context) {
        for (const auto& me : context->me) {
          is_me = is_me || text::fold_for_search(me) == text::fold_for_search(p.name);
        }
      }
      if (is_me) {
        continue;
      }
      int score = 0;
      const std::string self = name_head(p.name);
      if (!self.empty()) {
        int seen = 0;
        for (const auto& e : c.entries) {
          if (e.kind != EntryKind::message || e.speaker != p.name) {
            continue;
          }
          if (fold_head(e.text, 600).find(self) != std::string::npos) {
            score += 3;
            break;
          }
          if (++seen >= 20) {
            break;
          }
        }
      }
      if (has_business_word(p.name)) {
        score += 2;
      }
      scored.emplace_back(score, &p);
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    if (!scored.empty() && scored[0].first > 0 && (scored.size() == 1 || scored[1].first < scored[0].first)) {
      model::Participant& p = *scored[0].second;
      p.role = model::Role::agent;
      p.role_reason = "WhatsApp business-account notice; the participant that names itself as the business";
      c.company = p.name;
    }
  }

  // The start is the first message: WhatsApp's own notices come before the chat. A pasted chat
  // window's "Sistema: welcome…" line, though, is where that chat opened.
  c.started = opened;
  for (const auto& e : c.entries) {
    if (e.kind == EntryKind::message && e.time.complete()) {
      if (!c.started) {
        c.started = e.time;
      }
      c.ended = e.time;
    }
  }
  c.where.first_line = c.entries.empty() ? 1 : c.entries.front().where.first_line;
  c.where.last_line = c.entries.empty() ? 1 : c.entries.back().where.last_line;
  if (c.message_count() == 0) {
    out.warnings.push_back(file + ":1: only system notices, no messages");
  }
  out.conversations.push_back(std::move(c));
  return out;
}

}  // namespace inwriting::importers
