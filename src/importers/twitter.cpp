// X/Twitter archive direct messages (data/direct-messages.js, direct-messages-group.js):
// "window.YTD.direct_messages.part0 = [ {dmConversation: {conversationId, messages: [...]}} ]".
// The archive has user ids only, no names; createdAt is ISO 8601 UTC.
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
  return it->get<std::string>();
}

// Tweet and DM text in the archive is HTML-escaped.
std::string unescape_html(std::string_view s) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 6> k_entities = {{
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"}}};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    bool replaced = false;
    if (s[i] == '&') {
      for (const auto& [from, to] : k_entities) {
        if (s.substr(i, from.size()) == from) {
          out += to;
          i += from.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) {
      out.push_back(s[i++]);
    }
  }
  return out;
}

std::optional<model::Timestamp> time_of(const ordered& object) {
  const std::string at = string_field(object, "createdAt");
  if (at.empty()) {
    return std::nullopt;
  }
  auto instant = timeutil::parse_iso_datetime(at);
  if (!instant) {
    return std::nullopt;
  }
  model::Timestamp t = from_utc_seconds(instant->utc_seconds, instant->offset_minutes.value_or(0));
  if (!instant->offset_minutes) {
    t.offset_minutes.reset();
  }
  return t;
}

std::string id_list(const ordered& object, const char* key) {
  std::string out;
  if (object.contains(key) && object[key].is_array()) {
    for (const auto& id : object[key]) {
      if (id.is_string()) {
        out += (out.empty() ? "" : ", ") + id.get<std::string>();
      }
    }
  }
  return out;
}

bool is_tco_only(std::string_view s) {
  s = text::trim(s);
  return s.starts_with("https://t.co/") && s.find(' ') == std::string_view::npos;
}

}  // namespace

int detect_twitter_dm(std::string_view bytes) {
  std::string_view head = text::trim(bytes.substr(0, 4096));
  if (head.starts_with("\xEF\xBB\xBF")) {
    head.remove_prefix(3);
  }
  if (head.starts_with("window.YTD.direct_message")) {
    return 98;
  }
  if (head.starts_with("window.YTD.")) {
    return head.find("dmConversation") != std::string_view::npos ? 90 : 0;
  }
  if (!head.empty() && head.front() == '[' && bytes.find("\"dmConversation\"") != std::string_view::npos &&
      bytes.find("\"messageCreate\"") != std::string_view::npos) {
    return 85;
  }
  return 0;
}

Result<ParseOutput> parse_twitter_dm(const ParseInput& input) {
  std::string_view bytes = input.bytes;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
  }
  if (text::trim(bytes).empty()) {
    return make_error(input.display_name + ":1: the file is empty");
  }
  // "window.YTD.direct_messages.part0 = [ … ]": the JSON starts after the '='.
  size_t json_start = 0;
  {
    const std::string_view trimmed = text::trim(bytes);
    if (trimmed.starts_with("window.")) {
      const size_t eq = bytes.find('=');
      if (eq == std::string_view::npos) {
        return make_error(input.display_name + ":1: no '=' after the window.YTD name");
      }
      json_start = eq + 1;
    }
  }
  const std::string_view json_text = bytes.substr(json_start);
  ordered root;
  try {
    root = ordered::parse(json_text);
  } catch (const nlohmann::json::parse_error& e) {
    const size_t at = json_start + (e.byte == 0 ? 0 : e.byte - 1);
    return make_error(error_at(input, bytes, at, json_problem(e) + " (byte " + std::to_string(at + 1) + ")"));
  }
  if (!root.is_array()) {
    return make_error(input.display_name + ":1: not an X/Twitter direct-messages archive (no list)");
  }
  Locator locator(bytes);
  ParseOutput out;
  for (const auto& item : root) {
    const ordered* conv = nullptr;
    if (item.is_object() && item.contains("dmConversation") && item["dmConversation"].is_object()) {
      conv = &item["dmConversation"];
    }
    if (!conv || !conv->contains("messages") || !(*conv)["messages"].is_array()) {
      continue;
    }
    model::Conversation c;
    c.channel = model::Channel::social;
    c.format = "twitter-dm";
    const std::string id = string_field(*conv, "conversationId");
    if (!id.empty()) {
      c.external_ids.emplace_back("conversation_id", id);
    }
    const auto& messages = (*conv)["messages"];
    std::vector<std::pair<int, int>> lines(messages.size(), {0, 0});
    if (locator.find_key("messages")) {
      for (auto& span : lines) {
        if (!locator.next_object(span.first, span.second)) {
          break;
        }
      }
    }
    for (size_t k = 0; k < messages.size(); ++k) {
      const auto& wrapper = messages[k];
      if (!wrapper.is_object() || wrapper.empty()) {
        continue;
      }
      const auto first = wrapper.begin();
      const std::string kind = first.key();
      const ordered& body = first.value();
      if (!body.is_object()) {
        continue;
      }
      model::Entry e;
      e.where = {lines[k].first, lines[k].second};
      if (auto t = time_of(body)) {
        e.time = *t;
      }
      if (kind == "messageCreate") {
        e.speaker = string_field(body, "senderId");
        e.text = text::nfc(text::normalize_newlines_and_marks(unescape_html(string_field(body, "text"))));
        const bool media = body.contains("mediaUrls") && body["mediaUrls"].is_array() && !body["mediaUrls"].empty();
        if (media && (e.text.empty() || is_tco_only(e.text))) {
          e.text = "[Media]";
          e.is_media = true;
        }
        if (e.text.empty()) {
          continue;
        }
        if (!e.speaker.empty()) {
          c.participant(e.speaker);
        }
        const std::string recipient = string_field(body, "recipientId");
        if (!recipient.empty()) {
          c.participant(recipient);
        }
      } else {
        e.kind = model::EntryKind::event;
        const std::string who = string_field(body, "initiatingUserId");
        if (kind == "joinConversation") {
          e.text = (who.empty() ? "Someone" : who) + " added you to the conversation";
        } else if (kind == "participantsJoin") {
          e.text = id_list(body, "userIds") + " joined the conversation";
        } else if (kind == "participantsLeave") {
          e.text = id_list(body, "userIds") + " left the conversation";
        } else if (kind == "conversationNameUpdate") {
          const std::string name = string_field(body, "name");
          e.text = (who.empty() ? "Someone" : who) + " named the conversation " + name;
          if (!name.empty()) {
            c.title = name;
          }
        } else {
          e.text = kind;
        }
      }
      c.entries.push_back(std::move(e));
    }
    if (c.entries.empty()) {
      continue;
    }
    // The archive writes oldest first; some versions newest first. Put them in time order.
    auto instant = [](const model::Entry& e) { return e.time.utc_seconds().value_or(e.time.wall_seconds()); };
    if (std::all_of(c.entries.begin(), c.entries.end(), [](const model::Entry& e) { return e.time.complete(); })) {
      std::stable_sort(c.entries.begin(), c.entries.end(),
                       [&](const model::Entry& a, const model::Entry& b) { return instant(a) < instant(b); });
    }
    c.where = {c.entries.front().where.first_line, c.entries.front().where.last_line};
    for (const auto& e : c.entries) {
      c.where.first_line = std::min(c.where.first_line, e.where.first_line);
      c.where.last_line = std::max(c.where.last_line, e.where.last_line);
    }
    out.conversations.push_back(std::move(c));
  }
  if (out.conversations.empty()) {
    return make_error(input.display_name + ": no direct-message conversation in this archive");
  }
  // The archive's own account is in every conversation: with two or more, that is the customer.
  if (out.conversations.size() >= 2) {
    std::vector<std::string> common;
    bool first = true;
    for (const auto& c : out.conversations) {
      std::vector<std::string> ids;
      for (const auto& p : c.participants) {
        ids.push_back(p.name);
      }
      if (first) {
        common = ids;
        first = false;
      } else {
        std::erase_if(common, [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) == ids.end(); });
      }
    }
    if (common.size() == 1) {
      for (auto& c : out.conversations) {
        if (auto* p = c.find_participant(common.front())) {
          p->role = model::Role::customer;
          p->role_reason = "the archive's own account";
        }
      }
    }
  }
  return out;
}

}  // namespace inwriting::importers
