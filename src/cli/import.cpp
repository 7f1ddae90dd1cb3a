// inwriting import PATH... | -
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "import_pipeline.hpp"
#include "inwriting/importers/importer.hpp"
#include "importers/mbox_reader.hpp"
#include "inwriting/util/file.hpp"
#include "inwriting/util/hash.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::cli {

namespace fs = std::filesystem;

struct ImportOptions {
  std::vector<std::string> paths;
  ParseOptions parse;
  std::vector<std::string> company_currencies;  // "Acme=MXN"
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

// Reading and parsing run on one thread, writing on another: the store's writer is the slower
// half, and it never waits for a disk read or a MIME parse. The queue is short, so memory holds a
// few sources, never the whole input.
class WorkQueue {
public:
  void push(Work w) {
    std::unique_lock lock(m_mutex);
    m_not_full.wait(lock, [&] { return m_closed || (m_items.size() < k_max_items && m_bytes < k_max_bytes) || m_items.empty(); });
    m_bytes += w.bytes.size();
    m_items.push_back(std::move(w));
    m_not_empty.notify_one();
  }
  std::optional<Work> pop() {
    std::unique_lock lock(m_mutex);
    m_not_empty.wait(lock, [&] { return !m_items.empty() || m_done; });
    if (m_items.empty()) {
      return std::nullopt;
    }
    Work w = std::move(m_items.front());
    m_items.pop_front();
    m_bytes -= std::min(m_bytes, w.bytes.size());
    m_not_full.notify_one();
    return w;
  }
  void finish() {
    std::lock_guard lock(m_mutex);
    m_done = true;
    m_not_empty.notify_all();
  }
  // The writer gave up (the store failed): the reader stops early.
  void close() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_not_full.notify_all();
  }
  bool closed() {
    std::lock_guard lock(m_mutex);
    return m_closed;
  }

private:
  static constexpr size_t k_max_items = 64;
  static constexpr size_t k_max_bytes = 32u << 20;
  std::mutex m_mutex;
  std::condition_variable m_not_empty;
  std::condition_variable m_not_full;
  std::deque<Work> m_items;
  size_t m_bytes = 0;
  bool m_done = false;
  bool m_closed = false;
};

// Whether a file's first bytes are an mbox's, to be read a message at a time; `detected` gets
// what importers::detect() said of them.
bool is_mbox(std::string_view head, const ImportOptions& o, Detected& detected) {
  if (!o.parse.format.empty()) {
    return o.parse.format == "mbox";
  }
  const importers::Importer* importer = importers::detect(head);
  detected = Detected{true, importer};
  return importer && importer->name == "mbox";
}

void read_item(const Item& item, const ImportOptions& o, const model::ImportContext& base, const store::Store* reader,
               WorkQueue& queue) {
  auto failed = [&](std::string why) {
    Work w;
    w.report.source = item.path;
    w.report.status = "failed";
    w.report.error = std::move(why);
    queue.push(std::move(w));
  };
  if (item.read_error) {
    return failed(*item.read_error);
  }
  const std::string origin = item.path == "-" ? "-" : fs::absolute(item.path).string();
  if (item.path == "-") {
    auto bytes = file::read_stdin();
    if (!bytes) {
      return failed(bytes.error());
    }
    return queue.push(prepare(item.path, std::move(*bytes), origin, display_name(item.path), 0, o.parse.format, base, reader));
  }
  // One open per file: its first bytes decide whether it is read whole or a message at a time.
  auto opened = file::open_file(item.path);
  if (!opened) {
    return failed(opened.error());
  }
  const int fd = *opened;
  std::string bytes;
  if (auto head = file::read_into(fd, item.path, bytes, 64 * 1024); !head) {
    ::close(fd);
    return failed(head.error());
  }
  Detected detected;
  if (is_mbox(bytes, o, detected) && ::lseek(fd, 0, SEEK_SET) == 0) {
    // An mbox is read a message at a time: each is a source of its own, kept or not on its own.
    importers::MboxReader mbox(fd, item.path);
    // Each message is an email, whatever its bytes look like (a message cut in its headers too).
    bool any = false;
    while (!queue.closed()) {
      auto next = mbox.next();
      if (!next) {
        failed(next.error());
        continue;
      }
      if (!*next) {
        break;
      }
      any = true;
      importers::MboxMessage& m = **next;
      queue.push(prepare(item.path, std::move(m.bytes), origin + ":" + std::to_string(m.first_line), item.path,
                         m.first_line - 1, "mbox", base, reader));
    }
    ::close(fd);
    if (!any) {
      failed(item.path + ":1: no email message found in this mbox");
    }
    return;
  }
  const size_t head_size = bytes.size();
  auto rest = file::read_into(fd, item.path, bytes);
  ::close(fd);
  if (!rest) {
    return failed(rest.error());
  }
  if (bytes.size() != head_size) {
    detected = {};  // the head was not the whole file: detect again on all of it
  }
  queue.push(prepare(item.path, std::move(bytes), origin, display_name(item.path), 0, o.parse.format, base, reader, detected));
}

}  // namespace

int run_import(const ImportOptions& o, const GlobalOptions& global, Io& io) {
  auto made = make_import_context(o.parse);
  if (!made) {
    io.err << "inwriting: " << made.error() << "\n";
    return k_exit_usage;
  }
  const model::ImportContext context = std::move(*made);
  // Loaded before anything is read: a broken rule file stops the import, it does not skip promises.
  int failed_with = k_exit_ok;
  const std::optional<PromiseFinder> loaded_finder = load_promise_finder(o.company_currencies, io, failed_with);
  if (!loaded_finder) return failed_with;
  const PromiseFinder& finder = *loaded_finder;
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
    print_report(r, o.json, io);
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
  // The reading thread's own connection sees what earlier runs kept, so it skips parsing those.
  auto reader_store = store::Store::open(store->path(), store::OpenMode::read_only);
  const store::Store* reader = reader_store ? reader_store->get() : nullptr;
  WorkQueue queue;
  std::thread reading([&] {
    for (const auto& item : items) {
      if (queue.closed()) {
        break;
      }
      read_item(item, o, context, reader, queue);
    }
    queue.finish();
  });
  size_t done = 0;
  bool store_failed = false;
  while (auto work = queue.pop()) {
    if (store_failed) {
      continue;
    }
    if (progress) {
      io.err << "\rimporting " << (++done) << " (of " << items.size() << " files)…" << std::flush;
    }
    if (pending.empty()) {
      if (auto begun = store->begin_batch(); !begun) {
        io.err << "inwriting: " << printable(begun.error()) << "\n";
        store_failed = true;
        queue.close();
        continue;
      }
      batch_started = std::chrono::steady_clock::now();
    }
    pending.push_back(keep(*work, *store, finder));
    if (progress) {
      io.err << "\r\033[K";
    }
    if (pending.size() >= k_batch_sources || std::chrono::steady_clock::now() - batch_started >= k_batch_time) {
      flush();
    }
  }
  reading.join();
  if (store_failed) {
    return k_exit_store;
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
  cmd->add_option("--format", options->parse.format, "Read the input as this format instead of detecting it");
  cmd->add_option("--company", options->parse.company, "The company the conversations are with");
  cmd->add_option("--channel", options->parse.channel, "The channel: chat, email, phone, social, web")
      ->check(CLI::IsMember({"chat", "email", "phone", "social", "web"}));
  cmd->add_option("--tz", options->parse.tz, "Time zone of transcripts whose clock has no zone, e.g. America/New_York");
  // One value per occurrence: "--me Dana a.txt b.txt" must leave both files to the paths.
  cmd->add_option("--me", options->parse.me, "A participant name that is you (repeatable)")->allow_extra_args(false);
  cmd->add_option("--date-order", options->parse.date_order, "How numeric dates are written when the file cannot tell: dmy, mdy, ymd")
      ->check(CLI::IsMember({"dmy", "mdy", "ymd"}));
  cmd->add_option("--company-domain", options->parse.company_domains,
                  "An email domain and the company it belongs to, as DOMAIN=COMPANY (repeatable; also "
                  "company-domain = [...] under [import] in the config)")
      ->allow_extra_args(false);
  cmd->add_option("--company-currency", options->company_currencies,
                  "The currency a company bills in, as COMPANY=CODE (repeatable): what a bare $ in its "
                  "promises means (also company-currency = [...] under [import] in the config)")
      ->allow_extra_args(false);
  cmd->add_flag("--json", options->json, "Print one JSON object per source");
  cmd->callback([options, &global, &io, &state] { state.exit_code = run_import(*options, global, io); });
}

}  // namespace inwriting::cli
