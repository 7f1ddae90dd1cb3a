#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "commands.hpp"
#include "inwriting/cli/main.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::cli {

namespace {

std::string default_config_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) {
    return std::string(xdg) + "/inwriting/config.toml";
  }
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.config/inwriting/config.toml";
}

}  // namespace

std::unique_ptr<store::Store> open_store(const GlobalOptions& global, store::OpenMode mode, Io& io) {
  const std::string path = global.store_path.empty() ? store::default_store_path() : global.store_path;
  auto opened = store::Store::open(path, mode);
  if (!opened) {
    io.err << "inwriting: " << printable(opened.error()) << "\n";
    return nullptr;
  }
  return std::move(*opened);
}

void add_filter_options(CLI::App& command, FilterOptions& o) {
  command.add_option("--company", o.company, "Only this company's conversations");
  command.add_option("--since", o.since, "Only from this date or time on (YYYY-MM-DD or ISO 8601)");
  command.add_option("--until", o.until, "Only before this date or time (YYYY-MM-DD or ISO 8601)");
  command.add_option("--channel", o.channel, "Only this channel: chat, email, phone, social, web")
      ->check(CLI::IsMember({"chat", "email", "phone", "social", "web"}));
  command.add_option("--speaker", o.speaker, "Only what this participant said");
  command.add_option("--role", o.role, "Only what the company's side (agent) or you (customer) said")
      ->check(CLI::IsMember({"agent", "customer"}));
  command.add_option("--limit", o.limit, "At most this many results (default 20)")->check(CLI::PositiveNumber);
}

static Result<int64_t> parse_when(const std::string& flag, const std::string& value, bool end_of_day) {
  if (auto instant = timeutil::parse_iso_datetime(value)) {
    if (value.size() == 10 && end_of_day) {
      return instant->utc_seconds + 86400;
    }
    return instant->utc_seconds;
  }
  return make_error(flag + " " + value + ": not a date; write it as YYYY-MM-DD or 2026-03-04T10:30");
}

Result<store::Filters> to_filters(const FilterOptions& o) {
  store::Filters f;
  if (!o.company.empty()) {
    f.company = o.company;
  }
  if (!o.since.empty()) {
    auto when = parse_when("--since", o.since, false);
    if (!when) {
      return Error{when.error()};
    }
    f.since_utc = *when;
  }
  if (!o.until.empty()) {
    auto when = parse_when("--until", o.until, true);
    if (!when) {
      return Error{when.error()};
    }
    f.until_utc = *when;
  }
  if (!o.channel.empty()) {
    f.channel = model::channel_from_string(o.channel);
  }
  if (!o.speaker.empty()) {
    f.speaker = o.speaker;
  }
  if (!o.role.empty()) {
    f.role = model::role_from_string(o.role);
  }
  f.limit = o.limit;
  return f;
}

std::string printable(std::string_view s, bool keep_newlines) {
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t start = pos;
    const char32_t cp = text::next_code_point(s, pos);
    if (cp == '\n' && keep_newlines) {
      out += '\n';
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) ||
               (cp >= 0x2066 && cp <= 0x2069)) {
      out += cp == '\t' ? " " : "?";
    } else if (cp == 0xFFFD && pos - start != 3) {
      out += "?";
    } else {
      out.append(s.substr(start, pos - start));
    }
  }
  return out;
}

std::string readable_time(const std::string& iso) {
  if (iso.size() < 19) {
    return iso;
  }
  std::string out = iso.substr(0, 10) + " " + iso.substr(11, 8);
  if (iso.size() > 19) {
    const std::string zone = iso.substr(19);
    out += " " + (zone == "+00:00" ? std::string("UTC") : zone);
  }
  return out;
}

int main(int argc, char** argv) {
  Io io{std::cout, std::cerr, ::isatty(1) == 1, ::isatty(2) == 1};
  CLI::App app{"inwriting keeps your side of the record: support chats, emails and what was promised in them.",
               "inwriting"};
  app.set_version_flag("--version", std::string("inwriting ") + INWRITING_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions global;
  app.add_option("--store", global.store_path, "The store file (default: $INWRITING_HOME/store.db, else "
                                              "$XDG_DATA_HOME/inwriting/store.db)");
  app.set_config("--config", default_config_path(), "Read options from this TOML file", false);
  CommandState state;
  setup_import(app, global, io, state);
  setup_search(app, global, io, state);
  setup_show(app, global, io, state);
  setup_list(app, global, io, state);
  setup_stats(app, global, io, state);
  setup_promises(app, global, io, state);
  setup_promise(app, global, io, state);
  setup_due(app, global, io, state);
  setup_reindex(app, global, io, state);
  setup_case(app, global, io, state);
  setup_brief(app, global, io, state);
  setup_bundle(app, global, io, state);
  setup_verify(app, global, io, state);
  setup_pull(app, global, io, state);
  setup_capture(app, global, io, state);
  setup_serve(app, global, io, state);
  if (argc <= 1) {
    // Typing the bare name is how people ask what it does.
    io.out << app.help();
    return k_exit_usage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, io.out, io.err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, io.out, io.err);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e, io.out, io.err);
  } catch (const CLI::ParseError& e) {
    io.err << "inwriting: " << e.what() << "\n";
    io.err << "Run 'inwriting --help' (or 'inwriting COMMAND --help') to see what it takes.\n";
    return k_exit_usage;
  } catch (const std::exception& e) {
    io.err << "inwriting: error: " << printable(e.what()) << "\n";
    return k_exit_store;
  }
  return state.exit_code;
}

}  // namespace inwriting::cli
