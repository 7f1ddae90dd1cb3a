// inwriting import PATH... | -
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "inwriting/importers/importer.hpp"
#include "inwriting/util/file.hpp"
#include "inwriting/util/hash.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::cli {

namespace fs = std::filesystem;

struct ImportOptions {
  std::vector<std::string> paths;
  std::string format;
  std::string company;
  std::string channel;
  std::string tz;
  std::vector<std::string> me;
  std::string date_order;
  bool json = false;
};

namespace {

struct Item {
  std::string path;  // "-" for standard input
  std::optional<std::string> read_error;
};

bool is_maildir_tmp(const fs::path& dir) {
  std::error_code ec;
  const fs::path parent = dir.parent_path();
  return dir.filename() == "tmp" && fs::is_directory(parent / "cur", ec) && fs::is_directory(parent / "new", ec);
}

// Files named on the command line, and the regular files under named directories, in a stable order.
std::vector<Item> collect(const std::vector<std::string>& paths) {
  std::vector<Item> items;
  for (const auto& path : paths) {
    if (path == "-") {
      items.push_back({"-", std::nullopt});
      continue;
    }
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      items.push_back({path, path + ": no such file or directory"});
      continue;
    }
    if (!fs::is_directory(status)) {
      items.push_back({path, std::nullopt});
      continue;
    }
    std::vector<Item> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::none, ec), end;
    if (ec) {
      items.push_back({path, path + ": cannot read the directory: " + ec.message()});
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        found.push_back({it->path().string(), it->path().string() + ": cannot read: " + ec.message()});
        ec.clear();
        continue;
      }
      std::error_code type_ec;
      if (it->is_directory(type_ec) && is_maildir_tmp(it->path())) {
        // A Maildir's tmp/ holds messages still being delivered: never evidence yet.
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_directory(type_ec)) {
        // An unreadable directory is reported, and the walk goes on around it.
        std::error_code probe;
        fs::directory_iterator check(it->path(), probe);
        if (probe) {
          found.push_back({it->path().string(), it->path().string() + ": cannot read the directory: " + probe.message()});
          it.disable_recursion_pending();
        }
        continue;
      }
      if (it->is_regular_file(type_ec)) {
        found.push_back({it->path().string(), std::nullopt});
      } else if (it->is_symlink(type_ec)) {
        // A link that leads nowhere (or in a circle) is a file the user meant to keep: say so.
        std::error_code target_ec;
        (void)fs::status(it->path(), target_ec);
        found.push_back({it->path().string(), it->path().string() + ": cannot open: " +
                                                  (target_ec ? target_ec.message() : std::string("not a regular file"))});
      }
    }
    std::sort(found.begin(), found.end(), [](const Item& a, const Item& b) { return a.path < b.path; });
    items.insert(items.end(), found.begin(), found.end());
  }
  return items;
}

std::string display_name(const std::string& path) { return path == "-" ? "-" : path; }

bool looks_like_email(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, 4096);
  int headers = 0;
  for (const char* h : {"\nFrom: ", "\nSubject: ", "\nMessage-ID: ", "\nMessage-Id: ", "\nDate: ", "\nMIME-Version: ", "\nReceived: "}) {
    if (head.find(h) != std::string_view::npos || head.find(h + 1) == 0) {
      ++headers;
    }
  }
  return headers >= 3 || head.rfind("From ", 0) == 0;
}

struct SourceReport {
  std::string source;
  std::string status;  // kept, duplicate, failed
  std::string sha256;
  std::string error;
  std::string format;
  std::vector<std::string> warnings;
  std::vector<nlohmann::json> conversations;
  std::vector<std::string> human_conversations;
};

nlohmann::json conversation_json(int64_t id, bool linked, const model::Conversation& c) {
  nlohmann::json participants = nlohmann::json::array();
  for (const auto& p : c.participants) {
    participants.push_back({{"name", p.name}, {"role", model::to_string(p.role)}});
  }
  nlohmann::json j = {{"id", id},
                      {"company", c.company},
                      {"channel", model::to_string(c.channel)},
                      {"format", c.format},
                      {"language", c.language},
                      {"messages", c.message_count()},
                      {"participants", participants},
                      {"started", c.started ? nlohmann::json(c.started->iso()) : nlohmann::json(nullptr)},
                      {"ended", c.ended ? nlohmann::json(c.ended->iso()) : nlohmann::json(nullptr)}};
  if (linked) {
    j["same_as_earlier"] = true;
  }
  return j;
}

std::string conversation_line(int64_t id, bool linked, const model::Conversation& c) {
  std::string line = "conversation " + std::to_string(id);
  if (!c.company.empty()) {
    line += " (" + c.company + ")";
  }
  line += ", " + std::to_string(c.message_count()) + " messages";
  if (c.started && !c.started->iso().empty()) {
    line += ", " + readable_time(c.started->iso());
    if (c.ended && !c.ended->iso().empty() && c.ended->iso() != c.started->iso()) {
      line += " – " + readable_time(c.ended->iso());
    }
  }
  size_t unknown = 0;
  for (const auto& p : c.participants) {
    unknown += p.role == model::Role::unknown ? 1 : 0;
  }
  if (unknown > 0) {
    line += "; " + std::to_string(unknown) + " participant(s) of unknown role (use --me NAME to say which is you)";
  }
  if (linked) {
    line += "; the same conversation was already kept from another file, linked to it";
  }
  return line;
}

SourceReport import_one(const Item& item, const ImportOptions& o, const model::ImportContext& base,
                        store::Store& store) {
  SourceReport report;
  report.source = item.path;
  report.status = "failed";
  auto fail = [&](std::string why) {
    report.error = std::move(why);
    return report;
  };
  if (item.read_error) {
    return fail(*item.read_error);
  }
  auto bytes = item.path == "-" ? file::read_stdin() : file::read_all(item.path);
  if (!bytes) {
    return fail(bytes.error());
  }
  report.sha256 = hash::sha256_hex(*bytes);
  if (auto existing = store.find_source(report.sha256)) {
    auto outcome = store.import_source({*bytes, item.path, item.path == "-" ? "stdin" : "file", "", ""}, {});
    report.status = "duplicate";
    if (outcome) {
      for (const auto& kc : outcome->conversations) {
        report.conversations.push_back({{"id", kc.id}});
        report.human_conversations.push_back("conversation " + std::to_string(kc.id));
      }
    }
    return report;
  }
  const std::string name = display_name(item.path);
  const importers::Importer* importer = nullptr;
  if (!o.format.empty()) {
    importer = importers::find(o.format);
  } else {
    importer = importers::detect(*bytes);
  }
  if (!importer) {
    if (bytes->empty()) {
      return fail(name + ":1: the file is empty");
    }
    if (looks_like_email(*bytes)) {
      return fail(name + ":1: this looks like an email, but its headers could not be read; is the file cut "
                         "short or not a whole message?");
    }
    auto as_text = importers::decode_text(importers::ParseInput{*bytes, name, &base});
    if (!as_text) {
      return fail(as_text.error());
    }
    return fail(name + ":1: not a chat transcript or export inwriting recognises; if it is one, name its format "
                       "with --format (see 'inwriting import --help')");
  }
  model::ImportContext context = base;
  context.origin = item.path;
  auto parsed = importer->parse(importers::ParseInput{*bytes, name, &context});
  if (!parsed) {
    return fail(parsed.error());
  }
  if (parsed->conversations.empty()) {
    return fail(name + ": no conversation found in it");
  }
  for (auto& c : parsed->conversations) {
    model::finish_conversation(c, context);
  }
  report.format = std::string(importer->name);
  report.warnings = parsed->warnings;
  store::SourceRecord record{std::move(*bytes), item.path == "-" ? "-" : fs::absolute(item.path).string(),
                             item.path == "-" ? "stdin" : "file", std::string(importer->name),
                             std::string(importer->name) + "/1"};
  auto outcome = store.import_source(record, parsed->conversations);
  if (!outcome) {
    return fail(outcome.error());
  }
  report.status = outcome->status == store::ImportStatus::kept ? "kept" : "duplicate";
  for (size_t i = 0; i < outcome->conversations.size() && i < parsed->conversations.size(); ++i) {
    const auto& kc = outcome->conversations[i];
    report.conversations.push_back(conversation_json(kc.id, kc.linked, parsed->conversations[i]));
    report.human_conversations.push_back(conversation_line(kc.id, kc.linked, parsed->conversations[i]));
  }
  return report;
}

}  // namespace

int run_import(const ImportOptions& o, const GlobalOptions& global, Io& io) {
  model::ImportContext context;
  if (!o.company.empty()) {
    context.company = o.company;
  }
  if (!o.channel.empty()) {
    context.channel = model::channel_from_string(o.channel);
  }
  if (!o.tz.empty()) {
    if (!timeutil::is_known_zone(o.tz)) {
      io.err << "inwriting: --tz " << printable(o.tz) << ": not a time zone name; use one like America/New_York or Asia/Bangkok\n";
      return k_exit_usage;
    }
    context.tz = o.tz;
  }
  context.me = o.me;
  if (o.date_order == "dmy") {
    context.date_order = model::ImportContext::DateOrder::dmy;
  } else if (o.date_order == "mdy") {
    context.date_order = model::ImportContext::DateOrder::mdy;
  } else if (o.date_order == "ymd") {
    context.date_order = model::ImportContext::DateOrder::ymd;
  }
  if (!o.format.empty() && !importers::find(o.format)) {
    std::string names;
    for (const auto& imp : importers::registry()) {
      names += (names.empty() ? "" : ", ") + std::string(imp.name);
    }
    io.err << "inwriting: --format " << printable(o.format) << ": unknown format; the formats are: " << names << "\n";
    return k_exit_usage;
  }
  const auto items = collect(o.paths);
  if (std::count_if(items.begin(), items.end(), [](const Item& i) { return i.path == "-"; }) > 1) {
    io.err << "inwriting: '-' (standard input) can be given only once\n";
    return k_exit_usage;
  }
  auto store = open_store(global, store::OpenMode::read_write, io);
  if (!store) {
    return k_exit_store;
  }
  size_t kept = 0, duplicates = 0, failed = 0;
  const bool progress = io.err_is_terminal && items.size() > 20 && !o.json;
  auto print = [&](const SourceReport& r) {
    (r.status == "kept" ? kept : r.status == "duplicate" ? duplicates : failed)++;
    if (o.json) {
      nlohmann::json j = {{"format_version", k_json_format_version},
                          {"source", r.source},
                          {"status", r.status},
                          {"sha256", r.sha256.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.sha256)},
                          {"format", r.format.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.format)},
                          {"conversations", r.conversations},
                          {"warnings", r.warnings},
                          {"error", r.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.error)}};
      io.out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return;
    }
    const std::string shown = printable(r.source);
    if (r.status == "failed") {
      io.err << "failed  " << printable(r.error) << "\n";
      return;
    }
    for (const auto& w : r.warnings) {
      io.err << "warning " << printable(w) << "\n";
    }
    const char* label = r.status == "kept" ? "kept    " : "already kept ";
    if (r.human_conversations.empty()) {
      io.out << label << shown << "\n";
    }
    for (const auto& line : r.human_conversations) {
      io.out << label << shown << ": " << printable(line) << "\n";
    }
  };
  // Sources are committed in batches (each still whole or not at all), and reported once their
  // batch is durable, so "kept" is never printed for something a crash could still take away.
  constexpr size_t k_batch_sources = 500;
  constexpr auto k_batch_time = std::chrono::seconds(1);
  std::vector<SourceReport> pending;
  auto batch_started = std::chrono::steady_clock::now();
  auto flush = [&] {
    if (auto committed = store->commit_batch(); !committed) {
      for (auto& r : pending) {
        if (r.status == "kept") {
          r.status = "failed";
          r.error = committed.error();
          r.conversations.clear();
        }
      }
    }
    for (const auto& r : pending) {
      print(r);
    }
    io.out << std::flush;
    pending.clear();
  };
  for (size_t n = 0; n < items.size(); ++n) {
    if (progress) {
      io.err << "\rimporting " << (n + 1) << "/" << items.size() << "…" << std::flush;
    }
    if (pending.empty()) {
      if (auto begun = store->begin_batch(); !begun) {
        io.err << "inwriting: " << printable(begun.error()) << "\n";
        return k_exit_store;
      }
      batch_started = std::chrono::steady_clock::now();
    }
    pending.push_back(import_one(items[n], o, context, *store));
    if (progress) {
      io.err << "\r\033[K";
    }
    if (pending.size() >= k_batch_sources || std::chrono::steady_clock::now() - batch_started >= k_batch_time) {
      flush();
    }
  }
  flush();
  if (!o.json && items.size() > 1) {
    io.out << kept << " kept, " << duplicates << " already kept, " << failed << " failed\n";
  }
  return failed > 0 ? k_exit_some_failed : k_exit_ok;
}

void setup_import(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state) {
  auto options = std::make_shared<ImportOptions>();
  CLI::App* cmd = app.add_subcommand("import", "Keep chat transcripts, saved chat pages, messaging exports and emails: files, directories, or - for standard input");
  cmd->add_option("paths", options->paths, "Files or directories to import (directories recursively), or - for standard input")
      ->required();
  cmd->add_option("--format", options->format, "Read the input as this format instead of detecting it");
  cmd->add_option("--company", options->company, "The company the conversations are with");
  cmd->add_option("--channel", options->channel, "The channel: chat, email, phone, social, web")
      ->check(CLI::IsMember({"chat", "email", "phone", "social", "web"}));
  cmd->add_option("--tz", options->tz, "Time zone of transcripts whose clock has no zone, e.g. America/New_York");
  cmd->add_option("--me", options->me, "A participant name that is you (repeatable)");
  cmd->add_option("--date-order", options->date_order, "How numeric dates are written when the file cannot tell: dmy, mdy, ymd")
      ->check(CLI::IsMember({"dmy", "mdy", "ymd"}));
  cmd->add_flag("--json", options->json, "Print one JSON object per source");
  cmd->callback([options, &global, &io, &state] { state.exit_code = run_import(*options, global, io); });
}

}  // namespace inwriting::cli
