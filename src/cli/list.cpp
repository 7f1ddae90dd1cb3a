// inwriting list
#include <nlohmann/json.hpp>

#include "commands.hpp"

namespace inwriting::cli {

struct ListOptions {
  FilterOptions filters;
  bool json = false;
};

nlohmann::json summary_json(const store::ConversationSummary& s) {
  nlohmann::json participants = nlohmann::json::array();
  for (const auto& p : s.participants) {
    participants.push_back({{"name", p.name}, {"role", model::to_string(p.role)}});
  }
  auto or_null = [](const std::string& v) { return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v); };
  return {{"id", s.id},
          {"channel", model::to_string(s.channel)},
          {"company", s.company},
          {"title", s.title},
          {"language", s.language},
          {"format", s.format},
          {"started", or_null(s.started_iso)},
          {"ended", or_null(s.ended_iso)},
          {"messages", s.messages},
          {"participants", participants},
          {"source_sha256", s.source_sha256}};
}

int run_list(const ListOptions& o, const GlobalOptions& global, Io& io) {
  auto filters = to_filters(o.filters);
  if (!filters) {
    io.err << "inwriting: " << filters.error() << "\n";
    return k_exit_usage;
  }
  auto store = open_store(global, store::OpenMode::read_only, io);
  if (!store) {
    return k_exit_store;
  }
  auto rows = store->list(*filters);
  if (!rows) {
    io.err << "inwriting: " << rows.error() << "\n";
    return k_exit_store;
  }
  if (o.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : *rows) {
      list.push_back(summary_json(s));
    }
    nlohmann::json doc = {{"format_version", k_json_format_version}, {"conversations", list}};
    io.out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return k_exit_ok;
  }
  if (rows->empty()) {
    io.out << "No conversations match.\n";
    return k_exit_ok;
  }
  for (const auto& s : *rows) {
    std::string line = std::to_string(s.id) + "  " + (s.started_iso.empty() ? std::string("(no date)") : readable_time(s.started_iso));
    line += "  " + std::string(model::to_string(s.channel)) + "  " + (s.company.empty() ? std::string("(company unknown)") : s.company);
    line += "  " + std::to_string(s.messages) + " messages  ";
    std::string who;
    for (const auto& p : s.participants) {
      who += (who.empty() ? "" : ", ") + p.name + " (" + std::string(model::to_string(p.role)) + ")";
    }
    io.out << printable(line + who) << "\n";
  }
  return k_exit_ok;
}

void setup_list(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state) {
  auto options = std::make_shared<ListOptions>();
  CLI::App* cmd = app.add_subcommand("list", "List the conversations kept, oldest first");
  add_filter_options(*cmd, options->filters);
  cmd->add_flag("--json", options->json, "Print the conversations as JSON");
  cmd->callback([options, &global, &io, &state] { state.exit_code = run_list(*options, global, io); });
}

}  // namespace inwriting::cli
