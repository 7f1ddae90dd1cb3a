// Facebook Messenger / Instagram thread exports (message_1.json, message_2.json, …).
// Messages come newest first; timestamp_ms is UTC milliseconds; every string is UTF-8 that the
// exporter wrote as if each byte were a Latin-1 character.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "formats.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::importers {

namespace {

using ordered = nlohmann::ordered_json;

// ---- where things are in the original bytes (nlohmann keeps no positions) ----

class Locator {
public:
  explicit Locator(std::string_view s) : m_s(s) {
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\n') {
        m_newlines.push_back(i);
      }
    }
  }
  int line_of(size_t pos) const {
    return static_cast<int>(std::lower_bound(m_newlines.begin(), m_newlines.end(), pos) - m_newlines.begin()) + 1;
  }
  // Moves to the next `"key":` outside strings at or after the cursor; false when there is none.
  bool find_key(std::string_view key) {
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
  // The next '{' … matching '}' from the cursor: its first and last line; the cursor moves past it.
  bool next_object(int& first_line, int& last_line) {
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

private:
  std::string_view m_s;
  size_t m_pos = 0;
  std::vector<size_t> m_newlines;
};

// ---- text ----

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

std::string string_field(const ordered& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return {};
  }
  return clean(it->get<std::string>());
}

std::optional<int64_t> integer_field(const ordered& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) {
    return std::nullopt;
  }
  if (it->is_number_unsigned()) {
    const uint64_t v = it->get<uint64_t>();
    return v > static_cast<uint64_t>(INT64_MAX / 2) ? std::nullopt : std::optional<int64_t>(static_cast<int64_t>(v));
  }
  if (it->is_number_integer()) {
    const int64_t v = it->get<int64_t>();
    return v < INT64_MIN / 2 ? std::nullopt : std::optional<int64_t>(v);
  }
  if (it->is_number_float()) {
    const double v = it->get<double>();
    return v > -1e15 && v < 1e15 ? std::optional<int64_t>(static_cast<int64_t>(v)) : std::nullopt;
  }
  return std::nullopt;
}

bool non_empty(const ordered& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return false;
  }
  if (it->is_array() || it->is_object()) {
    return !it->empty();
  }
  return true;
}

model::Timestamp from_utc_seconds(int64_t utc, int offset_minutes) {
  if (utc < -2208988800LL || utc > 32503680000LL) {
    return {};  // before 1900 or after 3000: not a time anyone chatted at
  }
  const int64_t wall = utc + offset_minutes * 60;
  int64_t days = wall / 86400;
  int64_t rest = wall % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  model::Timestamp t;
  t.date = timeutil::civil_from_days(days);
  t.time = timeutil::TimeOfDay{static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                               static_cast<int>(rest % 60), true};
  t.offset_minutes = offset_minutes;
  return t;
}

// Names that are a business rather than a person.
constexpr std::array k_business_words = {
    " co.",    " co ",     " inc",      " ltd",      " llc",     " s.a.",   " s.l.",   " gmbh",  "official",
    "store",   "shop",     "boutique",  "support",   "customer", "service", "company", "corp",   "tienda",
    "oficial", "almacén",  "bazar",     "ropa",      "ร้าน",       "บริษัท",    "จำกัด",     "ช็อป",     "ออฟฟิเชียล",
    "เครื่องใช้ไฟฟ้า", "official store", "mall",    "market",   "outlet",  "travel",  "airlines", "bank"};

bool looks_like_business(std::string_view name) {
  const std::string lowered = " " + text::to_lower_ascii(name) + " ";
  const std::string folded = " " + text::fold_for_search(name) + " ";
  return std::any_of(k_business_words.begin(), k_business_words.end(), [&](const char* w) {
    return lowered.find(w) != std::string::npos || folded.find(text::fold_for_search(w)) != std::string::npos;
  });
}

bool is_unsent_notice(std::string_view content) {
  return content.ends_with("unsent a message") || content.ends_with("unsent a message.") ||
         content.find("anuló el envío de un mensaje") != std::string_view::npos ||
         content.find("eliminó un mensaje") != std::string_view::npos ||
         content.find("ยกเลิกการส่งข้อความ") != std::string_view::npos;
}

// Messenger writes some system notices as ordinary messages.
bool is_system_notice(std::string_view content) {
  constexpr std::array k_notices = {"You are now connected on Messenger", "joined the group", "left the group",
                                    "named the group", "changed the group photo", "set the nickname",
                                    "set your nickname", "started a video chat", "started an audio call",
                                    "The video chat ended", "The call ended", "missed a call",
                                    "missed a video chat", "Ahora están conectados en Messenger"};
  if (content == "Liked a message" || (content.starts_with("Reacted ") && content.ends_with(" to your message"))) {
    return true;  // Instagram writes reactions as messages
  }
  return std::any_of(k_notices.begin(), k_notices.end(),
                     [&](const char* n) { return content.find(n) != std::string_view::npos; });
}

std::string media_placeholder(const ordered& m) {
  if (non_empty(m, "photos")) {
    return "[Photo]";
  }
  if (non_empty(m, "videos")) {
    return "[Video]";
  }
  if (non_empty(m, "audio_files")) {
    return "[Audio]";
  }
  if (non_empty(m, "gifs")) {
    return "[GIF]";
  }
  if (non_empty(m, "sticker")) {
    return "[Sticker]";
  }
  if (non_empty(m, "files")) {
    return "[File]";
  }
  return {};
}

std::string json_problem(const nlohmann::json::parse_error& e) {
  const std::string what = e.what();
  return what.find("UTF-8") != std::string::npos ? "invalid UTF-8 in the JSON" : "not valid JSON";
}

std::string error_at(const ParseInput& input, std::string_view bytes, size_t byte, const std::string& what) {
  Locator where(bytes);
  return input.display_name + ":" + std::to_string(where.line_of(std::min(byte, bytes.size()))) + ": " + what;
}

}  // namespace

int detect_messenger(std::string_view bytes) {
  const std::string_view head = text::trim(bytes.substr(0, 4096));
  if (head.empty() || (head.front() != '{' && !head.starts_with("\xEF\xBB\xBF{"))) {
    return 0;
  }
  const bool participants = bytes.find("\"participants\"") != std::string_view::npos;
  const bool messages = bytes.find("\"messages\"") != std::string_view::npos;
  const bool sender = bytes.find("\"sender_name\"") != std::string_view::npos;
  const bool timestamp = bytes.find("\"timestamp_ms\"") != std::string_view::npos;
  const bool thread = bytes.find("\"thread_type\"") != std::string_view::npos ||
                      bytes.find("\"magic_words\"") != std::string_view::npos ||
                      bytes.find("\"is_still_participant\"") != std::string_view::npos ||
                      bytes.find("\"thread_path\"") != std::string_view::npos;
  if (participants && messages && sender && timestamp) {
    return thread ? 95 : 85;
  }
  if (messages && sender && timestamp) {
    return 60;
  }
  return 0;
}

Result<ParseOutput> parse_messenger(const ParseInput& input) {
  std::string_view bytes = input.bytes;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
  }
  if (text::trim(bytes).empty()) {
    return make_error(input.display_name + ":1: the file is empty");
  }
  ordered root;
  try {
    root = ordered::parse(bytes);
  } catch (const nlohmann::json::parse_error& e) {
    return make_error(error_at(input, bytes, e.byte == 0 ? 0 : e.byte - 1, json_problem(e) + " (byte " +
                                                                              std::to_string(e.byte) + ")"));
  }
  if (!root.is_object() || !root.contains("messages") || !root["messages"].is_array()) {
    return make_error(input.display_name + ":1: not a Messenger thread (no \"messages\" list)");
  }

  model::Conversation c;
  c.channel = model::Channel::social;
  c.format = "messenger";
  c.title = string_field(root, "title");
  const std::string thread_path = root.contains("thread_path") && root["thread_path"].is_string()
                                      ? root["thread_path"].get<std::string>()
                                      : std::string();
  if (!thread_path.empty()) {
    c.external_ids.emplace_back("thread_path", thread_path);
  }
  if (root.contains("participants") && root["participants"].is_array()) {
    for (const auto& p : root["participants"]) {
      std::string name = p.is_object() ? string_field(p, "name") : p.is_string() ? clean(p.get<std::string>()) : "";
      if (!name.empty()) {
        c.participant(name);
      }
    }
  }

  // Positions: messages in file order (newest first).
  Locator locator(bytes);
  const auto& messages = root["messages"];
  std::vector<std::pair<int, int>> lines(messages.size(), {0, 0});
  if (locator.find_key("messages")) {
    for (auto& span : lines) {
      if (!locator.next_object(span.first, span.second)) {
        break;
      }
    }
  }

  ParseOutput out;
  for (size_t k = messages.size(); k-- > 0;) {
    const auto& m = messages[k];
    if (!m.is_object()) {
      out.warnings.push_back(input.display_name + ":" + std::to_string(lines[k].first) +
                             ": a message that is not an object was skipped");
      continue;
    }
    model::Entry e;
    e.where = {lines[k].first, lines[k].second};
    e.speaker = string_field(m, "sender_name");
    if (auto ms = integer_field(m, "timestamp_ms")) {
      e.time = from_utc_seconds(*ms >= 0 ? *ms / 1000 : -((-*ms + 999) / 1000), 0);
    } else if (auto seconds = integer_field(m, "timestamp")) {
      e.time = from_utc_seconds(*seconds, 0);
    }
    const std::string content = string_field(m, "content");
    const std::string type = m.contains("type") && m["type"].is_string() ? m["type"].get<std::string>() : "";
    const bool unsent = m.contains("is_unsent") && m["is_unsent"].is_boolean() && m["is_unsent"].get<bool>();
    if (unsent || is_unsent_notice(content)) {
      e.kind = model::EntryKind::event;
      e.text = e.speaker.empty() ? "A message was unsent" : e.speaker + " unsent a message";
      e.speaker.clear();
    } else if (type == "Subscribe" || type == "Unsubscribe" || type == "Call" || is_system_notice(content)) {
      e.kind = model::EntryKind::event;
      e.text = content.empty() ? type : content;
      e.speaker.clear();
    } else {
      const std::string media = media_placeholder(m);
      e.text = content;
      if (non_empty(m, "share")) {
        const auto& share = m["share"];
        const std::string link = share.is_object() ? string_field(share, "link") : "";
        if (!link.empty() && e.text.find(link) == std::string::npos) {
          e.text += e.text.empty() ? link : "\n" + link;
        }
      }
      if (e.text.empty() && !media.empty()) {
        e.text = media;
        e.is_media = true;
      }
      if (e.text.empty()) {
        continue;  // nothing the person said survives in the export
      }
    }
    if (e.kind == model::EntryKind::message && !e.speaker.empty()) {
      c.participant(e.speaker);
    }
    c.entries.push_back(std::move(e));
  }
  if (c.entries.empty()) {
    return make_error(input.display_name + ": the thread has no messages");
  }
  // Exports are newest first; one that is not still comes out in time order.
  if (std::all_of(c.entries.begin(), c.entries.end(), [](const model::Entry& e) { return e.time.complete(); })) {
    std::stable_sort(c.entries.begin(), c.entries.end(), [](const model::Entry& a, const model::Entry& b) {
      return a.time.wall_seconds() < b.time.wall_seconds();
    });
  }
  c.where = {c.entries.front().where.first_line, 0};
  for (const auto& e : c.entries) {
    c.where.first_line = std::min(c.where.first_line, e.where.first_line);
    c.where.last_line = std::max(c.where.last_line, e.where.last_line);
  }

  // The business Page: the thread is titled after the other side; in a customer's export of a
  // two-person thread that other side is the Page. Business-looking names are Pages anywhere.
  std::string page;
  if (c.participants.size() == 2 && !c.title.empty() && c.find_participant(c.title)) {
    page = c.title;
  }
  if (page.empty()) {
    for (const auto& p : c.participants) {
      if (looks_like_business(p.name)) {
        page = p.name;
        break;
      }
    }
  }
  if (!page.empty()) {
    c.company = page;
    auto& p = c.participant(page);
    p.role = model::Role::agent;
    p.role_reason = "the business Page of the thread";
  }
  out.conversations.push_back(std::move(c));
  return out;
}

}  // namespace inwriting::importers
