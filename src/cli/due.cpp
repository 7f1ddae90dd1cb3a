// inwriting due [--within DAYS] [--json] — for cron: exit 3 when an open promise is overdue.
#include <algorithm>

#include "commands.hpp"
#include "promise_output.hpp"

namespace inwriting::cli {

// `due` keeps its own exit codes (man page): 3 says "something is overdue", so a cron job or a
// script can act on it; failures are 1.
constexpr int k_due_nothing = 0;
constexpr int k_due_failed = 1;
constexpr int k_due_overdue = 3;

struct DueOptions {
  int within = 0;
  bool json = false;
};

int run_due(const DueOptions& o, const GlobalOptions& global, Io& io) {
  auto store = open_store(global, store::OpenMode::read_only, io);
  if (!store) return k_due_failed;
  const std::string today = today_local();
  auto today_date = timeutil::parse_iso_date(today);
  // Dates compare as YYYY-MM-DD text, so the horizon must stay a four-digit year: a century ahead
  // covers every promise, and keeps `--within 2147483647` from overflowing into the past.
  constexpr int64_t k_max_within_days = 36500;
  const int64_t within = std::min<int64_t>(o.within, k_max_within_days);
  const std::string horizon = timeutil::format_date(timeutil::add_days(*today_date, within + 1));
  store::PromiseFilters filters;
  filters.statuses = {"open"};
  filters.due_before = horizon;
  auto found = store->promises(filters);
  if (!found) {
    io.err << "inwriting: " << found.error() << "\n";
    return k_due_failed;
  }
  std::vector<store::StoredPromise> overdue;
  std::vector<store::StoredPromise> soon;
  for (auto& p : *found) (p.found.due < today ? overdue : soon).push_back(std::move(p));
  if (o.within == 0) soon.clear();
  if (o.json) {
    nlohmann::json doc = {{"format_version", k_json_format_version}, {"today", today},
                          {"overdue", nlohmann::json::array()}, {"due_soon", nlohmann::json::array()}};
    for (const auto& p : overdue) doc["overdue"].push_back(promise_json(p));
    for (const auto& p : soon) doc["due_soon"].push_back(promise_json(p));
    io.out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    if (!overdue.empty()) {
      io.out << overdue.size() << (overdue.size() == 1 ? " promise is" : " promises are") << " overdue:\n";
      print_promise_table(overdue, today, io);
    }
    if (!soon.empty()) {
      io.out << (overdue.empty() ? "" : "\n") << soon.size() << (soon.size() == 1 ? " promise is" : " promises are")
             << " due within " << o.within << (o.within == 1 ? " day" : " days") << ":\n";
      print_promise_table(soon, today, io);
    }
    // Quiet under cron when all is well; a person at a terminal still gets an answer.
    if (overdue.empty() && soon.empty() && io.out_is_terminal) io.out << "Nothing is overdue.\n";
  }
  return overdue.empty() ? k_due_nothing : k_due_overdue;
}

void setup_due(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state) {
  auto options = std::make_shared<DueOptions>();
  CLI::App* cmd = app.add_subcommand("due", "For cron: list open promises past their due date; exit 3 if there are any");
  cmd->add_option("--within", options->within, "Also list promises due in the next DAYS days")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--json", options->json, "Print them as JSON");
  cmd->callback([options, &global, &io, &state] { state.exit_code = run_due(*options, global, io); });
}

}  // namespace inwriting::cli
