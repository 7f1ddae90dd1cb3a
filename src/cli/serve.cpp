// inwriting serve: the local server the "Keep in inwriting" bookmarklet sends an open chat page to.
// The first line on standard output is "listening on http://127.0.0.1:PORT/" (tests read the port
// from it); each page kept is a line after it.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "capture_review.hpp"
#include "commands.hpp"
#include "inwriting/net/capture_server.hpp"

namespace inwriting::cli {

// The bookmarklet holds the port, so a fixed one keeps it working from one run to the next.
constexpr int k_default_serve_port = 8723;

struct ServeOptions {
  int port = k_default_serve_port;
  ParseOptions parse;  // --company, --tz, --me
  std::vector<std::string> company_currencies;
  size_t max_megabytes = 8;
};

int run_serve(const ServeOptions& o, const GlobalOptions& global, Io& io) {
  auto context = make_import_context(o.parse);
  if (!context) {
    io.err << "inwriting: " << context.error() << "\n";
    return k_exit_usage;
  }
  int failed_with = k_exit_ok;
  const std::optional<PromiseFinder> finder = load_promise_finder(o.company_currencies, io, failed_with);
  if (!finder) return failed_with;
  auto store = open_store(global, store::OpenMode::read_write, io);
  if (!store) return k_exit_store;

  auto handle = [&](const net::CapturedPage& page, net::CaptureAction action) {
    const std::string origin = page.page_url.empty() ? std::string("browser capture") : page.page_url;
    // Parsed even when kept before, so the review shows what the page holds.
    Work work = prepare_capture(page.html, origin, origin, CapturedAs::html, "", *context, nullptr);
    work.origin_kind = "capture";
    work.custody_detail = nlohmann::json{{"page_url", page.page_url},
                                         {"title", page.title},
                                         {"captured_at", page.captured_at},
                                         {"user_agent", page.user_agent}}
                              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    net::CaptureSummary summary = summarize(work, *finder);
    if (summary.ok && store->find_source(work.report.sha256)) summary.status = "duplicate";
    if (!summary.ok || action == net::CaptureAction::review) return summary;
    SourceReport report = keep_capture(work, *store, *finder);
    if (report.status == "failed") {
      summary.ok = false;
      summary.error = report.error;
      io.err << "failed  " << printable(report.error) << "\n" << std::flush;
      return summary;
    }
    summary.status = report.status;
    for (const auto& c : report.conversations) {
      if (c.contains("id")) summary.conversation_ids.push_back(c["id"].get<long long>());
    }
    // The title and counts only: the chat's own words stay out of logs.
    std::string ids;
    for (long long id : summary.conversation_ids) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
    io.out << (report.status == "kept" ? "kept    " : "already kept ") << "conversation " << ids << " ("
           << printable(page.title.empty() ? std::string("untitled page") : page.title) << "; " << summary.messages
           << " messages, " << summary.promises.size() << " promises)\n"
           << std::flush;
    return summary;
  };
  auto log_refusal = [&io](const std::string& line) { io.err << printable(line) << "\n" << std::flush; };

  net::CaptureServerOptions options;
  options.port = o.port;
  options.max_body_bytes = o.max_megabytes * 1024 * 1024;
  // Signals are taken by one thread that stops the server: the server's own threads never see them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGUSR1}) sigaddset(&stop_signals, s);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto server = net::CaptureServer::bind(options, handle, log_refusal);
  if (!server) {
    pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
    io.err << "inwriting: " << server.error() << "\n";
    return k_exit_some_failed;
  }
  net::CaptureServer& running = **server;
  io.out << "listening on " << running.base_url() << "\n" << std::flush;
  io.err << "Open " << running.base_url() << " in your browser for the bookmarklet. Ctrl-C stops.\n" << std::flush;
  std::atomic<bool> served_out{false};
  std::thread stopper([&] {
    int received = 0;
    sigwait(&stop_signals, &received);
    // stop() does nothing until the server is listening: a signal at start-up is repeated.
    while (!served_out) {
      running.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  const Status served = running.run();
  served_out = true;
  pthread_kill(stopper.native_handle(), SIGUSR1);  // wakes the stopper if the server ended on its own
  stopper.join();
  pthread_sigmask(SIG_UNBLOCK, &stop_signals, nullptr);
  if (!served) {
    io.err << "inwriting: " << served.error() << "\n";
    return k_exit_some_failed;
  }
  io.err << "stopped\n";
  return k_exit_ok;
}

void setup_serve(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Run the local server for the 'Keep in inwriting' bookmarklet: one click keeps the chat open in your browser");
  cmd->add_option("--port", options->port,
                  "Listen on 127.0.0.1 at this port (default 8723; also port = N under [serve] in the config; 0 picks a free one)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--company", options->parse.company, "The company the captured chats are with");
  cmd->add_option("--tz", options->parse.tz, "Time zone of chats whose clock has no zone, e.g. America/New_York");
  cmd->add_option("--me", options->parse.me, "A participant name that is you (repeatable)")->allow_extra_args(false);
  cmd->add_option("--company-currency", options->company_currencies,
                  "The currency a company bills in, as COMPANY=CODE (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--max-size", options->max_megabytes, "Refuse a page larger than this many MB (default 8)")
      ->check(CLI::Range(static_cast<size_t>(1), static_cast<size_t>(256)));
  cmd->callback([options, &global, &io, &state] { state.exit_code = run_serve(*options, global, io); });
}

}  // namespace inwriting::cli
