// X/Twitter archive direct messages (data/direct-messages.js, direct-messages-group.js):
// "window.YTD.direct_messages.part0 = [ {dmConversation: {conversationId, messages: [...]}} ]".
// The archive has user ids only, no names; createdAt is ISO 8601 UTC.
#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "export_json.hpp"
#include "formats.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::importers {

namespace {

using detail::Locator;
using detail::ordered_json;
using detail::raw_string_field;

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

std::optional<model::Timestamp> time_of(const ordered_json& object) {
  const std::string at = raw_string_field(object, "createdAt");
  if (at.empty()) {
    return std::nullopt;
  }
  auto instant = timeutil::parse_iso_datetime(at);
  if (!instant) {
    return std::nullopt;
  }
  return detail::from_instant(*instant);
}

std::string id_list(const ordered_json& object, const char* key) {
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
  const std::string_view bytes = detail::without_bom(input.bytes);
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
  auto parsed = detail::parse_export_json(input, bytes, json_start);
  if (!parsed) {
    return make_error(parsed.error());
  }
  ordered_json root = std::move(*parsed);
  if (!root.is_array()) {
    return make_error(input.display_name + ":1: not an X/Twitter direct-messages archive (no list)");
  }
  Locator locator(bytes);
  ParseOutput out;
  for (const auto& item : root) {
    const ordered_json* conv = nullptr;
    if (item.is_object() && item.contains("dmConversation") && item["dmConversation"].is_object()) {
      conv = &item["dmConversation"];
    }
    if (!conv || !conv->contains("messages") || !(*conv)["messages"].is_array()) {
      continue;
    }
    model::Conversation c;
    c.channel = model::Channel::social;
    c.format = "twitter-dm";
    const std::string id = raw_string_field(*conv, "conversationId");
    if (!id.empty()) {
      c.external_ids.emplace_back("conversation_id", id);
    }
    const auto& messages = (*conv)["messages"];
    const std::vector<std::pair<int, int>> lines = locator.object_lines("messages", messages.size());
    for (size_t k = 0; k < messages.size(); ++k) {
      const auto& wrapper = messages[k];
      if (!wrapper.is_object() || wrapper.empty()) {
        continue;
      }
      const auto first = wrapper.begin();
      const std::string kind = first.key();
      const ordered_json& body = first.value();
      if (!body.is_object()) {
        continue;
      }
      model::Entry e;
      e.where = {lines[k].first, lines[k].second};
      if (auto t = time_of(body)) {
        e.time = *t;
      }
      if (kind == "messageCreate") {
        e.speaker = raw_string_field(body, "senderId");
        e.text = text::nfc(text::normalize_newlines_and_marks(unescape_html(raw_string_field(body, "text"))));
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
        const std::string recipient = raw_string_field(body, "recipientId");
        if (!recipient.empty()) {
          c.participant(recipient);
        }
      } else {
        e.kind = model::EntryKind::event;
        const std::string who = raw_string_field(body, "initiatingUserId");
        if (kind == "joinConversation") {
          e.text = (who.empty() ? "Someone" : who) + " added you to the conversation";
        } else if (kind == "participantsJoin") {
          e.text = id_list(body, "userIds") + " joined the conversation";
        } else if (kind == "participantsLeave") {
          e.text = id_list(body, "userIds") + " left the conversation";
        } else if (kind == "conversationNameUpdate") {
          const std::string name = raw_string_field(body, "name");
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
