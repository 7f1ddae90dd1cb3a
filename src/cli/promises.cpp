// inwriting promises [--open|--overdue|--kept|--broken|--all] [--company C] [--since D] [--due-before D] [--json]
// inwriting promises --explain ID
#include "commands.hpp"
#include "promise_output.hpp"

namespace inwriting::cli {

struct PromisesOptions {
  bool open = false;
  bool overdue = false;
  bool kept = false;
  bool broken = false;
  bool all = false;
  std::string company;
  std::string since;
  std::string due_before;
  int64_t explain = 0;
  bool json = false;
};

namespace {

int explain_promise(int64_t id, store::Store& store, Io& io) {
  auto p = store.promise(id);
  if (!p) {
    io.err << "inwriting: " << p.error() << "\n";
    return k_exit_usage;
  }
  io.out << "Promise " << p->id << " (" << p->found.kind << ", " << money_text(p->found) << ", " << p->status << ")\n";
  io.out << "Said by " << printable(p->found.speaker) << " at " << readable_time(p->found.said_at) << " in conversation "
         << p->conversation_id << ", message " << p->found.message_id << ", bytes " << p->found.quote_begin << "-"
         << p->found.quote_end << ":\n";
  io.out << "  \"" << printable(p->found.quote) << "\"\n";
  io.out << "How it was decided (rules " << p->rules << "):\n";
  size_t start = 0;
  const std::string& steps = p->found.explain;
  while (start < steps.size()) {
    const size_t end = std::min(steps.find('\n', start), steps.size());
    io.out << "  " << printable(steps.substr(start, end - start)) << "\n";
    start = end + 1;
  }
  io.out << "  confidence " << p->found.confidence << "\n";
  if (p->found.retracted_by) io.out << "Taken back in message " << *p->found.retracted_by << " (see 'inwriting show " << p->conversation_id << "').\n";
  if (!p->history.empty()) {
    io.out << "History:\n";
    for (const auto& e : p->history) {
      io.out << "  " << readable_time(e.at) << "  " << (e.status.empty() ? "note" : e.status)
             << (e.who.empty() ? "" : " by " + printable(e.who)) << (e.note.empty() ? "" : ": " + printable(e.note)) << "\n";
    }
  }
  return k_exit_ok;
}

}  // namespace

int run_promises(const PromisesOptions& o, const GlobalOptions& global, Io& io) {
  for (const std::string* date : {&o.since, &o.due_before}) {
    if (!date->empty() && !timeutil::parse_iso_date(*date)) {
      io.err << "inwriting: " << printable(*date) << ": write dates as YYYY-MM-DD, e.g. 2026-03-31\n";
      return k_exit_usage;
    }
  }
  auto store = open_store(global, store::OpenMode::read_only, io);
  if (!store) return k_exit_store;
  if (o.explain > 0) return explain_promise(o.explain, *store, io);

  const std::string today = today_local();
  store::PromiseFilters filters;
  if (!o.company.empty()) filters.company = o.company;
  if (!o.since.empty()) filters.said_since = o.since;
  if (!o.due_before.empty()) filters.due_before = o.due_before;
  if (o.overdue) filters.due_before = filters.due_before ? std::min(*filters.due_before, today) : today;
  if (!o.all) {
    if (o.open || o.overdue) filters.statuses.push_back("open");
    if (o.kept) filters.statuses.push_back("kept");
    if (o.broken) filters.statuses.push_back("broken");
    if (filters.statuses.empty()) filters.statuses.push_back("open");
  }
  auto found = store->promises(filters);
  if (!found) {
    io.err << "inwriting: " << found.error() << "\n";
    return k_exit_store;
  }
  if (o.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : *found) list.push_back(promise_json(p));
    io.out << list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return k_exit_ok;
  }
  if (found->empty()) {
    // "None yet" only when nothing narrowed the list: with a filter, nothing may match yet others exist.
    const bool unfiltered = o.all && o.company.empty() && o.since.empty() && o.due_before.empty() && !o.overdue;
    io.out << (unfiltered ? "No promises are kept in the store yet.\n" : "No promises match.\n");
    return k_exit_ok;
  }
  print_promise_table(*found, today, io);
  return k_exit_ok;
}

void setup_promises(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state) {
  auto options = std::make_shared<PromisesOptions>();
  CLI::App* cmd = app.add_subcommand("promises", "List what the companies promised you, soonest due first");
  auto* open = cmd->add_flag("--open", options->open, "Promises not yet kept, broken or taken back (the default)");
  cmd->add_flag("--overdue", options->overdue, "Open promises past their due date");
  cmd->add_flag("--kept", options->kept, "Promises you marked kept");
  cmd->add_flag("--broken", options->broken, "Promises you marked broken");
  cmd->add_flag("--all", options->all, "Every promise, retracted ones included")->excludes(open);
  cmd->add_option("--company", options->company, "Only this company's promises");
  cmd->add_option("--since", options->since, "Only promises made on or after this date (YYYY-MM-DD)");
  cmd->add_option("--due-before", options->due_before, "Only promises due before this date (YYYY-MM-DD)");
  cmd->add_option("--explain", options->explain, "Say which cue and which checks made promise ID a promise")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--json", options->json, "Print the promises as a JSON array");
  cmd->callback([options, &global, &io, &state] { state.exit_code = run_promises(*options, global, io); });
}

}  // namespace inwriting::cli
