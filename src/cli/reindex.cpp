// inwriting reindex --promises — find promises again everywhere, after the rules changed.
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "promise_index.hpp"

namespace inwriting::cli {

struct ReindexOptions {
  bool promises = false;
  std::vector<std::string> company_currencies;
  bool json = false;
};

int run_reindex(const ReindexOptions& o, const GlobalOptions& global, Io& io) {
  if (!o.promises) {
    io.err << "inwriting: say what to rebuild: --promises\n";
    return k_exit_usage;
  }
  int failed_with = k_exit_ok;
  const std::optional<PromiseFinder> finder = load_promise_finder(o.company_currencies, io, failed_with);
  if (!finder) return failed_with;
  auto store = open_store(global, store::OpenMode::read_write, io);
  if (!store) return k_exit_store;
  auto ids = store->conversation_ids();
  if (!ids) {
    io.err << "inwriting: " << ids.error() << "\n";
    return k_exit_store;
  }
  store::PromiseIndexOutcome total;
  // One transaction: a reindex that stops half-way leaves the old promises, not a mix.
  if (auto begun = store->begin_batch(); !begun) {
    io.err << "inwriting: " << begun.error() << "\n";
    return k_exit_store;
  }
  for (const int64_t id : *ids) {
    auto outcome = index_promises(*store, *finder, id);
    if (!outcome) {
      io.err << "inwriting: conversation " << id << ": " << outcome.error() << "\n";
      return k_exit_store;
    }
    total.added += outcome->added;
    total.updated += outcome->updated;
    total.removed += outcome->removed;
    total.kept_with_history += outcome->kept_with_history;
  }
  if (auto committed = store->commit_batch(); !committed) {
    io.err << "inwriting: " << committed.error() << "\n";
    return k_exit_store;
  }
  if (o.json) {
    nlohmann::json doc = {{"format_version", k_json_format_version}, {"conversations", ids->size()},
                          {"added", total.added}, {"updated", total.updated}, {"removed", total.removed},
                          {"kept_with_history", total.kept_with_history}, {"rules", finder->extractor->rules_digest()}};
    io.out << doc.dump(2) << "\n";
    return k_exit_ok;
  }
  io.out << "Searched " << ids->size() << " conversations with rules " << finder->extractor->rules_digest() << ": "
         << total.added << " promises new, " << total.updated << " found again, " << total.removed << " no longer found";
  if (total.kept_with_history > 0)
    io.out << " (" << total.kept_with_history << " more no longer found but kept, because you recorded their status)";
  io.out << ".\n";
  return k_exit_ok;
}

void setup_reindex(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state) {
  auto options = std::make_shared<ReindexOptions>();
  CLI::App* cmd = app.add_subcommand("reindex", "Rebuild what is derived from the kept sources");
  cmd->add_flag("--promises", options->promises, "Find every promise again with the current rules");
  cmd->add_option("--company-currency", options->company_currencies,
                  "The currency a company bills in, as COMPANY=CODE (repeatable), as for import")
      ->allow_extra_args(false);
  cmd->add_flag("--json", options->json, "Print the counts as JSON");
  cmd->callback([options, &global, &io, &state] { state.exit_code = run_reindex(*options, global, io); });
}

}  // namespace inwriting::cli
