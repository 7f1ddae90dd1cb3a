// inwriting stats
#include <nlohmann/json.hpp>

#include "commands.hpp"

namespace inwriting::cli {

struct StatsOptions {
  bool json = false;
};

int run_stats(const StatsOptions& o, const GlobalOptions& global, Io& io) {
  auto store = open_store(global, store::OpenMode::read_only, io);
  if (!store) {
    return k_exit_store;
  }
  auto stats = store->stats();
  if (!stats) {
    io.err << "inwriting: " << stats.error() << "\n";
    return k_exit_store;
  }
  auto grouped = [](const std::vector<std::pair<std::string, int64_t>>& rows) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [key, count] : rows) {
      j[key.empty() ? "(unknown)" : key] = count;
    }
    return j;
  };
  if (o.json) {
    nlohmann::json doc = {{"format_version", k_json_format_version},
                          {"sources", stats->sources},
                          {"conversations", stats->conversations},
                          {"messages", stats->messages},
                          {"events", stats->events},
                          {"by_company", grouped(stats->by_company)},
                          {"by_channel", grouped(stats->by_channel)},
                          {"by_language", grouped(stats->by_language)}};
    io.out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return k_exit_ok;
  }
  io.out << stats->sources << " sources, " << stats->conversations << " conversations, " << stats->messages
         << " messages\n";
  auto print = [&](const char* title, const std::vector<std::pair<std::string, int64_t>>& rows) {
    if (rows.empty()) {
      return;
    }
    io.out << "\n" << title << "\n";
    for (const auto& [key, count] : rows) {
      io.out << "  " << printable(key.empty() ? "(unknown)" : key) << ": " << count << "\n";
    }
  };
  print("By company", stats->by_company);
  print("By channel", stats->by_channel);
  print("By language", stats->by_language);
  return k_exit_ok;
}

void setup_stats(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state) {
  auto options = std::make_shared<StatsOptions>();
  CLI::App* cmd = app.add_subcommand("stats", "Count what is kept, by company, channel and language");
  cmd->add_flag("--json", options->json, "Print the counts as JSON");
  cmd->callback([options, &global, &io, &state] { state.exit_code = run_stats(*options, global, io); });
}

}  // namespace inwriting::cli
