// Telegram Desktop exports (result.json): one chat, or the whole account with chats.list.
// `date` is the exporter's local wall time without a zone; `date_unixtime` is UTC seconds.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "export_json.hpp"
#include "formats.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::importers {

namespace {

using detail::clean;
using detail::Locator;
using detail::from_utc_seconds;
using detail::looks_like_business;
using detail::ordered_json;
using detail::string_field;

// Telegram's photo and file fields hold paths: an empty one is no media.
bool non_empty(const ordered_json& object, const char* key) {
  return detail::non_empty(object, key, detail::EmptyString::is_nothing);
}

// `text` is a string, or a list of strings and entity objects {type, text}.
std::string flatten_text(const ordered_json& value) {
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

std::string message_text(const ordered_json& m) {
  std::string t = m.contains("text") ? flatten_text(m["text"]) : std::string();
  if (t.empty() && m.contains("text_entities")) {
    t = flatten_text(m["text_entities"]);
  }
  return std::string(text::trim(t));
}

std::string media_placeholder(const ordered_json& m) {
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

std::string readable_action(const ordered_json& m) {
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

std::string sender_of(const ordered_json& m) {
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

std::optional<model::Timestamp> time_of(const ordered_json& m) {
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
      return detail::from_instant(*instant);
    }
  }
  return std::nullopt;
}

model::Conversation parse_chat(const ordered_json& chat, Locator& locator, const std::string& me, const ParseInput& input,
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
  const std::vector<std::pair<int, int>> lines = locator.object_lines("messages", messages.size());
  for (size_t k = 0; k < messages.size(); ++k) {
    const auto& m = messages[k];
    if (!m.is_object()) {
      out.warnings.push_back(detail::skipped_item_warning(input, lines[k].first));
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
  if (!detail::opens_json_object(bytes)) {
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
  const std::string_view bytes = detail::without_bom(input.bytes);
  auto parsed = detail::parse_export_json(input, bytes);
  if (!parsed) {
    return make_error(parsed.error());
  }
  ordered_json root = std::move(*parsed);
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
