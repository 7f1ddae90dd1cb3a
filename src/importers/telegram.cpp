// Telegram Desktop exports (result.json): one chat, or the whole account with chats.list.
// `date` is the exporter's local wall time without a zone; `date_unixtime` is UTC seconds.
#include <algorithm>
#include <array>
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

std::string json_problem(const nlohmann::json::parse_error& e) {
  const std::string what = e.what();
  return what.find("UTF-8") != std::string::npos ? "invalid UTF-8 in the JSON" : "not valid JSON";
}

std::string error_at(const ParseInput& input, std::string_view bytes, size_t byte, const std::string& what) {
  Locator where(bytes);
  return input.display_name + ":" + std::to_string(where.line_of(std::min(byte, bytes.size()))) + ": " + what;
}

std::string string_field(const ordered& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) {
    return {};
  }
  return clean(it->get<std::string>());
}

bool non_empty(const ordered& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return false;
  }
  if (it->is_array() || it->is_object() || it->is_string()) {
    return !it->empty() && !(it->is_string() && it->get<std::string>().empty());
  }
  return true;
}

// `text` is a string, or a list of strings and entity objects {type, text}.
std::string flatten_text(const ordered& value) {
  if (value.is_string()) {
    return clean(value.get<std::string>());
  }
  std::string out;
  if (value.is_array()) {
    for (const auto& part : value) {
      if (part.is_string()) {
        out += part.get<std::string>();
      } else if (part.is_object() && part.contains("text") && part["text"].is_string()) {
        out += part["text"].get<std::string>();
      }
    }
  }
  return clean(out);
}

std::string message_text(const ordered& m) {
  std::string t = m.contains("text") ? flatten_text(m["text"]) : std::string();
  if (t.empty() && m.contains("text_entities")) {
    t = flatten_text(m["text_entities"]);
  }
  return std::string(text::trim(t));
}

std::string media_placeholder(const ordered& m) {
  const std::string media_type = m.contains("media_type") && m["media_type"].is_string()
                                     ? m["media_type"].get<std::string>()
                                     : std::string();
  if (media_type == "sticker") {
    const std::string emoji = string_field(m, "sticker_emoji");
    return emoji.empty() ? "[Sticker]" : "[Sticker " + emoji + "]";
  }
  if (media_type == "video_file") {
    return "[Video]";
  }
  if (media_type == "video_message") {
    return "[Video message]";
  }
  if (media_type == "voice_message") {
    return "[Voice message]";
  }
  if (media_type == "audio_file") {
    return "[Audio]";
  }
  if (media_type == "animation") {
    return "[GIF]";
  }
  if (non_empty(m, "photo")) {
    return "[Photo]";
  }
  if (non_empty(m, "file")) {
    return "[File]";
  }
  if (non_empty(m, "location_information")) {
    return "[Location]";
  }
  if (non_empty(m, "contact_information")) {
    return "[Contact]";
  }
  if (m.contains("poll") && m["poll"].is_object()) {
    const std::string q = string_field(m["poll"], "question");
    return q.empty() ? "[Poll]" : "[Poll] " + q;
  }
  if (!media_type.empty()) {
    return "[Media]";
  }
  return {};
}

std::string readable_action(const ordered& m) {
  std::string action = string_field(m, "action");
  std::replace(action.begin(), action.end(), '_', ' ');
  std::string actor = string_field(m, "actor");
  std::string out = actor.empty() ? action : action.empty() ? actor : actor + " " + action;
  const std::string title = string_field(m, "title");
  if (!title.empty()) {
    out += " «" + title + "»";
  }
  return out.empty() ? "service message" : out;
}

std::string sender_of(const ordered& m) {
  std::string from = string_field(m, "from");
  if (!from.empty()) {
    return from;
  }
  if (m.contains("from_id")) {
    if (m["from_id"].is_string()) {
      return m["from_id"].get<std::string>();
    }
    if (m["from_id"].is_number_integer()) {
      return "user" + std::to_string(m["from_id"].get<int64_t>());
    }
  }
  if (m.contains("from")) {
    return "Deleted Account";  // "from": null
  }
  return {};
}

std::optional<model::Timestamp> time_of(const ordered& m) {
  if (m.contains("date_unixtime")) {
    const auto& u = m["date_unixtime"];
    if (u.is_number_integer()) {
      return from_utc_seconds(u.get<int64_t>(), 0);
    }
    if (u.is_string()) {
      const std::string s = u.get<std::string>();
      if (!s.empty() && s.size() < 16 && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
        return from_utc_seconds(std::stoll(s), 0);
      }
    }
  }
  if (m.contains("date") && m["date"].is_string()) {
    if (auto instant = timeutil::parse_iso_datetime(m["date"].get<std::string>())) {
      if (instant->offset_minutes) {
        return from_utc_seconds(instant->utc_seconds, *instant->offset_minutes);
      }
      model::Timestamp t = from_utc_seconds(instant->utc_seconds, 0);
      t.offset_minutes.reset();  // local wall time, zone unknown
      return t;
    }
  }
  return std::nullopt;
}

model::Conversation parse_chat(const ordered& chat, Locator& locator, const std::string& me, const ParseInput& input,
                               ParseOutput& out) {
  model::Conversation c;
  c.channel = model::Channel::social;
  c.format = "telegram";
  c.title = string_field(chat, "name");
  const std::string type = chat.contains("type") && chat["type"].is_string() ? chat["type"].get<std::string>() : "";
  if (chat.contains("id") && chat["id"].is_number_integer()) {
    c.external_ids.emplace_back("chat_id", std::to_string(chat["id"].get<int64_t>()));
  }
  const auto& messages = chat["messages"];
  std::vector<std::pair<int, int>> lines(messages.size(), {0, 0});
  if (locator.find_key("messages")) {
    for (auto& span : lines) {
      if (!locator.next_object(span.first, span.second)) {
        break;
      }
    }
  }
  for (size_t k = 0; k < messages.size(); ++k) {
    const auto& m = messages[k];
    if (!m.is_object()) {
      out.warnings.push_back(input.display_name + ":" + std::to_string(lines[k].first) +
                             ": a message that is not an object was skipped");
      continue;
    }
    model::Entry e;
    e.where = {lines[k].first, lines[k].second};
    if (auto t = time_of(m)) {
      e.time = *t;
    }
    const std::string mtype = m.contains("type") && m["type"].is_string() ? m["type"].get<std::string>() : "message";
    if (mtype == "service") {
      e.kind = model::EntryKind::event;
      e.text = message_text(m);
      if (e.text.empty()) {
        e.text = readable_action(m);
      }
    } else {
      e.speaker = sender_of(m);
      e.text = message_text(m);
      if (e.text.empty()) {
        e.text = media_placeholder(m);
        e.is_media = !e.text.empty();
      }
      if (e.text.empty()) {
        continue;
      }
      if (!e.speaker.empty()) {
        c.participant(e.speaker);
      }
    }
    c.entries.push_back(std::move(e));
  }
  if (!c.entries.empty()) {
    c.where = {c.entries.front().where.first_line, c.entries.back().where.last_line};
  }
  if (!me.empty()) {
    if (auto* p = c.find_participant(me)) {
      p->role = model::Role::customer;
      p->role_reason = "the exporting account";
    }
  }
  if (type == "bot_chat" && !c.title.empty()) {
    auto& p = c.participant(c.title);
    p.role = model::Role::bot;
    p.role_reason = "a Telegram bot chat";
  }
  for (const auto& p : c.participants) {
    if (p.role == model::Role::unknown && looks_like_business(p.name)) {
      c.company = p.name;
      break;
    }
  }
  if (c.company.empty() && !c.title.empty() && looks_like_business(c.title) && c.find_participant(c.title)) {
    c.company = c.title;
  }
  if (!c.company.empty()) {
    auto& p = c.participant(c.company);
    if (p.role == model::Role::unknown) {
      p.role = model::Role::agent;
      p.role_reason = "the business account of the chat";
    }
  }
  return c;
}

}  // namespace

int detect_telegram(std::string_view bytes) {
  const std::string_view head = text::trim(bytes.substr(0, 4096));
  if (head.empty() || (head.front() != '{' && !head.starts_with("\xEF\xBB\xBF{"))) {
    return 0;
  }
  const bool messages = bytes.find("\"messages\"") != std::string_view::npos;
  const bool unixtime = bytes.find("\"date_unixtime\"") != std::string_view::npos;
  const bool entities = bytes.find("\"text_entities\"") != std::string_view::npos;
  const bool from_id = bytes.find("\"from_id\"") != std::string_view::npos;
  const bool date = bytes.find("\"date\"") != std::string_view::npos;
  const bool chat_type = bytes.find("\"personal_chat\"") != std::string_view::npos ||
                         bytes.find("\"private_group\"") != std::string_view::npos ||
                         bytes.find("\"private_supergroup\"") != std::string_view::npos ||
                         bytes.find("\"bot_chat\"") != std::string_view::npos ||
                         bytes.find("\"saved_messages\"") != std::string_view::npos ||
                         bytes.find("\"public_channel\"") != std::string_view::npos ||
                         bytes.find("\"private_channel\"") != std::string_view::npos;
  const bool account = bytes.find("\"personal_information\"") != std::string_view::npos &&
                       bytes.find("\"chats\"") != std::string_view::npos;
  if (bytes.find("\"sender_name\"") != std::string_view::npos && bytes.find("\"timestamp_ms\"") != std::string_view::npos) {
    return 0;  // Messenger
  }
  if (messages && (unixtime || entities || account)) {
    return 95;
  }
  if (messages && from_id && date && chat_type) {
    return 90;
  }
  if (messages && from_id && date) {
    return 70;
  }
  return 0;
}

Result<ParseOutput> parse_telegram(const ParseInput& input) {
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
    return make_error(error_at(input, bytes, e.byte == 0 ? 0 : e.byte - 1,
                               json_problem(e) + " (byte " + std::to_string(e.byte) + ")"));
  }
  if (!root.is_object()) {
    return make_error(input.display_name + ":1: not a Telegram export (not a JSON object)");
  }
  ParseOutput out;
  Locator locator(bytes);
  std::string me;
  if (root.contains("personal_information") && root["personal_information"].is_object()) {
    const auto& info = root["personal_information"];
    me = string_field(info, "first_name");
    const std::string last = string_field(info, "last_name");
    if (!last.empty()) {
      me += (me.empty() ? "" : " ") + last;
    }
  }
  auto add = [&](model::Conversation c) {
    if (c.message_count() > 0 || !c.entries.empty()) {
      out.conversations.push_back(std::move(c));
    }
  };
  if (root.contains("messages") && root["messages"].is_array()) {
    add(parse_chat(root, locator, me, input, out));
  } else {
    for (const auto& [key, value] : root.items()) {
      if ((key != "chats" && key != "left_chats") || !value.is_object() || !value.contains("list") ||
          !value["list"].is_array()) {
        continue;
      }
      for (const auto& chat : value["list"]) {
        if (chat.is_object() && chat.contains("messages") && chat["messages"].is_array()) {
          add(parse_chat(chat, locator, me, input, out));
        }
      }
    }
  }
  if (out.conversations.empty()) {
    return make_error(input.display_name + ": no chat with messages in this Telegram export");
  }
  return out;
}

}  // namespace inwriting::importers
