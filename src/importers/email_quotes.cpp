#include "email_quotes.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::importers {

namespace {

using DateOrder = model::ImportContext::DateOrder;

constexpr int k_max_levels = 50;             // deeper quotes stay in the 50th message's text
constexpr size_t k_attribution_lines = 3;    // clients wrap a long attribution over up to three lines
constexpr size_t k_attribution_bytes = 400;  // anything longer is someone's words, not an attribution
constexpr size_t k_block_lines = 12;         // From/Sent/To/Cc/Subject and a wrapped address list or two
constexpr size_t k_footer_lines = 60;        // a legal notice starts at most this many lines from the end
constexpr size_t k_signature_lines = 6;      // non-blank lines a signature has below its sign-off
constexpr size_t k_signature_width = 80;     // code points in a signature line; longer is a sentence

// Each line a view into the normalised body, with its quote markers of the levels above removed.
struct Line {
  std::string_view text;
  int number = 0;  // 1-based in the body
};

enum class Lang { unknown, en, es, th, fr, de };

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_space(char c) {
  return c == ' ' || c == '\t';
}
bool blank(std::string_view s) {
  return text::trim(s).empty();
}
bool is_quoted(std::string_view line) {
  return !line.empty() && line.front() == '>';
}

// Exactly one level: ">" and the one space a client writes after it.
std::string_view unquote(std::string_view line) {
  if (!is_quoted(line)) {
    return line;
  }
  line.remove_prefix(1);
  if (!line.empty() && line.front() == ' ') {
    line.remove_prefix(1);
  }
  return line;
}

bool ends_with_icase(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && text::starts_with_icase(s.substr(s.size() - suffix.size()), suffix);
}

size_t code_points(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::vector<std::string_view> split_words(std::string_view s, std::string_view separators = " \t") {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && separators.find(s[i]) != std::string_view::npos) {
      ++i;
    }
    size_t j = i;
    while (j < s.size() && separators.find(s[j]) == std::string_view::npos) {
      ++j;
    }
    if (j > i) {
      out.push_back(s.substr(i, j - i));
    }
    i = j;
  }
  return out;
}

std::string_view strip_chars(std::string_view s, std::string_view chars) {
  while (!s.empty() && chars.find(s.front()) != std::string_view::npos) {
    s.remove_prefix(1);
  }
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) {
    s.remove_suffix(1);
  }
  return s;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

int to_int(std::string_view digits) {
  int n = 0;
  for (char c : digits.substr(0, 6)) {
    n = n * 10 + (c - '0');
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------
// Dates and times

struct DateHints {
  DateOrder order = DateOrder::automatic;
  Lang lang = Lang::unknown;
  std::optional<timeutil::Date> not_after;  // the quoting message's date
};

// "11:02", "8:15PM", "19:42:07", "12:16h": hour, minute, second (-1 if none) and am/pm written on it.
bool parse_clock(std::string_view w, int& hour, int& minute, int& second, int& meridiem) {
  size_t i = 0;
  while (i < w.size() && i < 3 && is_digit(w[i])) {
    ++i;
  }
  if (i == 0 || i > 2 || i + 3 > w.size() || w[i] != ':' || !is_digit(w[i + 1]) || !is_digit(w[i + 2])) {
    return false;
  }
  hour = to_int(w.substr(0, i));
  minute = to_int(w.substr(i + 1, 2));
  second = -1;
  size_t rest = i + 3;
  if (rest + 3 <= w.size() && w[rest] == ':' && is_digit(w[rest + 1]) && is_digit(w[rest + 2])) {
    second = to_int(w.substr(rest + 1, 2));
    rest += 3;
  }
  const std::string tail = text::to_lower_ascii(w.substr(rest));
  meridiem = 0;
  if (tail == "pm" || tail == "p.m.") {
    meridiem = 2;
  } else if (tail == "am" || tail == "a.m.") {
    meridiem = 1;
  } else if (!tail.empty() && tail != "h" && tail != "hs" && tail != "hrs" && tail != "." && tail != "น.") {
    return false;
  }
  return true;
}

// "+0100", "-07:00", "GMT", "UTC+7", "GMT-0700", "PDT": the UTC offset in minutes.
std::optional<int> parse_zone(std::string_view w) {
  w = strip_chars(w, "()[],");
  const std::string l = text::to_lower_ascii(w);
  struct Abbreviation {
    const char* name;
    int minutes;
  };
  // Only abbreviations that name one offset; "IST", "BST" and the like name several.
  static constexpr Abbreviation abbreviations[] = {{"gmt", 0},    {"utc", 0},    {"z", 0},      {"est", -300},
                                                   {"edt", -240}, {"cst", -360}, {"cdt", -300}, {"mst", -420},
                                                   {"mdt", -360}, {"pst", -480}, {"pdt", -420}, {"cet", 60},
                                                   {"cest", 120}, {"wet", 0},    {"ict", 420}};
  std::string_view rest = l;
  for (const auto& a : abbreviations) {
    if (l == a.name) {
      return a.minutes;
    }
  }
  if (rest.starts_with("gmt") || rest.starts_with("utc")) {
    rest.remove_prefix(3);
  }
  if (rest.size() < 2 || (rest.front() != '+' && rest.front() != '-')) {
    return std::nullopt;
  }
  const int sign = rest.front() == '-' ? -1 : 1;
  rest.remove_prefix(1);
  std::string digits;
  for (char c : rest) {
    if (is_digit(c)) {
      digits.push_back(c);
    } else if (c != ':') {
      return std::nullopt;
    }
  }
  int hours = 0, minutes = 0;
  if (digits.size() <= 2 && !digits.empty()) {
    hours = to_int(digits);
  } else if (digits.size() == 4) {
    hours = to_int(std::string_view(digits).substr(0, 2));
    minutes = to_int(std::string_view(digits).substr(2, 2));
  } else {
    return std::nullopt;
  }
  if (hours > 14 || minutes > 59) {
    return std::nullopt;
  }
  return sign * (hours * 60 + minutes);
}

bool is_meridiem_word(std::string_view lower, bool& pm) {
  if (lower == "am" || lower == "a.m." || lower == "a.m") {
    pm = false;
    return true;
  }
  if (lower == "pm" || lower == "p.m." || lower == "p.m") {
    pm = true;
    return true;
  }
  return false;
}

bool day_first_language(Lang lang) {
  return lang == Lang::es || lang == Lang::th || lang == Lang::fr || lang == Lang::de;
}

// Numeric "d/m/y" whose two small parts could be either way round.
void resolve_numeric(int a, int b, int year, const DateHints& hints, int& month, int& day) {
  bool month_first;
  if (a > 12 && b <= 12) {
    month_first = false;
  } else if (b > 12 && a <= 12) {
    month_first = true;
  } else if (hints.order == DateOrder::mdy || hints.order == DateOrder::dmy) {
    month_first = hints.order == DateOrder::mdy;
  } else {
    month_first = !day_first_language(hints.lang);
    if (hints.not_after && a != b) {
      // A day of slack: the quoting message's date is in its own zone.
      const int64_t limit =
          timeutil::days_from_civil(hints.not_after->year, hints.not_after->month, hints.not_after->day) + 1;
      const int y = timeutil::normalize_year(year);
      const bool mdy_ok = timeutil::is_valid_date(y, a, b) && timeutil::days_from_civil(y, a, b) <= limit;
      const bool dmy_ok = timeutil::is_valid_date(y, b, a) && timeutil::days_from_civil(y, b, a) <= limit;
      if (mdy_ok != dmy_ok) {
        month_first = mdy_ok;
      }
    }
  }
  month = month_first ? a : b;
  day = month_first ? b : a;
}

std::optional<model::Timestamp> parse_date_time(std::string_view input, const DateHints& hints) {
  if (input.size() > 300) {
    return std::nullopt;  // no date is written that long
  }
  const std::string s = text::ascii_digits(input);
  const auto words = split_words(s, " \t,");
  int year = 0, month = 0, day = 0;
  int hour = -1, minute = -1, second = -1, meridiem = 0;
  size_t time_word = 0;
  std::optional<int> zone;
  bool numeric = false;
  std::vector<int> months;  // month names in order; "mar" (martes or marzo) marked negative
  std::vector<int> numbers;
  const bool thai = hints.lang == Lang::th || text::has_thai(s);
  for (size_t i = 0; i < words.size(); ++i) {
    std::string_view w = strip_chars(words[i], "()");
    if (w.empty()) {
      continue;
    }
    const std::string lower = text::to_lower_ascii(w);
    if (hour < 0) {
      int h = 0, m = 0, sec = -1, mer = 0;
      if (parse_clock(w, h, m, sec, mer)) {
        hour = h, minute = m, second = sec, meridiem = mer, time_word = i;
        continue;
      }
    } else if (i > time_word) {
      // After the time: "PM", "p. m.", a zone.
      bool pm = false;
      if (meridiem == 0 && is_meridiem_word(lower, pm)) {
        meridiem = pm ? 2 : 1;
        continue;
      }
      if (meridiem == 0 && (lower == "a." || lower == "p.") && i + 1 < words.size() &&
          text::to_lower_ascii(words[i + 1]).starts_with("m")) {
        meridiem = lower == "p." ? 2 : 1;
        ++i;
        continue;
      }
      if (!zone) {
        if (auto z = parse_zone(w)) {
          zone = z;
          continue;
        }
      }
    }
    // 3/9/26, 09.03.2026, 2026-03-09
    const size_t slashes = static_cast<size_t>(std::count(w.begin(), w.end(), '/'));
    const size_t dashes = static_cast<size_t>(std::count(w.begin(), w.end(), '-'));
    const size_t dots = static_cast<size_t>(std::count(w.begin(), w.end(), '.'));
    if (!numeric && (slashes == 2 || dashes == 2 || dots == 2 || (dots == 3 && w.back() == '.')) &&
        is_digit(w.front())) {
      const char sep = slashes == 2 ? '/' : dashes == 2 ? '-' : '.';
      const auto parts = split_words(w, std::string_view(&sep, 1));
      if (parts.size() == 3 && std::all_of(parts.begin(), parts.end(), [](std::string_view p) {
            return all_digits(p) && p.size() <= 4;
          })) {
        const int a = to_int(parts[0]), b = to_int(parts[1]), c = to_int(parts[2]);
        if (parts[0].size() == 4) {
          year = a, month = b, day = c;
        } else if (parts[2].size() == 4 || parts[2].size() == 2) {
          year = c;
          resolve_numeric(a, b, c, hints, month, day);
        }
        numeric = year != 0;
        continue;
      }
    }
    std::string_view word = w;
    while (!word.empty() && (word.back() == ',' || word.back() == ';')) {
      word.remove_suffix(1);
    }
    if (const int m = timeutil::month_from_name(word); m > 0) {
      months.push_back(text::to_lower_ascii(word) == "mar" ? -m : m);
      continue;
    }
    // "9th", "1st", "9." (German), otherwise digits only.
    std::string_view digits = word;
    for (const char* suffix : {"st", "nd", "rd", "th", "."}) {
      if (digits.size() > std::string_view(suffix).size() && ends_with_icase(digits, suffix)) {
        digits.remove_suffix(std::string_view(suffix).size());
        break;
      }
    }
    if (all_digits(digits)) {
      if (digits.size() == 4 && year == 0) {
        year = to_int(digits);
      } else if (digits.size() <= 2) {
        numbers.push_back(to_int(digits));
      }
    }
  }
  if (!numeric) {
    // Of two month names ("mar, 3 feb 2026"), the one that cannot be a weekday.
    for (int m : months) {
      if (m > 0) {
        month = m;
        break;
      }
    }
    if (month == 0 && !months.empty()) {
      month = -months.front();
    }
    if (month == 0 || numbers.empty()) {
      return std::nullopt;
    }
    day = numbers.front();
    if (year == 0) {
      if (numbers.size() < 2) {
        return std::nullopt;
      }
      year = numbers[1];
    }
  }
  year = timeutil::normalize_year(year, thai);
  if (!timeutil::is_valid_date(year, month, day)) {
    return std::nullopt;
  }
  model::Timestamp t;
  t.date = timeutil::Date{year, month, day};
  if (hour >= 0) {
    bool ok = minute >= 0 && minute < 60 && second < 60;
    if (meridiem != 0) {
      ok = ok && hour >= 1 && hour <= 12;
      hour = hour % 12 + (meridiem == 2 ? 12 : 0);
    }
    if (ok && hour < 24) {
      timeutil::TimeOfDay tod;
      tod.hour = hour;
      tod.minute = minute;
      tod.second = second >= 0 ? second : 0;
      tod.has_seconds = second >= 0;
      t.time = tod;
      t.offset_minutes = zone;
    }
  }
  return t;
}

// ---------------------------------------------------------------------------------------------------
// Names and signatures

bool is_particle(std::string_view lower) {
  static constexpr std::string_view particles[] = {"de",  "del", "la",  "las", "los", "da",
                                                   "do",  "dos", "das", "van", "von", "der",
                                                   "den", "y",   "e",   "di",  "du"};
  return std::find(std::begin(particles), std::end(particles), lower) != std::end(particles);
}

// Words that make a line a department, a company or something other than a person.
bool is_not_a_name_word(std::string_view folded) {
  static constexpr std::string_view words[] = {
      "support", "team",       "customer",     "customers", "service",     "services",     "care",
      "help",    "helpdesk",   "desk",         "billing",   "department",  "dept",         "sales",
      "office",  "operations", "admin",        "info",      "accounts",    "noreply",      "no-reply",
      "company", "group",      "inc",          "ltd",       "llc",         "corp",         "co",
      "gmbh",    "s.l",        "s.a",          "sl",        "sa",          "plc",          "srl",
      "s.l.u",   "s.a.s",      "departamento", "atencion",  "cliente",     "clientes",     "soporte",
      "equipo",  "servicio",   "servicios",    "ventas",    "oficina",     "facturacion",  "ayuda",
      "grupo",   "compania",   "thanks",       "thank",     "regards",     "hi",           "hello",
      "dear",    "hola",       "gracias",      "saludos",   "estimado",    "estimada",     "sent",
      "enviado", "best",       "cheers",       "sincerely", "atentamente", "cordialmente", "kind",
      "warm",    "un"};
  return std::find(std::begin(words), std::end(words), folded) != std::end(words);
}

bool is_letter_start(std::string_view word) {
  size_t pos = 0;
  const char32_t cp = text::next_code_point(word, pos);
  if (cp >= 'A' && cp <= 'Z') {
    return true;
  }
  // Non-ASCII letters (Latin with accents, Thai, …), not dashes, bullets or CJK punctuation.
  return cp >= 0xC0 && cp != 0xD7 && cp != 0xF7 && !(cp >= 0x2000 && cp <= 0x2BFF) &&
         !(cp >= 0x3000 && cp <= 0x303F) && cp != 0xFFFD;
}

// "— Owen" → "Owen", "สมใจ (ฝ่ายบริการลูกค้า)" → "สมใจ", "Owen | Tunely Support" → "Owen".
std::string_view name_candidate(std::string_view line) {
  std::string_view t = text::trim(line);
  if (const size_t bar = t.find('|'); bar != std::string_view::npos && bar > 0) {
    t = text::trim(t.substr(0, bar));
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (std::string_view dash : {"-", "~", "\u2014", "\u2013"}) {
      if (t.starts_with(dash)) {
        t = text::trim(t.substr(dash.size()));
        changed = true;
      }
    }
  }
  if (t.ends_with(')')) {
    if (const size_t open = t.rfind('('); open != std::string_view::npos && open > 0) {
      t = text::trim(t.substr(0, open));
    }
  }
  return strip_chars(t, " ,;");
}

bool looks_like_person(std::string_view line) {
  const std::string_view t = name_candidate(line);
  if (t.empty() || t.size() > 200 || code_points(t) > 50) {
    return false;
  }
  if (t.find_first_of("0123456789@:/#|+=*_<>[]{}\"!?") != std::string_view::npos ||
      text::contains_icase(t, "http") || text::contains_icase(t, "www.")) {
    return false;
  }
  for (std::string_view desk : {"ฝ่าย", "ทีม", "บริการ", "ลูกค้า", "แผนก", "บริษัท", "จำกัด", "ศูนย์", "ขอบคุณ"}) {
    if (t.find(desk) != std::string_view::npos) {
      return false;
    }
  }
  // One to four names, with "de la", "van" and the like between them.
  const auto words = split_words(t);
  if (words.empty() || words.size() > 7) {
    return false;
  }
  size_t names = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string folded = text::fold_for_search(strip_chars(words[i], ".,;"));
    if (is_not_a_name_word(folded)) {
      return false;
    }
    if (i > 0 && i + 1 < words.size() && is_particle(folded)) {
      continue;
    }
    if (!is_letter_start(words[i]) || ++names > 4) {
      return false;
    }
  }
  return true;
}

// The sign-off a line is, with the name written after it on the same line ("Thanks, Ravi").
bool is_sign_off(std::string_view line, std::string* name_on_line) {
  static constexpr std::string_view sign_offs[] = {"best",
                                                   "best regards",
                                                   "kind regards",
                                                   "regards",
                                                   "warm regards",
                                                   "warmest regards",
                                                   "with regards",
                                                   "best wishes",
                                                   "all the best",
                                                   "thanks",
                                                   "thank you",
                                                   "thanks again",
                                                   "thanks in advance",
                                                   "many thanks",
                                                   "thanks so much",
                                                   "thank you very much",
                                                   "cheers",
                                                   "sincerely",
                                                   "yours sincerely",
                                                   "sincerely yours",
                                                   "yours truly",
                                                   "yours faithfully",
                                                   "respectfully",
                                                   "take care",
                                                   "talk soon",
                                                   "thx",
                                                   "atentamente",
                                                   "atte",
                                                   "saludos",
                                                   "un saludo",
                                                   "saludos cordiales",
                                                   "un cordial saludo",
                                                   "reciba un cordial saludo",
                                                   "cordialmente",
                                                   "gracias",
                                                   "muchas gracias",
                                                   "mil gracias",
                                                   "un abrazo",
                                                   "quedo atento",
                                                   "quedo atenta",
                                                   "quedamos a su disposición",
                                                   "ขอบคุณ",
                                                   "ขอบคุณค่ะ",
                                                   "ขอบคุณครับ",
                                                   "ขอบคุณมาก",
                                                   "ขอบคุณมากค่ะ",
                                                   "ขอบคุณมากครับ",
                                                   "ขอแสดงความนับถือ",
                                                   "ด้วยความเคารพ",
                                                   "ด้วยความนับถือ",
                                                   "mit freundlichen grüßen",
                                                   "viele grüße",
                                                   "cordialement",
                                                   "bien à vous",
                                                   "merci"};
  const std::string_view t = text::trim(line);
  if (t.empty() || t.size() > 120) {
    return false;
  }
  // Lowercasing keeps every byte where it was, so offsets into `lower` are offsets into `t`.
  const std::string lower = text::to_lower_ascii(t);
  std::string_view l = lower;
  while (!l.empty() && std::string_view(" ,.!:;").find(l.back()) != std::string_view::npos) {
    l.remove_suffix(1);
  }
  for (std::string_view s : sign_offs) {
    if (l == s) {
      return true;
    }
    // "Thanks, Ravi", "Saludos - Carmen"
    if (l.size() > s.size() + 1 && l.starts_with(s) && (l[s.size()] == ',' || l[s.size()] == ' ')) {
      const std::string_view rest = strip_chars(t.substr(s.size()), " ,-.!");
      if (looks_like_person(rest)) {
        if (name_on_line) {
          *name_on_line = std::string(name_candidate(rest));
        }
        return true;
      }
    }
  }
  return false;
}

bool is_legal_notice(std::string_view line) {
  static constexpr std::string_view starts[] = {"AVISO LEGAL",
                                                "AVISO DE CONFIDENCIALIDAD",
                                                "CONFIDENCIALIDAD:",
                                                "CONFIDENTIALITY NOTICE",
                                                "CONFIDENTIALITY:",
                                                "CONFIDENTIAL:",
                                                "DISCLAIMER",
                                                "LEGAL NOTICE",
                                                "IMPORTANT NOTICE:",
                                                "This email and any",
                                                "This e-mail and any",
                                                "This message and any",
                                                "This email is confidential",
                                                "This e-mail is confidential",
                                                "This message is confidential",
                                                "This email message is for the sole use",
                                                "This message contains confidential",
                                                "The information contained in this",
                                                "The information in this e",
                                                "Este mensaje y sus",
                                                "Este mensaje va dirigido",
                                                "Este mensaje es confidencial",
                                                "Este correo y sus",
                                                "Este correo electrónico y",
                                                "Este correo electrónico es confidencial",
                                                "La información contenida en este",
                                                "Please consider the environment before printing",
                                                "Antes de imprimir",
                                                "ข้อความนี้เป็นความลับ",
                                                "อีเมลฉบับนี้"};
  const std::string_view t = text::trim(line);
  return std::any_of(std::begin(starts), std::end(starts),
                     [&](std::string_view s) { return text::starts_with_icase(t, s); });
}

// Phone clients' lines below the words: the end of what the person wrote.
bool is_client_tagline(std::string_view line) {
  const std::string_view t = text::trim(line);
  return t.size() < 100 &&
         (text::starts_with_icase(t, "Sent from my ") || text::starts_with_icase(t, "Sent from Outlook") ||
          text::starts_with_icase(t, "Get Outlook for ") || text::starts_with_icase(t, "Enviado desde mi ") ||
          text::starts_with_icase(t, "Enviado desde Outlook") ||
          text::starts_with_icase(t, "Obtener Outlook para ") || t.starts_with("ส่งจาก"));
}

bool is_rule(std::string_view line) {
  const std::string_view t = text::trim(line);
  return t.size() >= 8 &&
         std::all_of(t.begin(), t.end(), [](char c) { return c == '_' || c == '-' || c == '='; });
}

// A line a signature has: short, and not a sentence.
bool signature_like(std::string_view line) {
  const std::string_view t = text::trim(line);
  if (t.empty()) {
    return true;
  }
  if (code_points(t) > k_signature_width || t.back() == '?') {
    return false;
  }
  return !((t.back() == '.' || t.back() == '!') && split_words(t).size() >= 6);
}

struct TextLine {
  size_t offset;
  std::string_view text;
};

std::vector<TextLine> text_lines(std::string_view text) {
  std::vector<TextLine> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    lines.push_back({pos, text.substr(pos, end - pos)});
    pos = end + 1;
  }
  return lines;
}

// The first person-like line below line `i` (before `limit`), skipping blank and decorative lines.
std::string name_below(const std::vector<TextLine>& lines, size_t i, size_t limit) {
  for (size_t j = i + 1; j < limit; ++j) {
    const std::string_view t = text::trim(lines[j].text);
    if (t.empty() || std::none_of(t.begin(), t.end(), [](char c) {
          return static_cast<unsigned char>(c) >= 0x80 || std::isalnum(static_cast<unsigned char>(c));
        })) {
      continue;
    }
    return looks_like_person(t) ? std::string(name_candidate(t)) : std::string();
  }
  return {};
}

// "Ravi" or "Carmen Navarro" alone on the last lines of a message whose author is named so.
size_t bare_name_signature(std::string_view text, std::string_view author, std::string* name_out) {
  const std::vector<std::string> author_words = [&] {
    std::vector<std::string> out;
    for (auto w : split_words(author)) {
      out.push_back(text::fold_for_search(w));
    }
    return out;
  }();
  if (author_words.empty() || author.find('@') != std::string_view::npos) {
    return std::string::npos;
  }
  const auto lines = text_lines(text);
  size_t found = std::string::npos;
  size_t seen = 0;
  for (size_t i = lines.size(); i-- > 1 && seen < 4;) {
    const std::string_view t = text::trim(lines[i].text);
    if (t.empty()) {
      continue;
    }
    ++seen;
    if (!signature_like(t)) {
      break;
    }
    if (!looks_like_person(t)) {
      continue;
    }
    const auto words = split_words(name_candidate(t));
    bool match = words.size() <= author_words.size();
    for (size_t k = 0; match && k < words.size(); ++k) {
      match = text::fold_for_search(words[k]) == author_words[k];
    }
    if (match) {
      found = i;
    }
  }
  if (found == std::string::npos) {
    return found;
  }
  if (name_out) {
    *name_out = std::string(name_candidate(lines[found].text));
  }
  return lines[found].offset;
}

// ---------------------------------------------------------------------------------------------------
// Attributions and header blocks

struct LangWord {
  std::string_view word;
  Lang lang;
};

constexpr LangWord k_openers[] = {
    {"On ", Lang::en}, {"El ", Lang::es}, {"เมื่อ", Lang::th}, {"Le ", Lang::fr}, {"Am ", Lang::de}};
constexpr LangWord k_closers[] = {{"wrote:", Lang::en},  {"escribió:", Lang::es}, {"escribio:", Lang::es},
                                  {"เขียนว่า:", Lang::th}, {"a écrit :", Lang::fr}, {"a écrit:", Lang::fr},
                                  {"schrieb:", Lang::de}};

Lang opener_of(std::string_view line) {
  for (const auto& o : k_openers) {
    if (text::starts_with_icase(line, o.word)) {
      return o.lang;
    }
  }
  return Lang::unknown;
}

const LangWord* closer_of(std::string_view joined) {
  for (const auto& c : k_closers) {
    if (ends_with_icase(joined, c.word)) {
      return &c;
    }
  }
  return nullptr;
}

// "Ravi Menon <ravi@x>", "Luz Clara (<clientes@x>)", "\"Ana\" [mailto:ana@x]", "ana@x" → name, address.
void split_name_address(std::string_view s, std::string& name, std::string& address) {
  std::string rest;
  const size_t open = s.rfind('<');
  const size_t close = open == std::string_view::npos ? std::string_view::npos : s.find('>', open);
  const size_t mailto = text::to_lower_ascii(s).find("[mailto:");
  if (open != std::string_view::npos && close != std::string_view::npos) {
    address = std::string(s.substr(open + 1, close - open - 1));
    rest = std::string(s.substr(0, open)) + std::string(s.substr(close + 1));
  } else if (mailto != std::string::npos && s.find(']', mailto) != std::string_view::npos) {
    const size_t end = s.find(']', mailto);
    address = std::string(s.substr(mailto + 8, end - mailto - 8));
    rest = std::string(s.substr(0, mailto)) + std::string(s.substr(end + 1));
  } else {
    rest = std::string(s);
    for (auto w : split_words(s)) {
      const std::string_view bare = strip_chars(w, "()<>[],;:\"'");
      if (bare.find('@') != std::string_view::npos && bare.find('.') != std::string_view::npos) {
        address = std::string(bare);
        const size_t at = rest.find(w);
        rest.erase(at, w.size());
        break;
      }
    }
  }
  if (text::starts_with_icase(address, "mailto:")) {
    address.erase(0, 7);
  }
  // A wrapped attribution may have split the address; addresses have no spaces.
  address.erase(std::remove_if(address.begin(), address.end(), [](char c) { return is_space(c); }),
                address.end());
  for (size_t at; (at = rest.find("()")) != std::string::npos;) {
    rest.erase(at, 2);
  }
  name = std::string(strip_chars(text::trim(rest), " \t,;:\"'()[]<>*"));
  if (address.empty() && name.find('@') != std::string::npos && name.find(' ') == std::string::npos) {
    address = name;
    name.clear();
  }
  if (!address.empty() && text::to_lower_ascii(name) == text::to_lower_ascii(address)) {
    name.clear();
  }
}

struct History {
  enum class Type { none, attribution, block } type = Type::none;
  size_t start = 0;    // its first line (a rule or banner above a block included)
  size_t content = 0;  // the first line of what it introduces
  std::string name, address, date_text, subject;
  Lang lang = Lang::unknown;
  bool forward = false;
};

// Where the time of an attribution ends: "… 8:15 PM| Ravi Menon", "… a las 12:16|, Luz Clara".
size_t attribution_time_end(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!is_digit(s[i]) || (i > 0 && (is_digit(s[i - 1]) || s[i - 1] == ':'))) {
      continue;
    }
    size_t j = i;
    while (j < s.size() && is_digit(s[j]) && j - i < 3) {
      ++j;
    }
    if (j - i > 2 || j + 2 >= s.size() || s[j] != ':' || !is_digit(s[j + 1]) || !is_digit(s[j + 2])) {
      continue;
    }
    size_t end = j + 3;
    if (end + 2 < s.size() && s[end] == ':' && is_digit(s[end + 1]) && is_digit(s[end + 2])) {
      end += 3;
    }
    if (end < s.size() && is_digit(s[end])) {
      continue;
    }
    // AM/PM and a zone after it, each a word of its own.
    auto next_word = [&](size_t from, size_t& word_end) {
      size_t b = from;
      while (b < s.size() && is_space(s[b])) {
        ++b;
      }
      word_end = b;
      while (word_end < s.size() && !is_space(s[word_end]) && s[word_end] != ',') {
        ++word_end;
      }
      return s.substr(b, word_end - b);
    };
    size_t word_end = end;
    std::string lower = text::to_lower_ascii(next_word(end, word_end));
    bool pm = false;
    if (lower == "a." || lower == "p.") {
      size_t second_end = word_end;
      const std::string m = text::to_lower_ascii(next_word(word_end, second_end));
      if (m == "m." || m == "m") {
        end = second_end;
      }
    } else if (is_meridiem_word(lower, pm) || lower == "น." || lower == "uhr" || lower == "h") {
      end = word_end;
    }
    if (parse_zone(next_word(end, word_end))) {
      end = word_end;
    }
    return end;
  }
  return std::string_view::npos;
}

bool pronoun_like(std::string_view name) {
  const std::string l = text::to_lower_ascii(name);
  for (std::string_view w : split_words(l)) {
    for (std::string_view p :
         {"i",    "you", "we",    "they",    "he", "she", "it", "as",   "your", "my", "our", "this",
          "that", "who", "usted", "ustedes", "yo", "tú",  "tu", "como", "ya",   "me", "le"}) {
      if (w == p) {
        return true;
      }
    }
  }
  return false;
}

// The person and the date of a joined attribution ("On Mon, Mar 23, 2026 at 8:15 PM Ravi Menon <r@x>
// wrote:").
void read_attribution(std::string_view joined, Lang opener, const LangWord& closer, History& h) {
  std::string s = text::ascii_digits(joined);
  std::string_view v = s;
  v.remove_suffix(closer.word.size());
  if (opener != Lang::unknown) {
    for (const auto& o : k_openers) {
      if (o.lang == opener && text::starts_with_icase(v, o.word)) {
        v.remove_prefix(o.word.size());
        break;
      }
    }
  }
  v = text::trim(v);
  h.lang = opener != Lang::unknown ? opener : closer.lang;
  std::string_view date, person;
  if (const size_t end = attribution_time_end(v); end != std::string_view::npos) {
    date = v.substr(0, end);
    person = v.substr(end);
  } else {
    // No time ("On 3/9/26, Ravi wrote:"): the leading date words, up to the year.
    size_t used = 0;
    bool year_seen = false;
    for (auto w : split_words(v, " \t")) {
      const std::string_view bare = strip_chars(w, ",.");
      const bool has_digit = std::any_of(bare.begin(), bare.end(), is_digit);
      const bool dateish = has_digit || timeutil::month_from_name(bare) > 0 ||
                           timeutil::weekday_from_name(bare) >= 0 || text::to_lower_ascii(bare) == "mar";
      const bool connector = bare == "de" || bare == "at" || bare == "a";
      if (year_seen || (!dateish && !connector)) {
        break;
      }
      year_seen = has_digit && (bare.size() == 4 || std::count(bare.begin(), bare.end(), '/') == 2 ||
                                std::count(bare.begin(), bare.end(), '.') == 2 ||
                                std::count(bare.begin(), bare.end(), '-') == 2);
      used = static_cast<size_t>(w.data() - v.data()) + w.size();
    }
    date = v.substr(0, used);
    person = v.substr(used);
    // A date that is no date ("On someday, Ana wrote:"): the person follows its comma.
    if (used == 0 && opener != Lang::unknown) {
      const size_t comma = person.find(',');
      if (comma != std::string_view::npos && comma < person.find('<')) {
        person = person.substr(comma + 1);
      }
    }
  }
  person = text::trim(person);
  while (!person.empty() && (person.front() == ',' || is_space(person.front()))) {
    person.remove_prefix(1);
  }
  split_name_address(person, h.name, h.address);
  h.date_text = std::string(date);
}

// An attribution starting at line i, its quote following: the line after its last line in `content`.
bool find_attribution(const std::vector<Line>& lines, size_t i, History& h) {
  const std::string_view first = text::trim(lines[i].text);
  if (first.empty() || first.size() > k_attribution_bytes) {
    return false;
  }
  const Lang opener = opener_of(first);
  // Without "On"/"El", only "Ravi Menon <ravi@x> wrote:" on a paragraph of its own.
  if (opener == Lang::unknown && i > 0 && !blank(lines[i - 1].text)) {
    return false;
  }
  const size_t max_lines = opener == Lang::unknown ? 2 : k_attribution_lines;
  std::string joined;
  for (size_t j = i; j < lines.size() && j < i + max_lines; ++j) {
    const std::string_view t = text::trim(lines[j].text);
    if (j > i && (t.empty() || is_quoted(t))) {
      return false;
    }
    if (joined.size() + t.size() > k_attribution_bytes) {
      return false;
    }
    // Inside an address that was wrapped, the break was no space.
    const bool in_address =
        std::count(joined.begin(), joined.end(), '<') > std::count(joined.begin(), joined.end(), '>');
    if (!joined.empty() && !in_address) {
      joined.push_back(' ');
    }
    joined += t;
    const LangWord* closer = closer_of(joined);
    if (!closer) {
      continue;
    }
    size_t k = j + 1;
    while (k < lines.size() && blank(lines[k].text)) {
      ++k;
    }
    if (k >= lines.size() || !is_quoted(lines[k].text)) {
      return false;
    }
    History found;
    read_attribution(joined, opener, *closer, found);
    // "On Monday you wrote:", "As I wrote:": someone's words quoting, not an attribution.
    if (found.address.empty() && (found.name.empty() || pronoun_like(found.name) ||
                                  (opener == Lang::unknown && !looks_like_person(found.name)))) {
      return false;
    }
    found.type = History::Type::attribution;
    found.start = i;
    found.content = j + 1;
    h = std::move(found);
    return true;
  }
  return false;
}

enum class Field { from, date, subject, to, other };

struct FieldName {
  std::string_view name;
  Field field;
  Lang lang;
};

constexpr FieldName k_fields[] = {{"From", Field::from, Lang::en},
                                  {"De", Field::from, Lang::es},
                                  {"Von", Field::from, Lang::de},
                                  {"จาก", Field::from, Lang::th},
                                  {"Sent", Field::date, Lang::en},
                                  {"Date", Field::date, Lang::unknown},
                                  {"Enviado el", Field::date, Lang::es},
                                  {"Enviado", Field::date, Lang::es},
                                  {"Fecha", Field::date, Lang::es},
                                  {"Gesendet", Field::date, Lang::de},
                                  {"Datum", Field::date, Lang::de},
                                  {"วันที่", Field::date, Lang::th},
                                  {"ส่ง", Field::date, Lang::th},
                                  {"Subject", Field::subject, Lang::en},
                                  {"Asunto", Field::subject, Lang::es},
                                  {"Betreff", Field::subject, Lang::de},
                                  {"เรื่อง", Field::subject, Lang::th},
                                  {"To", Field::to, Lang::en},
                                  {"Cc", Field::to, Lang::unknown},
                                  {"Bcc", Field::to, Lang::en},
                                  {"CCO", Field::to, Lang::es},
                                  {"Para", Field::to, Lang::es},
                                  {"An", Field::to, Lang::de},
                                  {"ถึง", Field::to, Lang::th},
                                  {"สำเนาถึง", Field::to, Lang::th},
                                  {"สำเนา", Field::to, Lang::th},
                                  {"Reply-To", Field::to, Lang::en},
                                  {"Responder a", Field::to, Lang::es},
                                  {"Importance", Field::other, Lang::en},
                                  {"Importancia", Field::other, Lang::es},
                                  {"Priority", Field::other, Lang::en},
                                  {"Attachments", Field::other, Lang::en}};

// "From: …", "*From:* …" (bold, from HTML), "De : …": the field and its value.
const FieldName* header_field(std::string_view line, std::string_view& value) {
  std::string_view t = text::trim(line);
  if (t.size() > 2000) {
    return nullptr;
  }
  if (t.starts_with('*')) {
    t.remove_prefix(1);
  }
  for (const auto& f : k_fields) {
    if (!text::starts_with_icase(t, f.name)) {
      continue;
    }
    std::string_view rest = t.substr(f.name.size());
    if (rest.starts_with('*')) {
      rest.remove_prefix(1);
    }
    while (!rest.empty() && is_space(rest.front())) {
      rest.remove_prefix(1);
    }
    if (!rest.starts_with(':')) {
      continue;
    }
    rest.remove_prefix(1);
    value = strip_chars(text::trim(rest), "* ");
    return &f;
  }
  return nullptr;
}

bool is_banner(std::string_view line) {
  const std::string_view t = text::trim(line);
  if (t.size() > 100 || t.size() < 8 ||
      !(t.front() == '-' || t.front() == '_' || t.back() == ':' || t.back() == '-')) {
    return false;
  }
  const std::string l = text::to_lower_ascii(t);
  for (std::string_view b : {"original message", "mensaje original", "forwarded message", "mensaje reenviado",
                             "begin forwarded message", "inicio del mensaje reenviado", "ข้อความที่ส่งต่อ",
                             "ข้อความต้นฉบับ", "ursprüngliche nachricht", "weitergeleitete nachricht",
                             "message d'origine", "message transféré", "mensaje enviado"}) {
    if (l.find(b) != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool is_forward_banner(std::string_view line) {
  const std::string l = text::to_lower_ascii(line);
  return l.find("forward") != std::string::npos || l.find("reenviado") != std::string::npos ||
         l.find("ส่งต่อ") != std::string::npos || l.find("weitergeleitet") != std::string::npos ||
         l.find("transféré") != std::string::npos;
}

// An Outlook or forward header block at line i: a rule or banner (optional), then From/Sent/To/Subject.
bool find_block(const std::vector<Line>& lines, size_t i, History& h) {
  const std::string_view t = text::trim(lines[i].text);
  const bool banner = is_rule(t) || is_banner(t);
  size_t f = i;
  if (banner) {
    f = i + 1;
    for (int skipped = 0; f < lines.size() && blank(lines[f].text) && skipped < 3; ++skipped) {
      ++f;
    }
  }
  if (f >= lines.size()) {
    return false;
  }
  std::string_view value;
  const FieldName* first = header_field(lines[f].text, value);
  if (!first || (!banner && first->field != Field::from)) {
    return false;
  }
  History found;
  bool have_from = false, have_date = false;
  Field last = Field::other;
  int spanish = 0, english = 0;
  size_t k = f;
  for (; k < lines.size() && k < f + k_block_lines; ++k) {
    const std::string_view l = lines[k].text;
    if (blank(l) || is_quoted(l)) {
      break;
    }
    if (const FieldName* field = header_field(l, value)) {
      last = field->field;
      spanish += field->lang == Lang::es ? 1 : 0;
      english += field->lang == Lang::en ? 1 : 0;
      if (field->field == Field::from && !have_from) {
        have_from = true;
        split_name_address(value, found.name, found.address);
      } else if (field->field == Field::date && !have_date) {
        have_date = true;
        found.date_text = std::string(value);
      } else if (field->field == Field::subject && found.subject.empty()) {
        found.subject = std::string(value);
      }
      continue;
    }
    // A To:/Cc: list wrapped onto the next line.
    const bool continuation =
        last == Field::to && (l.find('@') != std::string_view::npos || l.find(';') != std::string_view::npos);
    if (!continuation) {
      break;
    }
  }
  if (!have_from || (!banner && !have_date)) {
    return false;
  }
  found.type = History::Type::block;
  found.start = i;
  found.content = k;
  found.forward = banner && is_forward_banner(t);
  found.lang = spanish > english ? Lang::es : english > 0 ? Lang::en : Lang::unknown;
  if (found.lang == Lang::unknown && text::has_thai(found.date_text)) {
    found.lang = Lang::th;
  }
  h = std::move(found);
  return true;
}

History find_history(const std::vector<Line>& lines) {
  History h;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (is_quoted(lines[i].text) || blank(lines[i].text)) {
      continue;
    }
    if (find_attribution(lines, i, h) || find_block(lines, i, h)) {
      return h;
    }
  }
  return h;
}

// ---------------------------------------------------------------------------------------------------
// Assembling the messages

void append_line(std::string& out, std::string_view line) {
  if (!out.empty()) {
    out.push_back('\n');
  }
  out += line;
}

// Lines [from, to) as text, leading and trailing blank lines dropped; their first and last line numbers.
std::string join(const std::vector<Line>& lines, size_t from, size_t to, int* first_line, int* last_line) {
  while (from < to && blank(lines[from].text)) {
    ++from;
  }
  while (to > from && blank(lines[to - 1].text)) {
    --to;
  }
  std::string out;
  for (size_t i = from; i < to; ++i) {
    append_line(out, lines[i].text);
  }
  if (from < to) {
    if (first_line) {
      *first_line = lines[from].number;
    }
    if (last_line) {
      *last_line = lines[to - 1].number;
    }
  }
  return out;
}

// Appends lines [from, to) to the message's own words, a blank line between.
void add_words(QuotedMessage& m, const std::vector<Line>& lines, size_t from, size_t to) {
  int first = 0, last = 0;
  const std::string words = join(lines, from, to, &first, &last);
  if (words.empty()) {
    return;
  }
  if (m.text.empty()) {
    m.text = words;
    m.first_line = first;
  } else {
    m.text += "\n\n" + words;
  }
  m.last_line = std::max(m.last_line, last);
}

void mark_signature(QuotedMessage& m, std::string_view author) {
  std::string name;
  m.signature_at = find_signature(m.text, &name);
  if (m.signature_at == std::string::npos && !author.empty()) {
    m.signature_at = bare_name_signature(m.text, author, &name);
  }
  m.signature_name = name;
}

// Words below the quoted chain that the quoting client appended (a legal notice): the owner's footer.
// Its lines stay out of the message's span, which would otherwise cover the whole quoted chain.
void append_footer(QuotedMessage& m, std::string_view footer) {
  if (footer.empty()) {
    return;
  }
  size_t at = 0;
  if (m.text.empty()) {
    m.text = std::string(footer);
  } else {
    m.text += "\n\n";
    at = m.text.size();
    m.text += footer;
  }
  m.signature_at = std::min(m.signature_at, at);
  if (m.signature_name.empty()) {
    std::string name;
    find_signature(footer, &name);
    m.signature_name = name;
  }
}

}  // namespace

std::optional<model::Timestamp> parse_loose_date_time(std::string_view text, bool month_first) {
  DateHints hints;
  hints.order = month_first ? DateOrder::mdy : DateOrder::dmy;
  return parse_date_time(text, hints);
}

size_t find_signature(std::string_view text, std::string* name_out) {
  if (name_out) {
    name_out->clear();
  }
  const auto lines = text_lines(text);
  const size_t n = lines.size();
  // A legal notice or a phone client's tagline near the end: the footer.
  size_t limit = n;
  for (size_t i = n > k_footer_lines ? n - k_footer_lines : 1; i < n; ++i) {
    if (is_legal_notice(lines[i].text) || (n - i <= 6 && is_client_tagline(lines[i].text))) {
      limit = i;
      // A rule drawn above the notice belongs to it.
      for (size_t j = i; j-- > 1;) {
        if (blank(lines[j].text)) {
          continue;
        }
        if (is_rule(lines[j].text)) {
          limit = j;
        }
        break;
      }
      break;
    }
  }
  // Going up from the footer over signature-like lines, the lowest sign-off starts the signature, and
  // sign-offs stacked right above it ("Thanks again," / "Best regards,") with it; a "Thanks!" higher up
  // with words between is the message's.
  size_t sign_off = n;
  std::string sign_off_name;
  size_t non_blank = 0;
  bool stacked = true;
  for (size_t i = limit; i-- > 1;) {
    const std::string_view t = lines[i].text;
    if (blank(t)) {
      continue;
    }
    if (++non_blank > k_signature_lines + 1) {
      break;
    }
    std::string on_line;
    if (is_sign_off(t, &on_line)) {
      if (sign_off == n) {
        sign_off = i;
        sign_off_name = on_line;
      } else if (stacked) {
        sign_off = i;
      }
    } else if (sign_off != n) {
      stacked = false;
    }
    if (!signature_like(t)) {
      break;
    }
  }
  // RFC 3676's "-- " line, with fifteen lines or fewer below it.
  size_t dash = n;
  non_blank = 0;
  for (size_t i = limit; i-- > 1 && non_blank <= 15;) {
    const std::string_view t = text::trim(lines[i].text);
    if (t == "--") {
      dash = i;
      break;
    }
    non_blank += t.empty() ? 0 : 1;
  }
  const size_t start = std::min(sign_off, dash);
  if (start == n) {
    return limit == n ? std::string::npos : lines[limit].offset;
  }
  if (name_out) {
    *name_out = start == sign_off && !sign_off_name.empty() ? sign_off_name : name_below(lines, start, limit);
  }
  return lines[start].offset;
}

std::vector<QuotedMessage> split_quoted_history(std::string_view body_utf8, const SplitOptions& options) {
  const std::string body = text::normalize_newlines_and_marks(
      text::is_valid_utf8(body_utf8) ? std::string(body_utf8) : text::repair_utf8(body_utf8));
  std::vector<Line> lines;
  {
    int number = 1;
    for (auto l : text::split_lines(body)) {
      lines.push_back(Line{l, number++});
    }
  }
  std::vector<QuotedMessage> out;
  QuotedMessage current;
  std::string author = options.author_name;
  std::optional<timeutil::Date> newer_date = options.email_date;
  size_t owner = 0;  // the message whose words are at this level's quote depth (Outlook blocks share it)
  // Each level is what the one above quotes; the chain has one message per level, so a loop does.
  for (int level = 0;; ++level) {
    const size_t self = out.size();
    const History h = level + 1 < k_max_levels ? find_history(lines) : History{};
    size_t own_end = h.type == History::Type::none ? lines.size() : h.start;
    while (own_end > 0 && (blank(lines[own_end - 1].text) || is_rule(lines[own_end - 1].text))) {
      --own_end;
    }
    current.first_line = lines.empty() ? 0 : lines.front().number;
    current.last_line = current.first_line;
    add_words(current, lines, 0, own_end);

    std::vector<Line> earlier;
    std::string trailing;
    if (h.type == History::Type::attribution) {
      size_t last_quoted = h.content;
      size_t last_reply = std::string::npos;
      for (size_t k = h.content; k < lines.size(); ++k) {
        if (is_quoted(lines[k].text)) {
          last_quoted = k;
        }
      }
      for (size_t k = h.content; k <= last_quoted && k < lines.size(); ++k) {
        if (is_quoted(lines[k].text)) {
          earlier.push_back(Line{unquote(lines[k].text), lines[k].number});
        } else if (blank(lines[k].text)) {
          earlier.push_back(Line{std::string_view(), lines[k].number});
        } else {
          // Answers written between the quoted lines: the quoting author's own words.
          last_reply = k;
          if (!earlier.empty() && !earlier.back().text.empty()) {
            earlier.push_back(Line{std::string_view(), lines[k].number});
          }
        }
      }
      if (last_reply != std::string::npos) {
        // Interleaved answers: the author's words are everything below the attribution, the lines they
        // answer kept with their "> " so they read as written.
        add_words(current, lines, h.content, lines.size());
      } else if (owner == self && current.text.empty()) {
        // Below a quote that nothing was written above: the author's words (bottom posting).
        add_words(current, lines, last_quoted + 1, lines.size());
      } else {
        // What the quoting client appended below the whole chain (a legal notice): the owner's footer.
        trailing = join(lines, last_quoted + 1, lines.size(), nullptr, nullptr);
      }
    } else if (h.type == History::Type::block) {
      size_t k = h.content;
      while (k < lines.size() && blank(lines[k].text)) {
        ++k;
      }
      earlier.assign(lines.begin() + static_cast<std::ptrdiff_t>(k), lines.end());
    }
    mark_signature(current, author);
    out.push_back(std::move(current));
    if (!trailing.empty()) {
      append_footer(out[owner], trailing);
    }
    if (h.type == History::Type::none) {
      break;
    }
    current = QuotedMessage{};
    current.author_name = h.name;
    current.author_address = h.address;
    current.kind = h.forward ? QuotedMessage::Kind::forward : QuotedMessage::Kind::reply;
    current.subject = h.subject;
    DateHints hints;
    hints.order = options.date_order;
    hints.lang = h.lang;
    hints.not_after = newer_date;
    current.time = parse_date_time(h.date_text, hints);
    if (current.time && current.time->time && !current.time->offset_minutes) {
      current.time->offset_minutes = options.zone_hint_minutes;
    }
    if (current.time && current.time->date) {
      newer_date = current.time->date;
    }
    author = h.name;
    if (h.type == History::Type::attribution) {
      owner = self + 1;
    }
    lines = std::move(earlier);
  }
  return out;
}

}  // namespace inwriting::importers
