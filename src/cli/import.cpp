// inwriting import PATH... | -
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
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

// A source read from its file, on its way to a parsing thread.
struct Job {
  size_t seq = 0;
  std::optional<Work> failed;  // set when it could not be read: nothing to parse
  std::string path;
  std::string bytes;
  std::string origin;
  std::string name;
  int line_offset = 0;
  std::string format;
  Detected detected;
};

// One thread reads files, the parsing threads (one per core) parse them and find their promises,
// and the store's writer keeps them in the order they were read. Both queues are short, so memory
// holds a few sources, never the whole input; close() (the store failed) stops every thread.
class Pipeline {
public:
  explicit Pipeline(size_t parsers) : m_parsers(parsers) {}

  // Reading thread: false once the pipeline is closed.
  bool push_job(Job job) {
    std::unique_lock lock(m_mutex);
    m_job_room.wait(lock, [&] { return m_closed || (m_jobs.size() < k_max_items && m_job_bytes < k_max_bytes) || m_jobs.empty(); });
    if (m_closed) return false;
    job.seq = m_next_seq++;
    m_job_bytes += job.bytes.size();
    m_jobs.push_back(std::move(job));
    m_job_ready.notify_one();
    return true;
  }
  void finish_reading() {
    std::lock_guard lock(m_mutex);
    m_reading_done = true;
    m_job_ready.notify_all();
    m_result_ready.notify_all();
  }

  // Parsing threads.
  std::optional<Job> pop_job() {
    std::unique_lock lock(m_mutex);
    m_job_ready.wait(lock, [&] { return m_closed || !m_jobs.empty() || m_reading_done; });
    if (m_closed || m_jobs.empty()) return std::nullopt;
    Job job = std::move(m_jobs.front());
    m_jobs.pop_front();
    m_job_bytes -= std::min(m_job_bytes, job.bytes.size());
    m_job_room.notify_one();
    return job;
  }
  void push_result(size_t seq, Work w) {
    std::unique_lock lock(m_mutex);
    // The one the writer waits for is always let in, so a full buffer never stops the pipeline.
    m_result_room.wait(lock, [&] { return m_closed || seq == m_next_result || m_results.size() < k_max_items; });
    if (m_closed) return;
    m_results.emplace(seq, std::move(w));
    if (seq == m_next_result) m_result_ready.notify_one();
  }

  // Writer: the next source in reading order; nullopt when every one has been handed over.
  std::optional<Work> pop_result() {
    std::unique_lock lock(m_mutex);
    m_result_ready.wait(lock, [&] {
      return m_closed || m_results.count(m_next_result) > 0 || (m_reading_done && m_next_result == m_next_seq);
    });
    auto it = m_results.find(m_next_result);
    if (m_closed || it == m_results.end()) return std::nullopt;
    Work w = std::move(it->second);
    m_results.erase(it);
    ++m_next_result;
    m_result_room.notify_all();
    return w;
  }

  void close() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_job_room.notify_all();
    m_job_ready.notify_all();
    m_result_room.notify_all();
    m_result_ready.notify_all();
  }
  bool closed() {
    std::lock_guard lock(m_mutex);
    return m_closed;
  }
  size_t parsers() const { return m_parsers; }

private:
  static constexpr size_t k_max_items = 64;
  static constexpr size_t k_max_bytes = 32u << 20;
  const size_t m_parsers;
  std::mutex m_mutex;
  std::condition_variable m_job_room, m_job_ready, m_result_room, m_result_ready;
  std::deque<Job> m_jobs;
  size_t m_job_bytes = 0;
  std::map<size_t, Work> m_results;
  size_t m_next_seq = 0;
  size_t m_next_result = 0;
  bool m_reading_done = false;
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

void read_item(const Item& item, const ImportOptions& o, Pipeline& pipeline) {
  auto failed = [&](std::string why) {
    Job job;
    job.failed.emplace();
    job.failed->report.source = item.path;
    job.failed->report.status = "failed";
    job.failed->report.error = std::move(why);
    pipeline.push_job(std::move(job));
  };
  if (item.read_error) {
    return failed(*item.read_error);
  }
  Job job;
  job.path = item.path;
  job.origin = item.path == "-" ? "-" : fs::absolute(item.path).string();
  job.name = display_name(item.path);
  job.format = o.parse.format;
  if (item.path == "-") {
    auto bytes = file::read_stdin();
    if (!bytes) {
      return failed(bytes.error());
    }
    job.bytes = std::move(*bytes);
    pipeline.push_job(std::move(job));
    return;
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
    while (!pipeline.closed()) {
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
      Job message;
      message.path = item.path;
      message.bytes = std::move(m.bytes);
      message.origin = job.origin + ":" + std::to_string(m.first_line);
      message.name = item.path;
      message.line_offset = m.first_line - 1;
      message.format = "mbox";
      pipeline.push_job(std::move(message));
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
  if (bytes.size() == head_size) {
    job.detected = detected;  // the head was the whole file: what was detected of it stands
  }
  job.bytes = std::move(bytes);
  pipeline.push_job(std::move(job));
}

// A parsing thread: parses each job and finds its promises. `reader`, when given, is this
// thread's own connection, to skip parsing what the store already has.
void parse_jobs(Pipeline& pipeline, const model::ImportContext& base, const store::Store* reader,
                const PromiseFinder& finder) {
  while (auto job = pipeline.pop_job()) {
    if (job->failed) {
      pipeline.push_result(job->seq, std::move(*job->failed));
      continue;
    }
    Work w = prepare(job->path, std::move(job->bytes), job->origin, job->name, job->line_offset, job->format, base,
                     reader, job->detected);
    find_promises_ahead(w, finder);
    pipeline.push_result(job->seq, std::move(w));
  }
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
  // One parsing thread per core, each with its own connection to see what earlier runs kept; the
  // writer, the reading thread and the parsers share the cores between them.
  const size_t parsers = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
  Pipeline pipeline(parsers);
  std::vector<std::unique_ptr<store::Store>> readers;
  for (size_t i = 0; i < parsers; ++i) {
    auto reader_store = store::Store::open(store->path(), store::OpenMode::read_only);
    readers.push_back(reader_store ? std::move(*reader_store) : nullptr);
  }
  std::thread reading([&] {
    for (const auto& item : items) {
      if (pipeline.closed()) {
        break;
      }
      read_item(item, o, pipeline);
    }
    pipeline.finish_reading();
  });
  std::vector<std::thread> parsing;
  for (size_t i = 0; i < parsers; ++i) {
    parsing.emplace_back([&, i] { parse_jobs(pipeline, context, readers[i].get(), finder); });
  }
  size_t done = 0;
  bool store_failed = false;
  while (auto work = pipeline.pop_result()) {
    if (progress) {
      io.err << "\rimporting " << (++done) << " (of " << items.size() << " files)…" << std::flush;
    }
    if (pending.empty()) {
      if (auto begun = store->begin_batch(); !begun) {
        io.err << "inwriting: " << printable(begun.error()) << "\n";
        store_failed = true;
        pipeline.close();
        break;
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
  for (auto& t : parsing) t.join();
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
