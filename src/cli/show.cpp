// inwriting show ID
#include <cstdio>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "inwriting/util/text.hpp"

namespace inwriting::cli {

struct ShowOptions {
  int64_t id = 0;
  bool raw = false;
  bool json = false;
};

nlohmann::json summary_json(const store::ConversationSummary& s);

namespace {
std::string human_size(int64_t bytes) {
  char buffer[32];
  if (bytes < 1024) {
    std::snprintf(buffer, sizeof buffer, "%lld bytes", static_cast<long long>(bytes));
  } else if (bytes < 1024 * 1024) {
    std::snprintf(buffer, sizeof buffer, "%.1f KB", static_cast<double>(bytes) / 1024);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1f MB", static_cast<double>(bytes) / (1024 * 1024));
  }
  return buffer;
}
}  // namespace

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
                         {"lines", {e.first_line, e.last_line}},
                         {"address", e.address.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.address)},
                         {"message_id", e.email_message_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.email_message_id)},
                         {"signature_at", e.signature_at ? nlohmann::json(*e.signature_at) : nlohmann::json(nullptr)},
                         {"quoted_only", e.quoted}});
    }
    doc["entries"] = entries;
    nlohmann::json refs = nlohmann::json::array();
    for (const auto& r : c->references) {
      refs.push_back({{"kind", r.kind}, {"value", r.value}});
    }
    doc["references"] = refs;
    nlohmann::json attachments = nlohmann::json::array();
    for (const auto& a : c->attachments) {
      attachments.push_back({{"file_name", a.file_name},
                             {"content_type", a.content_type},
                             {"size", a.size},
                             {"kept", a.kept},
                             {"note", a.note.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.note)},
                             {"sha256", a.sha256.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.sha256)}});
    }
    doc["attachments"] = attachments;
    nlohmann::json emails = nlohmann::json::array();
    for (const auto& e : c->emails) {
      auto or_null = [](const std::string& v) { return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v); };
      emails.push_back({{"message_id", or_null(e.message_id)},
                        {"subject", e.subject},
                        {"from", e.from_address},
                        {"date", e.date_utc ? nlohmann::json(timeutil::format_iso(*e.date_utc, 0)) : nlohmann::json(nullptr)},
                        {"maildir_flags", or_null(e.maildir_flags)},
                        {"sha256", e.sha256}});
    }
    doc["emails"] = emails;
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
  for (const auto& a : c->attachments) {
    io.out << (a.kept ? "Attachment: " : "Not kept: ") << printable(a.file_name) << " (" << printable(a.content_type)
           << ", " << human_size(a.size) << (a.note.empty() ? "" : ", " + printable(a.note))
           << (a.sha256.empty() ? "" : ", sha256 " + a.sha256.substr(0, 12) + "…") << ")\n";
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
           << model::to_string(e.role) << ")" << (e.is_media ? " [media]" : "")
           << (e.quoted ? " [from a later email's quoted history]" : "") << "\n";
    std::string own = e.signature_at ? e.text.substr(0, static_cast<size_t>(*e.signature_at)) : e.text;
    std::string body = printable(text::trim_unicode(own), true);
    if (e.signature_at) {
      body += "\n[signature] " + printable(text::trim_unicode(e.text.substr(static_cast<size_t>(*e.signature_at))), true);
    }
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
