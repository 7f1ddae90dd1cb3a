// Facebook Messenger / Instagram thread exports (message_1.json, message_2.json, …).
// Messages come newest first; timestamp_ms is UTC milliseconds; every string is UTF-8 that the
// exporter wrote as if each byte were a Latin-1 character.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "export_json.hpp"
#include "formats.hpp"

namespace inwriting::importers {

namespace {

using detail::clean;
using detail::from_utc_seconds;
using detail::looks_like_business;
using detail::non_empty;
using detail::ordered_json;
using detail::string_field;

std::optional<int64_t> integer_field(const ordered_json& object, const char* key) {
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

std::string media_placeholder(const ordered_json& m) {
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

}  // namespace

int detect_messenger(std::string_view bytes) {
  if (!detail::opens_json_object(bytes)) {
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
  const std::string_view bytes = detail::without_bom(input.bytes);
  auto parsed = detail::parse_export_json(input, bytes);
  if (!parsed) {
    return make_error(parsed.error());
  }
  ordered_json root = std::move(*parsed);
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
  detail::Locator locator(bytes);
  const auto& messages = root["messages"];
  const std::vector<std::pair<int, int>> lines = locator.object_lines("messages", messages.size());

  ParseOutput out;
  for (size_t k = messages.size(); k-- > 0;) {
    const auto& m = messages[k];
    if (!m.is_object()) {
      out.warnings.push_back(detail::skipped_item_warning(input, lines[k].first));
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
