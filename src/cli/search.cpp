// inwriting search QUERY
#include <nlohmann/json.hpp>

#include "commands.hpp"

namespace inwriting::cli {

struct SearchOptions {
  std::vector<std::string> words;
  FilterOptions filters;
  bool json = false;
};

namespace {

// Snippets come marked with \x01 … \x02 around the matched words; the text between is made
// printable on its own so the markers survive.
std::string highlight(const std::string& snippet, bool terminal) {
  std::string out;
  std::string run;
  auto flush = [&] {
    for (char& c : run) {
      c = c == '\n' ? ' ' : c;
    }
    out += printable(run);
    run.clear();
  };
  for (char c : snippet) {
    if (c == '\x01' || c == '\x02') {
      flush();
      out += c == '\x01' ? (terminal ? "\033[1m" : "[") : (terminal ? "\033[0m" : "]");
    } else {
      run += c;
    }
  }
  flush();
  return out;
}

std::string plain(const std::string& snippet) {
  std::string out;
  for (char c : snippet) {
    if (c != '\x01' && c != '\x02') {
      out += c;
    }
  }
  return out;
}

}  // namespace

int run_search(const SearchOptions& o, const GlobalOptions& global, Io& io) {
  auto filters = to_filters(o.filters);
  if (!filters) {
    io.err << "inwriting: " << filters.error() << "\n";
    return k_exit_usage;
  }
  std::string query;
  for (const auto& w : o.words) {
    query += (query.empty() ? "" : " ") + w;
  }
  auto store = open_store(global, store::OpenMode::read_only, io);
  if (!store) {
    return k_exit_store;
  }
  auto hits = store->search(query, *filters);
  if (!hits) {
    io.err << "inwriting: search: " << printable(hits.error()) << "\n";
    return k_exit_usage;
  }
  if (o.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& h : *hits) {
      list.push_back({{"conversation", h.conversation_id},
                      {"message", h.message_id},
                      {"company", h.company},
                      {"time", h.time_iso.empty() ? nlohmann::json(nullptr) : nlohmann::json(h.time_iso)},
                      {"speaker", h.speaker},
                      {"role", model::to_string(h.role)},
                      {"snippet", plain(h.snippet)},
                      {"source_sha256", h.source_sha256}});
    }
    nlohmann::json doc = {{"format_version", k_json_format_version}, {"query", query}, {"hits", list}};
    io.out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return k_exit_ok;
  }
  if (hits->empty()) {
    io.out << "Nothing found for " << printable(query) << ".\n";
    return k_exit_ok;
  }
  for (const auto& h : *hits) {
    std::string head = "conversation " + std::to_string(h.conversation_id);
    if (!h.company.empty()) {
      head += " · " + h.company;
    }
    if (!h.time_iso.empty()) {
      head += " · " + readable_time(h.time_iso);
    }
    head += " · " + (h.speaker.empty() ? std::string("(no speaker)") : h.speaker) + " (" +
            std::string(model::to_string(h.role)) + ")";
    io.out << printable(head) << "\n    " << highlight(h.snippet, io.out_is_terminal) << "\n";
  }
  return k_exit_ok;
}

void setup_search(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state) {
  auto options = std::make_shared<SearchOptions>();
  CLI::App* cmd = app.add_subcommand("search", "Find messages by their words, best matches first");
  cmd->add_option("query", options->words, "Words to find (all of them); \"a phrase\"; OR; NOT; a trailing * for a prefix")
      ->required();
  add_filter_options(*cmd, options->filters);
  cmd->add_flag("--json", options->json, "Print the hits as JSON");
  cmd->callback([options, &global, &io, &state] { state.exit_code = run_search(*options, global, io); });
}

}  // namespace inwriting::cli
