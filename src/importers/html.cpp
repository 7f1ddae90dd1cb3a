// Saved chat pages ("Webpage, Complete" of a help-center widget) and HTML transcript bodies.
// Bubble markup is read from its structure: a list of repeated rows carrying an author, a time
// and a role in attributes, class names, <time> elements and avatars. Without bubbles, the
// visible text (block elements and <br> as line breaks) goes to the plain-text transcript parser.
#include <gumbo.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "formats.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"
#include "text_scan.hpp"

namespace inwriting::importers {

namespace {

using detail::wall_timestamp;

constexpr int k_max_depth = 600;

// ---- nodes ----

bool is_element(const GumboNode* n) { return n && n->type == GUMBO_NODE_ELEMENT; }

const GumboVector& children_of(const GumboNode* n) {
  static const GumboVector empty{nullptr, 0, 0};
  if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
    return n->v.element.children;
  }
  if (n->type == GUMBO_NODE_DOCUMENT) {
    return n->v.document.children;
  }
  return empty;
}

template <typename F> void for_children(const GumboNode* n, F&& f) {
  const GumboVector& kids = children_of(n);
  for (unsigned i = 0; i < kids.length; ++i) {
    f(static_cast<const GumboNode*>(kids.data[i]));
  }
}

std::string attr(const GumboNode* n, const char* name) {
  if (!is_element(n)) {
    return {};
  }
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? std::string(a->value) : std::string();
}

bool has_attr(const GumboNode* n, const char* name) {
  return is_element(n) && gumbo_get_attribute(&n->v.element.attributes, name) != nullptr;
}

GumboTag tag_of(const GumboNode* n) { return is_element(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }

std::string squash(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    }
  }
  return out;
}

bool invisible(const GumboNode* n) {
  if (n->type == GUMBO_NODE_TEMPLATE || n->type == GUMBO_NODE_COMMENT) {
    return true;
  }
  if (!is_element(n)) {
    return false;
  }
  switch (n->v.element.tag) {
  case GUMBO_TAG_SCRIPT:
  case GUMBO_TAG_STYLE:
  case GUMBO_TAG_TEMPLATE:
  case GUMBO_TAG_NOSCRIPT:
  case GUMBO_TAG_HEAD:
  case GUMBO_TAG_TITLE:
  case GUMBO_TAG_IFRAME:
  case GUMBO_TAG_OBJECT:
  case GUMBO_TAG_SELECT:
  case GUMBO_TAG_TEXTAREA:
  case GUMBO_TAG_INPUT:
  case GUMBO_TAG_BUTTON:
  case GUMBO_TAG_SVG:
  case GUMBO_TAG_MATH:
    return true;
  default:
    break;
  }
  if (has_attr(n, "hidden")) {
    return true;
  }
  if (text::to_lower_ascii(attr(n, "aria-hidden")) == "true") {
    return true;
  }
  const std::string style = squash(attr(n, "style"));
  if (style.find("display:none") != std::string::npos || style.find("visibility:hidden") != std::string::npos) {
    return true;
  }
  // Utility classes that hide an element (or keep it for screen readers only).
  const std::string cls = text::to_lower_ascii(attr(n, "class"));
  size_t start = 0;
  while (start < cls.size()) {
    const size_t end = std::min(cls.find_first_of(" \t\n\r\f", start), cls.size());
    const std::string_view token = std::string_view(cls).substr(start, end - start);
    for (const char* hiding : {"hidden", "is-hidden", "u-hidden", "d-none", "hide", "sr-only", "visually-hidden",
                               "screen-reader-text", "screenreader-only", "invisible"}) {
      if (token == hiding) {
        return true;
      }
    }
    start = end + 1;
  }
  return false;
}

bool is_block(GumboTag t) {
  switch (t) {
  case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL:
  case GUMBO_TAG_TR: case GUMBO_TAG_TABLE: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
  case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
  case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_MAIN: case GUMBO_TAG_ASIDE: case GUMBO_TAG_NAV:
  case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
  case GUMBO_TAG_FORM: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION:
  case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
  case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_BODY: case GUMBO_TAG_CAPTION:
    return true;
  default:
    return false;
  }
}

int line_of(const GumboNode* n) {
  if (is_element(n)) {
    return static_cast<int>(n->v.element.start_pos.line);
  }
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
    return static_cast<int>(n->v.text.start_pos.line);
  }
  return 0;
}

int last_line_of(const GumboNode* n, int depth = 0) {
  int last = line_of(n);
  if (is_element(n) && n->v.element.end_pos.line > 0) {
    last = std::max(last, static_cast<int>(n->v.element.end_pos.line));
  }
  if (depth < k_max_depth) {
    for_children(n, [&](const GumboNode* c) { last = std::max(last, last_line_of(c, depth + 1)); });
  }
  return last;
}

// ---- visible text ----

// Text with line breaks where block elements and <br> put them; remembers each line's source line.
class TextBuilder {
public:
  void add(std::string_view s, int source_line) {
    for (char c : s) {
      const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (space) {
        m_pending_space = true;
        continue;
      }
      if (m_current.empty()) {
        m_current_line = source_line;
      } else if (m_pending_space) {
        m_current.push_back(' ');
      }
      m_pending_space = false;
      m_current.push_back(c);
    }
  }
  void space() { m_pending_space = true; }
  void newline() {
    std::string line = text::trim_unicode(text::normalize_newlines_and_marks(m_current));
    if (!line.empty()) {
      m_lines.push_back(std::move(line));
      m_sources.push_back(m_current_line);
    }
    m_current.clear();
    m_pending_space = false;
  }
  const std::vector<std::string>& lines() {
    newline();
    return m_lines;
  }
  const std::vector<int>& sources() const { return m_sources; }
  std::string joined() {
    std::string out;
    for (const auto& l : lines()) {
      out += (out.empty() ? "" : "\n") + l;
    }
    return out;
  }

private:
  std::string m_current;
  int m_current_line = 0;
  bool m_pending_space = false;
  std::vector<std::string> m_lines;
  std::vector<int> m_sources;
};

// <img class="emoji" alt="😊">: the picture stands for text.
bool is_emoji_image(const GumboNode* n) {
  if (tag_of(n) != GUMBO_TAG_IMG) {
    return false;
  }
  const std::string alt = attr(n, "alt");
  if (alt.empty() || alt.size() > 16) {
    return false;
  }
  std::string cls = text::to_lower_ascii(attr(n, "class"));
  if (cls.find("emoji") != std::string::npos || cls.find("emoticon") != std::string::npos) {
    return true;
  }
  // A lone pictograph as alt text.
  size_t pos = 0;
  int count = 0;
  bool pictograph = false;
  while (pos < alt.size()) {
    const char32_t cp = text::next_code_point(alt, pos);
    ++count;
    pictograph = pictograph || cp >= 0x2190;
  }
  return pictograph && count <= 4 && !text::has_thai(alt);
}

void collect_text(const GumboNode* n, TextBuilder& out, int depth, const std::vector<const GumboNode*>* skip = nullptr) {
  if (depth > k_max_depth || invisible(n)) {
    return;
  }
  if (skip && std::find(skip->begin(), skip->end(), n) != skip->end()) {
    return;
  }
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
    out.add(n->v.text.text, line_of(n));
    return;
  }
  if (n->type == GUMBO_NODE_WHITESPACE) {
    out.space();
    return;
  }
  if (!is_element(n) && n->type != GUMBO_NODE_DOCUMENT) {
    return;
  }
  const GumboTag t = tag_of(n);
  if (t == GUMBO_TAG_BR) {
    out.newline();
    return;
  }
  if (t == GUMBO_TAG_IMG) {
    if (is_emoji_image(n)) {
      out.add(attr(n, "alt"), line_of(n));
    }
    return;
  }
  if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) {
    out.space();
  }
  const bool block = is_block(t);
  if (block) {
    out.newline();
  }
  for_children(n, [&](const GumboNode* c) { collect_text(c, out, depth + 1, skip); });
  if (block) {
    out.newline();
  }
  if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) {
    out.space();
  }
}

std::string visible_text(const GumboNode* n, const std::vector<const GumboNode*>* skip = nullptr) {
  TextBuilder b;
  collect_text(n, b, 0, skip);
  return b.joined();
}

bool has_visible_text(const GumboNode* n, int depth = 0) {
  if (depth > k_max_depth || invisible(n)) {
    return false;
  }
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
    return !text::trim_unicode(n->v.text.text).empty();
  }
  bool found = false;
  for_children(n, [&](const GumboNode* c) { found = found || has_visible_text(c, depth + 1); });
  return found;
}

// ---- what the markup says ----

// Class names and role-ish attribute values split into lower-case words: "lh-chat__msg--operator"
// gives lh, chat, msg, operator.
std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  std::string w;
  auto flush = [&] {
    if (!w.empty()) {
      out.push_back(w);
      w.clear();
    }
  };
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80) {
      w.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      // camelCase boundary: "msgAgent" → msg, agent
      if (!w.empty() && i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z') {
        flush();
      }
      w.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

std::vector<std::string> class_words(const GumboNode* n) { return words_of(attr(n, "class")); }

bool any_word(const std::vector<std::string>& words, std::initializer_list<const char*> wanted) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
    return std::any_of(wanted.begin(), wanted.end(), [&](const char* x) { return w == x; });
  });
}

enum class Hint { none, customer, agent, bot, system };

Hint hint_of_word(const std::string& w) {
  static const std::map<std::string, Hint, std::less<>> k_words = {
      {"system", Hint::system},     {"sistema", Hint::system},    {"notice", Hint::system},
      {"notification", Hint::system}, {"event", Hint::system},    {"status", Hint::system},
      {"info", Hint::system},       {"announcement", Hint::system}, {"aviso", Hint::system},
      {"divider", Hint::system},    {"separator", Hint::system},  {"sep", Hint::system},
      {"day", Hint::system},        {"date", Hint::system},       {"meta", Hint::system},
      {"bot", Hint::bot},           {"chatbot", Hint::bot},       {"automated", Hint::bot},
      {"assistant", Hint::bot},     {"asistente", Hint::bot},     {"virtual", Hint::bot},
      {"ai", Hint::bot},            {"auto", Hint::bot},
      {"agent", Hint::agent},       {"agente", Hint::agent},      {"operator", Hint::agent},
      {"operador", Hint::agent},    {"operadora", Hint::agent},   {"staff", Hint::agent},
      {"admin", Hint::agent},       {"support", Hint::agent},     {"rep", Hint::agent},
      {"representative", Hint::agent}, {"advisor", Hint::agent},  {"asesor", Hint::agent},
      {"employee", Hint::agent},    {"business", Hint::agent},    {"brand", Hint::agent},
      {"teammate", Hint::agent},    {"host", Hint::agent},        {"incoming", Hint::agent},
      {"received", Hint::agent},    {"them", Hint::agent},
      {"visitor", Hint::customer},  {"visitante", Hint::customer}, {"customer", Hint::customer},
      {"cliente", Hint::customer},  {"client", Hint::customer},   {"user", Hint::customer},
      {"usuario", Hint::customer},  {"guest", Hint::customer},    {"enduser", Hint::customer},
      {"requester", Hint::customer}, {"me", Hint::customer},      {"self", Hint::customer},
      {"mine", Hint::customer},     {"own", Hint::customer},      {"outgoing", Hint::customer},
      {"sent", Hint::customer},     {"you", Hint::customer},      {"contact", Hint::customer},
  };
  const auto it = k_words.find(w);
  return it == k_words.end() ? Hint::none : it->second;
}

// The strongest role among words: system beats bot beats agent beats customer.
Hint strongest(const std::vector<std::string>& words) {
  Hint best = Hint::none;
  for (const auto& w : words) {
    const Hint h = hint_of_word(w);
    if (static_cast<int>(h) > static_cast<int>(best)) {
      best = h;
    }
  }
  return best;
}

constexpr std::array k_role_attrs = {"data-author-type", "data-role", "data-sender-type", "data-user-type",
                                     "data-from-type", "data-type", "data-kind", "data-direction",
                                     "data-message-type", "data-participant-type", "data-origin"};

constexpr std::array k_author_attrs = {"data-author",      "data-author-name", "data-sender",   "data-sender-name",
                                       "data-name",        "data-from",        "data-user",     "data-username",
                                       "data-user-name",   "data-speaker",     "data-nickname", "data-display-name"};

constexpr std::array k_time_attrs = {"datetime",       "data-iso",     "data-timestamp", "data-time",
                                     "data-datetime",  "data-created", "data-created-at", "data-ts",
                                     "data-sent",      "data-sent-at", "data-date",      "data-epoch",
                                     "data-utc",       "data-time-iso"};

struct RoleHint {
  Hint hint = Hint::none;
  std::string reason;
};

RoleHint role_hint_of(const GumboNode* n) {
  RoleHint best;
  for (const char* a : k_role_attrs) {
    const std::string v = attr(n, a);
    if (v.empty()) {
      continue;
    }
    const Hint h = strongest(words_of(v));
    if (static_cast<int>(h) > static_cast<int>(best.hint)) {
      best = {h, std::string("markup ") + a + "=\"" + v.substr(0, 40) + "\""};
    }
  }
  const std::string cls = attr(n, "class");
  const auto words = words_of(cls);
  Hint h = strongest(words);
  if (h == Hint::none && any_word(words, {"msg", "message", "bubble", "mensaje"})) {
    // "message-in" / "message-out": in a saved page the user's own side is the outgoing one.
    if (any_word(words, {"out", "right", "sender"})) {
      h = Hint::customer;
    } else if (any_word(words, {"in", "left", "receiver"})) {
      h = Hint::agent;
    }
  }
  if (static_cast<int>(h) > static_cast<int>(best.hint)) {
    best = {h, "markup class \"" + cls.substr(0, 60) + "\""};
  }
  const std::string role = text::to_lower_ascii(attr(n, "role"));
  if ((role == "status" || role == "alert" || role == "note" || role == "separator") && best.hint != Hint::system) {
    best = {Hint::system, "markup role=\"" + role + "\""};
  }
  return best;
}

std::string author_attr_of(const GumboNode* n) {
  for (const char* a : k_author_attrs) {
    std::string v = text::trim_unicode(attr(n, a));
    if (v.empty()) {
      continue;
    }
    // Bare ids are not names.
    if (std::all_of(v.begin(), v.end(), [](char c) { return (c >= '0' && c <= '9') || c == '-' || c == '_'; })) {
      continue;
    }
    return v;
  }
  return {};
}

bool has_time_attr(const GumboNode* n) {
  return std::any_of(k_time_attrs.begin(), k_time_attrs.end(), [&](const char* a) { return has_attr(n, a); });
}

bool has_time_below(const GumboNode* n, int depth = 0) {
  if (!is_element(n) || depth > 8 || invisible(n)) {
    return false;
  }
  if (tag_of(n) == GUMBO_TAG_TIME || has_time_attr(n)) {
    return true;
  }
  bool found = false;
  for_children(n, [&](const GumboNode* c) { found = found || has_time_below(c, depth + 1); });
  return found;
}

bool has_message_word(const GumboNode* n) {
  return any_word(class_words(n), {"msg", "message", "messages", "bubble", "mensaje", "burbuja", "globo",
                                   "utterance", "turn", "chatline", "entry", "row", "line", "item", "comment",
                                   "reply", "post"});
}

bool is_author_element(const GumboNode* n);

bool has_author_below(const GumboNode* n, int depth) {
  if (!is_element(n) || depth > 3 || invisible(n)) {
    return false;
  }
  if (depth > 0 && is_author_element(n) && has_visible_text(n)) {
    return true;
  }
  bool found = false;
  for_children(n, [&](const GumboNode* c) { found = found || has_author_below(c, depth + 1); });
  return found;
}

bool message_like(const GumboNode* n) {
  if (!is_element(n) || invisible(n)) {
    return false;
  }
  return role_hint_of(n).hint != Hint::none || !author_attr_of(n).empty() || has_time_attr(n) ||
         has_message_word(n) || has_time_below(n, 0) || has_author_below(n, 0);
}

// A node's class signature: tag plus its first class name.
std::string signature(const GumboNode* n) {
  const std::string cls = std::string(text::trim(attr(n, "class")));
  return std::to_string(static_cast<int>(tag_of(n))) + ":" + cls.substr(0, cls.find_first_of(" \t\n"));
}

// The element whose children are most message-like: the chat log.
struct ListCandidate {
  const GumboNode* node = nullptr;
  int score = 0;
};

void find_log(const GumboNode* n, ListCandidate& best, int depth) {
  if (depth > k_max_depth || invisible(n)) {
    return;
  }
  if (is_element(n)) {
    int score = 0;
    for_children(n, [&](const GumboNode* c) {
      if (message_like(c) && has_visible_text(c)) {
        ++score;
      }
    });
    if (text::to_lower_ascii(attr(n, "role")) == "log" && score > 0) {
      score += 2;
    }
    if (score > best.score) {
      best = {n, score};
    }
  }
  for_children(n, [&](const GumboNode* c) { find_log(c, best, depth + 1); });
}

// Inside one row, repeated bubbles that each have their own time or bubble class: a group.
const GumboNode* find_group(const GumboNode* n, int depth) {
  if (depth > 6 || !is_element(n)) {
    return nullptr;
  }
  std::map<std::string, int> counts;
  for_children(n, [&](const GumboNode* c) {
    if (is_element(c) && !invisible(c) && has_visible_text(c) &&
        (has_time_below(c) || any_word(class_words(c), {"bubble", "msg", "message", "mensaje", "globo"})) &&
        !any_word(class_words(c), {"text", "body", "content", "texto"})) {
      ++counts[signature(c)];
    }
  });
  for (const auto& [sig, count] : counts) {
    if (count >= 2) {
      return n;
    }
  }
  const GumboNode* found = nullptr;
  for_children(n, [&](const GumboNode* c) {
    if (!found) {
      found = find_group(c, depth + 1);
    }
  });
  return found;
}

// ---- times ----

struct TimeSeen {
  std::optional<int64_t> utc;           // UTC seconds when the value fixes the instant
  std::optional<int> offset;            // offset written with the value (not Z)
  std::optional<int64_t> wall;          // wall seconds when no zone was written
  std::optional<int> clock_minutes;     // the clock shown beside it ("3:01 PM" → 901)
};

std::optional<int> parse_clock(std::string_view s) {
  auto digit = [&](size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
  // The first h:mm in the text, with an optional :ss and am/pm after it.
  for (size_t i = 0; i < s.size(); ++i) {
    if (!digit(i) || (i > 0 && digit(i - 1))) {
      continue;
    }
    size_t j = i;
    int h = 0;
    while (digit(j) && j - i < 2) {
      h = h * 10 + (s[j++] - '0');
    }
    if (j >= s.size() || s[j] != ':' || !digit(j + 1) || !digit(j + 2) || digit(j + 3)) {
      continue;
    }
    const int m = (s[j + 1] - '0') * 10 + (s[j + 2] - '0');
    size_t k = j + 3;
    if (k < s.size() && s[k] == ':' && digit(k + 1) && digit(k + 2)) {
      k += 3;
    }
    std::string rest = text::to_lower_ascii(s.substr(k, 8));
    rest.erase(std::remove_if(rest.begin(), rest.end(), [](char c) { return c == ' ' || c == '.'; }), rest.end());
    if (rest.rfind("pm", 0) == 0 && h < 12) {
      h += 12;
    } else if (rest.rfind("am", 0) == 0 && h == 12) {
      h = 0;
    }
    if (h < 24 && m < 60) {
      return h * 60 + m;
    }
  }
  return std::nullopt;
}

std::optional<TimeSeen> parse_time_value(std::string_view raw) {
  const std::string v = text::trim_unicode(raw);
  if (v.empty()) {
    return std::nullopt;
  }
  TimeSeen t;
  if (std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (v.size() > 14) {
      return std::nullopt;
    }
    int64_t n = std::stoll(v);
    if (v.size() >= 12) {
      n /= 1000;  // milliseconds
    }
    if (n < 946684800 || n > 4102444800) {  // 2000 … 2100
      return std::nullopt;
    }
    t.utc = n;
    return t;
  }
  auto instant = timeutil::parse_iso_datetime(v);
  if (!instant) {
    return std::nullopt;
  }
  if (!instant->offset_minutes) {
    t.wall = instant->utc_seconds;
    return t;
  }
  t.utc = instant->utc_seconds;
  const char last = v.back();
  if (last != 'Z' && last != 'z') {
    t.offset = *instant->offset_minutes;
  }
  return t;
}

// The best time the element and its descendants carry.
void collect_times(const GumboNode* n, std::vector<TimeSeen>& out, int depth) {
  if (!is_element(n) || depth > 12 || invisible(n)) {
    return;
  }
  for (const char* a : k_time_attrs) {
    const std::string v = attr(n, a);
    if (v.empty()) {
      continue;
    }
    if (auto t = parse_time_value(v)) {
      if (tag_of(n) == GUMBO_TAG_TIME || any_word(class_words(n), {"time", "timestamp", "hora", "clock"})) {
        t->clock_minutes = parse_clock(visible_text(n));
      }
      out.push_back(*t);
    }
  }
  for_children(n, [&](const GumboNode* c) { collect_times(c, out, depth + 1); });
}

std::optional<TimeSeen> best_time(const GumboNode* n) {
  std::vector<TimeSeen> seen;
  collect_times(n, seen, 0);
  const TimeSeen* best = nullptr;
  auto rank = [](const TimeSeen& t) { return t.offset ? 3 : t.clock_minutes ? 2 : t.utc ? 1 : 0; };
  for (const auto& t : seen) {
    if (!best || rank(t) > rank(*best)) {
      best = &t;
    }
  }
  return best ? std::optional<TimeSeen>(*best) : std::nullopt;
}

std::optional<int> derived_offset(const TimeSeen& t) {
  if (t.offset) {
    return t.offset;
  }
  if (!t.utc || !t.clock_minutes) {
    return std::nullopt;
  }
  int64_t utc_minutes = (*t.utc / 60) % 1440;
  int diff = *t.clock_minutes - static_cast<int>(utc_minutes);
  while (diff < -720) {
    diff += 1440;
  }
  while (diff >= 840) {
    diff -= 1440;
  }
  // Clocks show minutes: round to the quarter hour zones use.
  const int rounded = static_cast<int>(std::lround(diff / 15.0)) * 15;
  return rounded;
}

// ---- authors ----

std::string clean_name(std::string_view s) {
  std::string name = text::trim_unicode(s);
  for (const char* cut : {",", " – ", " — ", " - ", " | ", "(", " · "}) {
    const size_t at = name.find(cut);
    if (at != std::string::npos && at > 0) {
      name = name.substr(0, at);
    }
  }
  name = text::trim_unicode(name);
  while (!name.empty() && name.back() == ':') {
    name.pop_back();
  }
  return text::nfc(text::trim_unicode(name));
}

bool looks_like_initials(std::string_view s) {
  return !s.empty() && s.size() <= 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string initials_of(std::string_view name) {
  std::string out;
  bool start = true;
  for (char c : name) {
    if (c == ' ') {
      start = true;
    } else if (start) {
      out.push_back(static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
      start = false;
    }
  }
  return out;
}

bool is_author_element(const GumboNode* n) {
  return any_word(class_words(n), {"author", "sender", "name", "username", "nickname", "from", "speaker", "autor",
                                   "remitente", "nombre", "who", "displayname", "participant", "handle"});
}

bool is_meta_element(const GumboNode* n) {
  if (tag_of(n) == GUMBO_TAG_TIME || (tag_of(n) == GUMBO_TAG_IMG && !is_emoji_image(n))) {
    return true;
  }
  if (has_time_attr(n)) {
    // A short stamp carrying a time attribute ("10:00", "Yesterday 3 PM") is not the message.
    const std::string shown = visible_text(n);
    if (shown.size() <= 40 && parse_clock(shown)) {
      return true;
    }
  }
  const auto words = class_words(n);
  if (any_word(words, {"time", "timestamp", "hora", "fecha", "date", "meta", "metadata", "when", "stamp", "receipt", "ago",
                       "avatar", "sr", "visually", "screenreader", "actions", "toolbar", "reactions"})) {
    return true;
  }
  // State words mark receipts, unless they sit on the bubble itself ("bubble is-read").
  return any_word(words, {"status", "read", "seen", "delivered", "tick", "ticks", "check"}) &&
         !any_word(words, {"bubble", "text", "body", "content", "message", "msg", "texto", "globo", "mensaje"});
}

void find_marked(const GumboNode* n, bool (*pred)(const GumboNode*), std::vector<const GumboNode*>& out, int depth) {
  if (!is_element(n) || depth > 12 || invisible(n)) {
    return;
  }
  if (depth > 0 && pred(n)) {
    out.push_back(n);
    return;
  }
  for_children(n, [&](const GumboNode* c) { find_marked(c, pred, out, depth + 1); });
}

void find_avatar_alts(const GumboNode* n, std::vector<std::string>& out, int depth) {
  if (!is_element(n) || depth > 12 || invisible(n)) {
    return;
  }
  if (tag_of(n) == GUMBO_TAG_IMG) {
    const std::string alt = text::trim_unicode(attr(n, "alt"));
    if (!alt.empty() && !is_emoji_image(n)) {
      out.push_back(alt);
    }
    return;
  }
  for_children(n, [&](const GumboNode* c) { find_avatar_alts(c, out, depth + 1); });
}

bool has_media(const GumboNode* n, int depth) {
  if (!is_element(n) || depth > 12 || invisible(n)) {
    return false;
  }
  const GumboTag t = tag_of(n);
  if (t == GUMBO_TAG_VIDEO || t == GUMBO_TAG_AUDIO) {
    return true;
  }
  if (t == GUMBO_TAG_IMG && !is_emoji_image(n) && !any_word(class_words(n), {"avatar", "icon", "emoji", "logo"})) {
    return true;
  }
  bool found = false;
  for_children(n, [&](const GumboNode* c) { found = found || has_media(c, depth + 1); });
  return found;
}

std::string author_from_aria(const GumboNode* n) {
  const std::string label = text::trim_unicode(attr(n, "aria-label"));
  if (label.empty()) {
    return {};
  }
  const std::string lowered = text::to_lower_ascii(label);
  for (const char* lead : {"message from ", "mensaje de ", "from ", "sent by ", "enviado por "}) {
    const size_t at = lowered.find(lead);
    if (at != std::string::npos) {
      std::string rest = label.substr(at + std::strlen(lead));
      for (const char* stop : {" at ", " a las ", " on "}) {
        const size_t s = rest.find(stop);
        if (s != std::string::npos) {
          rest = rest.substr(0, s);
        }
      }
      return clean_name(rest);
    }
  }
  for (const char* tail : {" said", " wrote", " says", " dijo", " escribió"}) {
    const size_t at = label.find(tail);
    if (at != std::string::npos && at > 0) {
      return clean_name(label.substr(0, at));
    }
  }
  return {};
}

// ---- bubbles to entries ----

struct Unit {
  const GumboNode* node = nullptr;
  RoleHint role;
  std::string author;          // explicit: attribute, author element, aria-label
  std::vector<std::string> alts;
  std::vector<const GumboNode*> skip;  // author and meta elements, not part of the text
  std::string text;
  bool media = false;
  std::optional<TimeSeen> time;
  std::optional<int> shown_clock;  // a clock shown without any machine-readable time
  int first_line = 0;
  int last_line = 0;
};

void find_attr_anywhere(const GumboNode* n, std::initializer_list<const char*> names, std::string& out, int depth);

// The first text-bearing element of a bubble when it is a "Name:" label.
const GumboNode* leading_label(const GumboNode* n, const std::vector<const GumboNode*>& skip, int depth) {
  if (depth > 4) {
    return nullptr;
  }
  const GumboNode* found = nullptr;
  bool stop = false;
  for_children(n, [&](const GumboNode* c) {
    if (stop || invisible(c) || std::find(skip.begin(), skip.end(), c) != skip.end()) {
      return;
    }
    if (c->type == GUMBO_NODE_TEXT) {
      stop = !text::trim_unicode(c->v.text.text).empty();
      return;
    }
    if (!is_element(c) || !has_visible_text(c)) {
      return;
    }
    stop = true;
    const GumboTag t = tag_of(c);
    if (t == GUMBO_TAG_B || t == GUMBO_TAG_STRONG || t == GUMBO_TAG_LABEL || t == GUMBO_TAG_SPAN || t == GUMBO_TAG_DT) {
      const std::string shown = visible_text(c);
      if (shown.size() >= 2 && shown.size() <= 50 && shown.back() == ':' && shown.find('\n') == std::string::npos) {
        found = c;
      }
      return;
    }
    found = leading_label(c, skip, depth + 1);
  });
  return found;
}

Unit read_unit(const GumboNode* n, const RoleHint& inherited_role, const std::string& inherited_author) {
  Unit u;
  u.node = n;
  u.first_line = line_of(n);
  u.last_line = last_line_of(n);
  u.role = role_hint_of(n);
  if (u.role.hint == Hint::none) {
    u.role = inherited_role;
  }
  if (u.role.hint == Hint::none) {
    // A role attribute on an inner element (not its class names: avatars carry those).
    std::vector<const GumboNode*> inner;
    find_marked(n, [](const GumboNode* c) {
      return std::any_of(k_role_attrs.begin(), k_role_attrs.end(), [&](const char* a) { return has_attr(c, a); });
    }, inner, 0);
    for (const auto* c : inner) {
      RoleHint h = role_hint_of(c);
      if (h.hint != Hint::none && h.hint != Hint::system) {
        u.role = h;
        break;
      }
    }
  }
  u.author = text::nfc(author_attr_of(n));
  if (u.author.empty()) {
    // WhatsApp Web keeps "[10:01, 3/4/2026] Name: " on the bubble's text element.
    std::string pre;
    find_attr_anywhere(n, {"data-pre-plain-text"}, pre, 0);
    const size_t close = pre.find("] ");
    const size_t colon = pre.rfind(':');
    if (close != std::string::npos && colon != std::string::npos && colon > close + 2) {
      u.author = clean_name(pre.substr(close + 2, colon - close - 2));
    }
  }
  std::vector<const GumboNode*> authors;
  find_marked(n, is_author_element, authors, 0);
  for (const auto* a : authors) {
    if (u.author.empty()) {
      u.author = clean_name(visible_text(a));
    }
    u.skip.push_back(a);
  }
  if (u.author.empty()) {
    u.author = author_from_aria(n);
  }
  find_marked(n, is_meta_element, u.skip, 0);
  if (u.author.empty() && u.role.hint != Hint::system) {
    // <b>Sam:</b> hello
    if (const GumboNode* lead = leading_label(n, u.skip, 0)) {
      u.author = clean_name(visible_text(lead));
      u.skip.push_back(lead);
    }
  }
  if (u.author.empty()) {
    u.author = inherited_author;
  }
  find_avatar_alts(n, u.alts, 0);
  u.time = best_time(n);
  if (!u.time) {
    for (const auto* m : u.skip) {
      if (any_word(class_words(m), {"time", "timestamp", "hora", "clock", "stamp", "when"})) {
        u.shown_clock = parse_clock(visible_text(m));
        if (u.shown_clock) {
          break;
        }
      }
    }
  }
  if (u.role.hint == Hint::system) {
    u.text = visible_text(n);
  } else {
    u.text = visible_text(n, &u.skip);
    if (u.text.empty() && has_media(n, 0)) {
      u.text = "[Media]";
      u.media = true;
    }
  }
  return u;
}

std::vector<Unit> read_log(const GumboNode* log) {
  std::vector<Unit> units;
  for_children(log, [&](const GumboNode* row) {
    if (!is_element(row) || invisible(row) || !has_visible_text(row)) {
      return;
    }
    const GumboNode* group = find_group(row, 0);
    if (group && group != row) {
      // Consecutive bubbles grouped under one author header.
      const Unit header = read_unit(row, RoleHint{}, "");
      for_children(group, [&](const GumboNode* bubble) {
        if (is_element(bubble) && !invisible(bubble) && has_visible_text(bubble) &&
            (has_time_below(bubble) || any_word(class_words(bubble), {"bubble", "msg", "message", "mensaje", "globo"}))) {
          Unit u = read_unit(bubble, header.role, header.author);
          if (u.alts.empty()) {
            u.alts = header.alts;
          }
          units.push_back(std::move(u));
        }
      });
      return;
    }
    units.push_back(read_unit(row, RoleHint{}, ""));
  });
  return units;
}

std::string role_label(Hint h) {
  switch (h) {
  case Hint::agent: return "Agent";
  case Hint::bot: return "Bot";
  case Hint::customer: return "Visitor";
  default: return {};
  }
}

model::Role role_of(Hint h) {
  switch (h) {
  case Hint::agent: return model::Role::agent;
  case Hint::bot: return model::Role::bot;
  case Hint::customer: return model::Role::customer;
  case Hint::system: return model::Role::system;
  default: return model::Role::unknown;
  }
}

void find_attr_anywhere(const GumboNode* n, std::initializer_list<const char*> names, std::string& out, int depth) {
  if (!out.empty() || depth > k_max_depth || !(is_element(n) || n->type == GUMBO_NODE_DOCUMENT)) {
    return;
  }
  for (const char* a : names) {
    const std::string v = attr(n, a);
    if (!v.empty()) {
      out = v;
      return;
    }
  }
  for_children(n, [&](const GumboNode* c) { find_attr_anywhere(c, names, out, depth + 1); });
}

void find_meta_content(const GumboNode* n, std::initializer_list<const char*> props, std::string& out, int depth) {
  if (!out.empty() || depth > 40 || !(is_element(n) || n->type == GUMBO_NODE_DOCUMENT)) {
    return;
  }
  if (tag_of(n) == GUMBO_TAG_META) {
    const std::string key = text::to_lower_ascii(attr(n, "property").empty() ? attr(n, "name") : attr(n, "property"));
    for (const char* p : props) {
      if (key == p) {
        out = text::trim_unicode(attr(n, "content"));
        return;
      }
    }
  }
  for_children(n, [&](const GumboNode* c) { find_meta_content(c, props, out, depth + 1); });
}


// ---- the conversation header around the log ----

const GumboNode* widget_root(const GumboNode* log) {
  const GumboNode* n = log->parent;
  for (int up = 0; n && is_element(n) && up < 6; ++up, n = n->parent) {
    if (any_word(class_words(n), {"chat", "widget", "messenger", "livechat", "conversation", "transcript"}) ||
        any_word(words_of(attr(n, "id")), {"chat", "widget", "messenger", "livechat", "conversation"})) {
      return n;
    }
  }
  return log->parent && is_element(log->parent) ? log->parent : nullptr;
}

std::string strip_chat_lead(std::string name) {
  for (const char* lead : {"chat with ", "chatting with ", "conversation with ", "chat con ", "chatea con ",
                           "conversación con ", "live chat with "}) {
    if (text::starts_with_icase(name, lead)) {
      name = name.substr(std::strlen(lead));
    }
  }
  for (const char* lead : {"แชทกับ", "สนทนากับ"}) {
    if (name.rfind(lead, 0) == 0) {
      name = name.substr(std::strlen(lead));
    }
  }
  return text::trim_unicode(name);
}

void scan_header(const GumboNode* n, const GumboNode* log, model::Conversation& c, std::string& company, int depth) {
  if (n == log || !is_element(n) || depth > 20 || invisible(n)) {
    return;
  }
  if (company.empty() && any_word(class_words(n), {"title", "brand", "company", "heading"})) {
    const std::string shown = strip_chat_lead(visible_text(n));
    if (!shown.empty() && shown.size() <= 60 && shown.find('\n') == std::string::npos) {
      company = shown;
    }
  }
  if (company.empty() && any_word(class_words(n), {"header", "head", "cab", "cabecera", "topbar"})) {
    // The widget's header line: its first piece of text that is not a status or a button.
    bool done = false;
    for_children(n, [&](const GumboNode* child) {
      if (done || invisible(child)) {
        return;
      }
      std::string shown;
      if (child->type == GUMBO_NODE_TEXT) {
        shown = text::trim_unicode(child->v.text.text);
      } else if (is_element(child) && !is_meta_element(child) &&
                 !any_word(class_words(child), {"status", "estado", "sub", "subtitle", "menu", "close"})) {
        shown = visible_text(child);
      }
      shown = strip_chat_lead(shown);
      if (!shown.empty()) {
        done = true;
        if (shown.size() <= 60 && shown.find('\n') == std::string::npos) {
          company = shown;
        }
      }
    });
  }
  if (!c.started && tag_of(n) == GUMBO_TAG_TIME) {
    if (auto t = parse_time_value(attr(n, "datetime"))) {
      t->clock_minutes = parse_clock(visible_text(n));
      if (t->utc) {
        const int offset = derived_offset(*t).value_or(0);
        c.started = wall_timestamp(*t->utc + offset * 60, offset);
      } else if (t->wall) {
        c.started = wall_timestamp(*t->wall, std::nullopt);
      }
    }
  }
  for_children(n, [&](const GumboNode* child) { scan_header(child, log, c, company, depth + 1); });
}

// "Chat ID: 8812203", "Conversation #A-1", "Ticket number: 99" shown beside the chat.
void ids_from_lines(const std::vector<std::string>& lines, model::Conversation& c) {
  for (const auto& line : lines) {
    const std::string lowered = text::to_lower_ascii(line);
    for (const char* label : {"chat id", "chat #", "conversation id", "conversation #", "transcript id",
                              "session id", "ticket id", "ticket #", "ticket number", "case number", "case #",
                              "id del chat", "id de chat", "número de chat"}) {
      if (lowered.rfind(label, 0) != 0) {
        continue;
      }
      std::string value = line.substr(std::strlen(label));
      const size_t start = value.find_first_not_of(" :#\t");
      if (start == std::string::npos) {
        break;
      }
      value = value.substr(start);
      value = value.substr(0, value.find(' '));
      if (!value.empty() && value.size() <= 40) {
        c.external_ids.emplace_back(lowered.rfind("ticket", 0) == 0 || lowered.rfind("case", 0) == 0 ? "ticket" : "chat_id",
                                    value);
      }
      break;
    }
  }
}

std::optional<model::Conversation> bubbles_to_conversation(const GumboNode* root, const GumboNode* log) {
  std::vector<Unit> units = read_log(log);
  // Names written explicitly somewhere: consecutive bubbles often omit them.
  std::vector<std::string> known;
  for (const auto& u : units) {
    if (!u.author.empty() && u.role.hint != Hint::system &&
        std::find(known.begin(), known.end(), u.author) == known.end()) {
      known.push_back(u.author);
    }
  }
  auto match_known = [&](const std::string& alt) -> std::string {
    const std::string name = clean_name(alt);
    for (const auto& k : known) {
      if (name == k || (alt.rfind(k, 0) == 0 && (alt.size() == k.size() || alt[k.size()] == ' ' ||
                                                 alt[k.size()] == ',' || alt[k.size()] == '('))) {
        return k;
      }
      if (looks_like_initials(alt) && initials_of(k) == alt) {
        return k;
      }
    }
    return {};
  };
  // The page's clock: the first offset written or shown.
  std::optional<int> page_offset;
  for (const auto& u : units) {
    if (u.time) {
      if (auto o = derived_offset(*u.time)) {
        page_offset = o;
        break;
      }
    }
  }

  model::Conversation c;
  c.channel = model::Channel::chat;
  c.format = "html-chat";
  std::map<Hint, std::string> last_by_role;
  int messages = 0;
  for (auto& u : units) {
    if (u.text.empty()) {
      continue;
    }
    model::Entry e;
    e.where = {u.first_line, u.last_line};
    if (u.time) {
      const TimeSeen& t = *u.time;
      if (t.utc) {
        std::optional<int> offset = t.offset ? t.offset : derived_offset(t);
        if (!offset) {
          offset = page_offset.value_or(0);
        }
        e.time = wall_timestamp(*t.utc + *offset * 60, offset);
      } else if (t.wall) {
        e.time = wall_timestamp(*t.wall, std::nullopt);
      }
    } else if (u.shown_clock) {
      e.time.time = timeutil::TimeOfDay{*u.shown_clock / 60, *u.shown_clock % 60, 0, false};
    }
    std::string author = u.role.hint == Hint::system ? std::string() : u.author;
    if (author.empty() && u.role.hint != Hint::system) {
      for (const auto& alt : u.alts) {
        author = match_known(alt);
        if (!author.empty()) {
          break;
        }
      }
      if (author.empty() && u.role.hint != Hint::none && last_by_role.count(u.role.hint)) {
        author = last_by_role[u.role.hint];
      }
      if (author.empty()) {
        for (const auto& alt : u.alts) {
          if (!looks_like_initials(alt)) {
            author = clean_name(alt);
            break;
          }
        }
      }
      if (author.empty()) {
        author = role_label(u.role.hint);
      }
    }
    if (author.empty()) {
      e.kind = model::EntryKind::event;  // a notice, a day divider: no one said it
    } else {
      e.speaker = author;
      e.is_media = u.media;
      auto& p = c.participant(author);
      if (p.role == model::Role::unknown && u.role.hint != Hint::none && u.role.hint != Hint::system) {
        p.role = role_of(u.role.hint);
        p.role_reason = u.role.reason;
      }
      if (u.role.hint != Hint::none) {
        last_by_role[u.role.hint] = author;
      }
      ++messages;
    }
    e.text = u.text;
    c.entries.push_back(std::move(e));
  }
  if (messages == 0) {
    return std::nullopt;
  }
  c.where = {c.entries.front().where.first_line, c.entries.back().where.last_line};

  // Header: chat id and the company the page belongs to.
  std::string chat_id;
  find_attr_anywhere(root, {"data-conversation-id", "data-chat-id", "data-thread-id", "data-session-id",
                            "data-ticket-id", "data-transcript-id"}, chat_id, 0);
  if (!chat_id.empty()) {
    c.external_ids.emplace_back("chat_id", chat_id);
  }
  std::string site;
  find_meta_content(root, {"og:site_name", "application-name"}, site, 0);
  if (const GumboNode* widget = widget_root(log)) {
    std::string shown;
    scan_header(widget, log, c, shown, 0);
    if (site.empty()) {
      site = shown;
    }
    if (site.empty()) {
      // role="log" aria-label="Conversation with Larkspur Support"
      const std::string label = strip_chat_lead(attr(log, "aria-label"));
      if (label != text::trim_unicode(attr(log, "aria-label"))) {
        site = label;
      }
    }
    const std::vector<const GumboNode*> skip = {log};
    TextBuilder around;
    collect_text(widget, around, 0, &skip);
    ids_from_lines(around.lines(), c);
  }
  if (!site.empty() && site.size() < 80) {
    c.company = site;
  }
  return c;
}

// ---- text fallback ----

// A pasted page can hold several transcript bodies, each opening with the same "Key: date" header
// line ("Chat Started: Monday, December 17, 2018, …"): split there.
std::vector<std::pair<size_t, size_t>> split_bodies(const std::vector<std::string>& lines) {
  std::vector<std::pair<size_t, size_t>> out;
  if (lines.empty()) {
    return out;
  }
  auto header_key = [](const std::string& line) -> std::string {
    const size_t colon = line.find(':');
    if (colon == std::string::npos || colon < 3 || colon > 40) {
      return {};
    }
    const std::string value = line.substr(colon + 1);
    int digits = 0;
    int run = 0;
    bool year = false;
    for (char ch : value) {
      if (ch >= '0' && ch <= '9') {
        ++digits;
        year = year || ++run == 4;
      } else {
        run = 0;
      }
    }
    return year && digits >= 6 ? text::to_lower_ascii(line.substr(0, colon)) : std::string();
  };
  const std::string key = header_key(lines.front());
  size_t start = 0;
  if (!key.empty()) {
    for (size_t i = 1; i < lines.size(); ++i) {
      if (header_key(lines[i]) == key) {
        out.emplace_back(start, i);
        start = i;
      }
    }
  }
  out.emplace_back(start, lines.size());
  return out;
}

bool looks_like_page(std::string_view bytes) {
  const std::string head = text::to_lower_ascii(bytes.substr(0, 2048));
  return head.find("<!doctype") != std::string::npos || head.find("<html") != std::string::npos ||
         head.find("saved from url") != std::string::npos;
}

bool too_deep(std::string_view s) { return html_too_deep(s); }

}  // namespace

bool html_too_deep(std::string_view s) {
  // Gumbo and the walks here recurse, and Gumbo's time grows with the square of the nesting;
  // refuse absurd nesting rather than run out of stack or time.
  int depth = 0;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != '<') {
      continue;
    }
    const char c = s[i + 1];
    if (c == '/') {
      depth = std::max(0, depth - 1);
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      const std::string name = text::to_lower_ascii(s.substr(i + 1, 4));
      const bool void_or_auto = name.starts_with("br") || name.starts_with("img") || name.starts_with("meta") ||
                                name.starts_with("link") || name.starts_with("inpu") || name.starts_with("hr") ||
                                name.starts_with("p ") || name.starts_with("p>") || name.starts_with("li") ||
                                name.starts_with("td") || name.starts_with("tr") || name.starts_with("opti") ||
                                name.starts_with("wbr") || name.starts_with("sour");
      if (!void_or_auto) {
        const size_t close = s.find('>', i);
        if (close == std::string_view::npos || s[close - 1] != '/') {
          if (++depth > 3000) {
            return true;
          }
        }
      }
    }
  }
  return false;
}

namespace {

// An element that holds the transcript as text ("transcript", "conversation", role="log").
std::optional<const GumboNode*> transcript_root(const GumboNode* n, int depth) {
  if (depth > k_max_depth || invisible(n)) {
    return std::nullopt;
  }
  if (is_element(n) && tag_of(n) != GUMBO_TAG_BODY && tag_of(n) != GUMBO_TAG_HTML) {
    auto words = class_words(n);
    const auto id_words = words_of(attr(n, "id"));
    words.insert(words.end(), id_words.begin(), id_words.end());
    if ((text::to_lower_ascii(attr(n, "role")) == "log" ||
         any_word(words, {"transcript", "conversation", "chatlog", "log", "messages", "transcripcion", "conversacion"})) &&
        has_visible_text(n)) {
      return n;
    }
  }
  std::optional<const GumboNode*> found;
  for_children(n, [&](const GumboNode* c) {
    if (!found) {
      found = transcript_root(c, depth + 1);
    }
  });
  return found;
}

// Pages saved in a legacy charset (windows-1252, windows-874, ISO-8859-1…) say so in a <meta>.
std::string declared_charset(std::string_view bytes) {
  const std::string head = text::to_lower_ascii(bytes.substr(0, 4096));
  const size_t at = head.find("charset=");
  if (at == std::string::npos) {
    return {};
  }
  size_t start = at + 8;
  while (start < head.size() && (head[start] == '"' || head[start] == '\'' || head[start] == ' ')) {
    ++start;
  }
  size_t end = start;
  while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) || head[end] == '-' || head[end] == '_')) {
    ++end;
  }
  return head.substr(start, end - start);
}

std::optional<std::string> to_utf8(std::string_view bytes, const std::string& charset) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(bytes.size() * 4 + 16, '\0');
  const int32_t written = ucnv_convert("UTF-8", charset.c_str(), out.data(), static_cast<int32_t>(out.size()),
                                       bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status) || written < 0) {
    return std::nullopt;
  }
  out.resize(static_cast<size_t>(written));
  return out;
}

std::string page_title(const GumboNode* n, int depth) {
  if (depth > 8 || !(is_element(n) || n->type == GUMBO_NODE_DOCUMENT)) {
    return {};
  }
  if (tag_of(n) == GUMBO_TAG_TITLE) {
    std::string out;
    for_children(n, [&](const GumboNode* c) {
      if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE) {
        out += c->v.text.text;
      }
    });
    TextBuilder b;
    b.add(out, 0);
    return b.joined();
  }
  if (tag_of(n) == GUMBO_TAG_BODY) {
    return {};
  }
  std::string found;
  for_children(n, [&](const GumboNode* c) {
    if (found.empty()) {
      found = page_title(c, depth + 1);
    }
  });
  return found;
}

struct GumboDoc {
  GumboOutput* output = nullptr;
  ~GumboDoc() {
    if (output) {
      gumbo_destroy_output(&kGumboDefaultOptions, output);
    }
  }
};

}  // namespace

int detect_html_chat(std::string_view bytes) {
  std::string_view head = text::trim(bytes.substr(0, 8192));
  if (head.starts_with("\xEF\xBB\xBF")) {
    head.remove_prefix(3);
    head = text::trim(head);
  }
  if (head.empty()) {
    return 0;
  }
  const std::string lowered = text::to_lower_ascii(bytes.substr(0, 200000));
  auto has = [&](const char* s) { return lowered.find(s) != std::string::npos; };
  const bool chatty = has("role=\"log\"") || has("data-author") || has("data-sender") || has("chat") ||
                      has("message") || has("bubble") || has("transcript");
  if (head.front() != '<') {
    return 0;  // text with a few tags in it (a forum post, an email) is not an HTML page
  }
  if (looks_like_page(bytes)) {
    return chatty ? 85 : 50;
  }
  // A fragment: an HTML transcript body.
  // Real tags, not "<peter> hi" lines of an IRC-style log: a closing tag or a <br>.
  const bool br = has("<br>") || has("<br/>") || has("<br />");
  const bool closing = has("</p>") || has("</div>") || has("</span>") || has("</li>") || has("</td>") ||
                       has("</table>") || has("</b>") || has("</strong>") || has("</a>");
  if (!br && !closing) {
    return 0;
  }
  return chatty || br ? 75 : 45;
}

namespace {

// The page as UTF-8 text: its declared charset (else what browsers assume) when it is not UTF-8.
Result<std::string> html_text(const ParseInput& input) {
  ParseInput utf8_input = input;
  std::string converted;
  if (!input.bytes.empty() && input.bytes.size() < (1u << 29) && !text::is_valid_utf8(input.bytes) &&
      input.bytes.find('\0') == std::string_view::npos) {
    std::string charset = declared_charset(input.bytes);
    if (charset.empty() || charset == "utf-8" || charset == "utf8") {
      charset = "windows-1252";  // what browsers assume for a page that is not UTF-8
    }
    if (auto text_utf8 = to_utf8(input.bytes, charset)) {
      converted = std::move(*text_utf8);
      utf8_input.bytes = converted;
    }
  }
  return decode_text(utf8_input);
}

}  // namespace

// Decodes the page to UTF-8 into `html` and parses it into `doc`; gumbo's tree points into `html`,
// so the caller keeps both.
Status parse_document(const ParseInput& input, std::string& html, GumboDoc& doc) {
  auto decoded = html_text(input);
  if (!decoded.ok()) {
    return make_error(decoded.error());
  }
  html = std::move(*decoded);
  if (too_deep(html)) {
    return make_error(input.display_name + ": the HTML is nested too deeply to read");
  }
  doc.output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  if (!doc.output || !doc.output->root) {
    return make_error(input.display_name + ": could not parse the HTML");
  }
  return ok_status();
}

// Never detected: a page that is not a chat (a self-service portal, a forum thread) is kept when
// the user captures it, as its visible text, so it can be searched like the rest.
int detect_html_page(std::string_view /*bytes*/) { return 0; }

Result<ParseOutput> parse_html_page(const ParseInput& input) {
  std::string html;
  GumboDoc doc;  // after `html`: destroyed first
  if (auto parsed = parse_document(input, html, doc); !parsed.ok()) {
    return make_error(parsed.error());
  }
  const std::string body = visible_text(doc.output->document);
  if (body.empty()) {
    return make_error(input.display_name + ": no visible text in the HTML");
  }
  model::Conversation c;
  c.channel = model::Channel::web;
  c.format = "html-page";
  c.title = page_title(doc.output->document, 0);
  model::Entry page;
  page.kind = model::EntryKind::event;  // nobody in particular says it: the page's own text
  page.text = body;
  page.where.first_line = 1;
  page.where.last_line = static_cast<int>(std::count(html.begin(), html.end(), '\n')) + 1;
  c.where = page.where;
  c.entries.push_back(std::move(page));
  ParseOutput out;
  out.conversations.push_back(std::move(c));
  return out;
}

Result<ParseOutput> parse_html_chat(const ParseInput& input) {
  std::string html;
  GumboDoc doc;  // after `html`: destroyed first
  if (auto parsed = parse_document(input, html, doc); !parsed.ok()) {
    return make_error(parsed.error());
  }
  const GumboNode* root = doc.output->document;
  const bool page = looks_like_page(html);

  ListCandidate log;
  find_log(root, log, 0);
  ParseOutput out;
  if (log.node && log.score >= 3) {
    if (auto c = bubbles_to_conversation(root, log.node)) {
      c->channel = page ? model::Channel::web : model::Channel::chat;
      c->title = page_title(root, 0);
      out.conversations.push_back(std::move(*c));
      return out;
    }
  }

  // No bubbles: the visible text is a plain transcript, the transcript element's when there is one.
  std::string last_error;
  bool any_text = false;
  auto read_text = [&](const GumboNode* from_node) {
    TextBuilder builder;
    collect_text(from_node, builder, 0);
    const std::vector<std::string> lines = builder.lines();
    const std::vector<int> sources = builder.sources();
    any_text = any_text || !lines.empty();
    for (const auto& [from, to] : split_bodies(lines)) {
      std::string body;
      for (size_t i = from; i < to; ++i) {
        body += lines[i];
        body += '\n';
      }
      auto parsed = parse_text_chat_text(body, input);
      if (!parsed.ok()) {
        last_error = parsed.error();
        continue;
      }
      auto map_line = [&, first = from](int text_line) {
        const size_t index = first + static_cast<size_t>(std::max(text_line, 1) - 1);
        return index < sources.size() && text_line > 0 ? sources[index] : 0;
      };
      const std::string prefix = input.display_name + ":";
      for (auto& w : parsed->warnings) {
        // "name:3: …" counts lines of the text; say the page's line instead.
        if (w.rfind(prefix, 0) == 0) {
          const size_t end = w.find(':', prefix.size());
          const std::string number = end == std::string::npos ? "" : w.substr(prefix.size(), end - prefix.size());
          if (!number.empty() && number.size() < 9 &&
              std::all_of(number.begin(), number.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
            w = prefix + std::to_string(map_line(std::stoi(number))) + w.substr(end);
          }
        }
        out.warnings.push_back(std::move(w));
      }
      for (auto& c : parsed->conversations) {
        for (auto& e : c.entries) {
          e.where.first_line = map_line(e.where.first_line);
          e.where.last_line = std::max(e.where.first_line, map_line(e.where.last_line));
        }
        c.where.first_line = map_line(c.where.first_line);
        c.where.last_line = std::max(c.where.first_line, map_line(c.where.last_line));
        c.format = "html-chat";
        if (page) {
          c.channel = model::Channel::web;
        }
        if (c.title.empty()) {
          c.title = page_title(root, 0);
        }
        out.conversations.push_back(std::move(c));
      }
    }
  };
  const auto transcript = transcript_root(root, 0);
  if (transcript) {
    read_text(*transcript);
  }
  if (out.conversations.empty()) {
    out.warnings.clear();
    read_text(root);  // the transcript element was something else: try the whole page
  }
  if (!any_text) {
    return make_error(input.display_name + ": no visible text in the HTML");
  }
  if (out.conversations.empty()) {
    return make_error(last_error.empty() ? input.display_name + ": no chat transcript found in the HTML"
                                         : last_error);
  }
  return out;
}

}  // namespace inwriting::importers
