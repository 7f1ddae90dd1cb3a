// inwriting show ID
#include <cstdio>

#include <nlohmann/json.hpp>

#include "commands.hpp"

namespace inwriting::cli {

struct ShowOptions {
  int64_t id = 0;
  bool raw = false;
  bool json = false;
};

nlohmann::json summary_json(const store::ConversationSummary& s);

int run_show(const ShowOptions& o, const GlobalOptions& global, Io& io) {
  auto store = open_store(global, store::OpenMode::read_only, io);
  if (!store) {
    return k_exit_store;
  }
  auto c = store->conversation(o.id);
  if (!c) {
    io.err << "inwriting: " << c.error() << "\n";
    return k_exit_usage;
  }
  if (o.raw) {
    auto bytes = store->source_bytes(c->summary.source_id);
    if (!bytes) {
      io.err << "inwriting: " << bytes.error() << "\n";
      return k_exit_store;
    }
    io.out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    io.out.flush();
    return k_exit_ok;
  }
  if (o.json) {
    nlohmann::json doc = summary_json(c->summary);
    doc["format_version"] = k_json_format_version;
    doc["source"] = {{"sha256", c->summary.source_sha256}, {"origin", c->source_origin}, {"imported_at", c->imported_at}};
    nlohmann::json ids = nlohmann::json::object();
    for (const auto& [kind, value] : c->external_ids) {
      ids[kind] = value;
    }
    doc["external_ids"] = ids;
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : c->entries) {
      entries.push_back({{"id", e.id},
                         {"kind", e.kind == model::EntryKind::message ? "message" : "event"},
                         {"time", e.time_iso.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.time_iso)},
                         {"zone_known", e.zone_known},
                         {"speaker", e.speaker},
                         {"role", model::to_string(e.role)},
                         {"text", e.text},
                         {"media", e.is_media},
                         {"lines", {e.first_line, e.last_line}}});
    }
    doc["entries"] = entries;
    nlohmann::json refs = nlohmann::json::array();
    for (const auto& r : c->references) {
      refs.push_back({{"kind", r.kind}, {"value", r.value}});
    }
    doc["references"] = refs;
    io.out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return k_exit_ok;
  }
  const auto& s = c->summary;
  io.out << "Conversation " << s.id << " · " << model::to_string(s.channel);
  if (!s.company.empty()) {
    io.out << " · " << printable(s.company);
  }
  io.out << "\n";
  if (!s.started_iso.empty()) {
    io.out << "Started " << readable_time(s.started_iso);
    if (s.started_iso.size() == 19) {
      io.out << " (local time, zone unknown)";
    }
    io.out << "\n";
  }
  io.out << s.messages << " messages · from " << printable(c->source_origin) << " · sha256 " << s.source_sha256 << "\n";
  std::string who;
  for (const auto& p : s.participants) {
    who += (who.empty() ? "" : ", ") + p.name + " (" + std::string(model::to_string(p.role)) + ")";
  }
  io.out << "Participants: " << printable(who) << "\n";
  if (!c->references.empty()) {
    std::string refs;
    for (const auto& r : c->references) {
      refs += (refs.empty() ? "" : ", ") + r.value + " (" + r.kind + ")";
    }
    io.out << "References: " << printable(refs) << "\n";
  }
  io.out << "\n";
  std::string last_date;
  for (const auto& e : c->entries) {
    std::string when = readable_time(e.time_iso);
    if (e.kind == model::EntryKind::event) {
      io.out << "  · " << printable(e.text) << (when.empty() ? "" : "  (" + when + ")") << "\n";
      continue;
    }
    io.out << (when.empty() ? std::string() : when + "  ") << printable(e.speaker) << " ("
           << model::to_string(e.role) << ")" << (e.is_media ? " [media]" : "") << "\n";
    std::string body = printable(e.text, true);
    size_t start = 0;
    while (start <= body.size()) {
      const size_t end = body.find('\n', start);
      io.out << "    " << body.substr(start, end == std::string::npos ? std::string::npos : end - start) << "\n";
      if (end == std::string::npos) {
        break;
      }
      start = end + 1;
    }
  }
  return k_exit_ok;
}

void setup_show(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state) {
  auto options = std::make_shared<ShowOptions>();
  CLI::App* cmd = app.add_subcommand("show", "Print a conversation as a readable transcript");
  cmd->add_option("id", options->id, "The conversation's number (from import, list or search)")->required();
  cmd->add_flag("--raw", options->raw, "Write the original bytes of its source, unchanged");
  cmd->add_flag("--json", options->json, "Print the conversation as JSON");
  cmd->callback([options, &global, &io, &state] { state.exit_code = run_show(*options, global, io); });
}

}  // namespace inwriting::cli
