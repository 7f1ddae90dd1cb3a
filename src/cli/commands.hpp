#pragma once
// The command layer: each command's file has setup_<command>() that adds a CLI11 subcommand,
// fills an options struct, and calls run_<command>(). Only this layer reads configuration or prints.
#include <CLI/CLI.hpp>

#include <iosfwd>
#include <optional>
#include <string>

#include "inwriting/store/store.hpp"

namespace inwriting::cli {

// Exit codes, documented in man/inwriting.1.
enum ExitCode : int { k_exit_ok = 0, k_exit_some_failed = 1, k_exit_usage = 2, k_exit_store = 3 };

// Machine output carries this version; it changes only when a field changes meaning or goes away.
constexpr int k_json_format_version = 1;

struct GlobalOptions {
  std::string store_path;  // empty: default_store_path()
};

struct Io {
  std::ostream& out;
  std::ostream& err;
  bool out_is_terminal = false;
  bool err_is_terminal = false;
};

// Opens the store named by the global options; on failure prints why and returns nullptr.
std::unique_ptr<store::Store> open_store(const GlobalOptions& global, store::OpenMode mode, Io& io);

// The filters shared by search and list.
struct FilterOptions {
  std::string company;
  std::string since;
  std::string until;
  std::string channel;
  std::string speaker;
  std::string role;
  int limit = 20;
};
void add_filter_options(CLI::App& command, FilterOptions& options);
// Turns the filter flags into store filters, or an error message for people.
Result<store::Filters> to_filters(const FilterOptions& options);

// Every subcommand sets the exit code it wants here when its callback runs.
struct CommandState {
  int exit_code = k_exit_ok;
};

void setup_import(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_search(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_show(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_list(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_stats(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_promises(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_promise(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_due(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_reindex(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_case(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_brief(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_bundle(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_verify(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_pull(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_capture(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);
void setup_serve(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state);

// Text from sources may hold control characters (a hostile file name, an escape sequence in a
// message); strip them before they reach a terminal.
std::string printable(std::string_view s, bool keep_newlines = false);
// "2026-03-04T10:31:52-05:00" → "2026-03-04 10:31:52 -05:00"; zone unknown stays without an offset.
std::string readable_time(const std::string& iso);

}  // namespace inwriting::cli
