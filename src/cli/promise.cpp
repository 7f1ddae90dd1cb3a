// inwriting promise ID --kept | --broken | --open | --note TEXT
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "commands.hpp"
#include "promise_output.hpp"

namespace inwriting::cli {

struct PromiseOptions {
  int64_t id = 0;
  bool kept = false;
  bool broken = false;
  bool reopen = false;
  std::string note;
  bool json = false;
};

namespace {

std::string user_name() {
  if (const char* user = std::getenv("USER"); user && *user) return user;
  if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_name) return pw->pw_name;
  return "";
}

}  // namespace

int run_promise(const PromiseOptions& o, const GlobalOptions& global, Io& io) {
  const int statuses = int(o.kept) + int(o.broken) + int(o.reopen);
  if (statuses > 1) {
    io.err << "inwriting: give one of --kept, --broken or --open\n";
    return k_exit_usage;
  }
  auto store = open_store(global, statuses == 0 && o.note.empty() ? store::OpenMode::read_only : store::OpenMode::read_write, io);
  if (!store) return k_exit_store;
  if (statuses > 0 || !o.note.empty()) {
    store::PromiseEvent event;
    event.at = timeutil::format_iso(timeutil::now_utc(), 0);
    event.status = o.kept ? "kept" : o.broken ? "broken" : o.reopen ? "open" : "";
    event.note = o.note;
    event.who = user_name();
    if (auto recorded = store->add_promise_event(o.id, event); !recorded) {
      io.err << "inwriting: " << recorded.error() << "\n";
      return k_exit_usage;
    }
  }
  auto p = store->promise(o.id);
  if (!p) {
    io.err << "inwriting: " << p.error() << "\n";
    return k_exit_usage;
  }
  if (o.json) {
    nlohmann::json doc = promise_json(*p);
    nlohmann::json history = nlohmann::json::array();
    for (const auto& e : p->history) {
      history.push_back({{"at", e.at}, {"status", e.status.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.status)},
                         {"note", e.note}, {"who", e.who}});
    }
    doc["history"] = history;
    doc["retracted_by"] = p->found.retracted_by ? nlohmann::json(*p->found.retracted_by) : nlohmann::json(nullptr);
    io.out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return k_exit_ok;
  }
  print_promise_table({*p}, today_local(), io);
  for (const auto& e : p->history) {
    io.out << "  " << readable_time(e.at) << "  " << (e.status.empty() ? "note" : e.status)
           << (e.note.empty() ? "" : ": " + printable(e.note)) << "\n";
  }
  return k_exit_ok;
}

void setup_promise(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state) {
  auto options = std::make_shared<PromiseOptions>();
  CLI::App* cmd = app.add_subcommand("promise", "Show one promise, or record that it was kept or broken");
  cmd->add_option("id", options->id, "The promise's number (from 'inwriting promises')")->required()->check(CLI::PositiveNumber);
  cmd->add_flag("--kept", options->kept, "The company did what it promised");
  cmd->add_flag("--broken", options->broken, "The company did not do what it promised");
  cmd->add_flag("--open", options->reopen, "Still waiting: undo an earlier --kept or --broken (both stay in the history)");
  cmd->add_option("--note", options->note, "A dated note, e.g. 'called, they said next week, ref 4471'");
  cmd->add_flag("--json", options->json, "Print the promise and its history as JSON");
  cmd->callback([options, &global, &io, &state] { state.exit_code = run_promise(*options, global, io); });
}

}  // namespace inwriting::cli
