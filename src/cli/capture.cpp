// inwriting capture: keep a chat while it is still on the screen — pasted (standard input or the
// clipboard) or fetched from a transcript link (--url) — after showing what was understood.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "capture_review.hpp"
#include "commands.hpp"
#include "import_pipeline.hpp"
#include "inwriting/net/http.hpp"
#include "inwriting/util/file.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::cli {

struct CaptureOptions {
  std::string url;
  std::string cacert;
  bool clipboard = false;
  std::string page_url;
  ParseOptions parse;  // --format, --company, --channel, --tz, --me
  std::vector<std::string> company_currencies;
  long timeout_seconds = 30;
  size_t max_megabytes = 16;
  bool yes = false;
  bool json = false;
};

namespace {

// Headers that carry a session (Set-Cookie) are noted, their values not kept: custody is printed
// in bundles, and a live session token must not travel with them.
nlohmann::json custody_headers(const net::HttpResponse& response) {
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& [name, value] : response.headers) {
    const bool secret = text::to_lower_ascii(name) == "set-cookie";
    headers.push_back({{"name", name}, {"value", secret ? std::string("(not kept: a session cookie)") : value}});
  }
  return headers;
}

std::string status_words(long status) {
  switch (status) {
    case 401: return " (Unauthorized: the link needs you to sign in; save the page from your browser instead)";
    case 403: return " (Forbidden: the link needs you to sign in; save the page from your browser instead)";
    case 404: return " (Not Found: check the link; transcript links often expire)";
    case 410: return " (Gone: the transcript link has expired)";
    case 429: return " (Too Many Requests: try again in a few minutes)";
    default: return status >= 500 ? " (the site has a problem: try again later)" : "";
  }
}

// The clipboard's text, through whichever of wl-paste (Wayland) and xclip (X11) is there.
Result<std::string> read_clipboard() {
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  std::vector<std::string> commands;
  if (wayland && *wayland) commands.push_back("wl-paste --no-newline --type text 2>/dev/null");
  commands.push_back("xclip -selection clipboard -o 2>/dev/null");
  for (const auto& command : commands) {
    const std::string program = command.substr(0, command.find(' '));
    if (std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) != 0) continue;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) continue;
    std::string bytes;
    char buffer[65536];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) bytes.append(buffer, n);
    const int status = ::pclose(pipe);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !bytes.empty()) return bytes;
  }
  return make_error("--clipboard: no text could be read from the clipboard (install xclip or wl-clipboard, "
                    "or paste into the terminal: inwriting capture)");
}

// Asks on the terminal itself, since standard input may have been the paste.
bool ask_to_save(Io& io) {
  std::ifstream tty("/dev/tty");
  if (!tty) return false;
  io.err << "Save it? [y/N] " << std::flush;
  std::string answer;
  std::getline(tty, answer);
  answer = text::to_lower_ascii(text::trim(answer));
  return answer == "y" || answer == "yes" || answer == "s" || answer == "si" || answer == "sí";
}

bool have_terminal() {
  const int fd = ::open("/dev/tty", O_RDONLY | O_NOCTTY);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

void print_understood(const net::CaptureSummary& s, const std::string& where, Io& io) {
  io.err << "From " << printable(where) << ": " << s.messages << " message" << (s.messages == 1 ? "" : "s") << " ("
         << s.channel << ", " << s.format << ")";
  if (!s.company.empty()) io.err << " with " << printable(s.company);
  io.err << "\n";
  if (s.speakers.empty()) io.err << "  no speakers found: it will be kept as the page's text\n";
  for (const auto& sp : s.speakers) io.err << "  speaker " << printable(sp.name) << " (" << sp.role << ")\n";
  if (s.promises.empty()) io.err << "  no promises found\n";
  for (const auto& p : s.promises) {
    std::string kind = p.kind;
    std::replace(kind.begin(), kind.end(), '_', ' ');
    io.err << "  promise " << kind;
    if (!p.amount.empty()) io.err << " " << p.amount << " " << p.currency;
    if (!p.due.empty()) io.err << ", due " << p.due;
    if (!p.by.empty()) io.err << ", by " << printable(p.by);
    io.err << ": \"" << printable(p.quote) << "\"\n";
  }
}

nlohmann::json understood_json(const net::CaptureSummary& s) {
  nlohmann::json speakers = nlohmann::json::array();
  for (const auto& sp : s.speakers) speakers.push_back({{"name", sp.name}, {"role", sp.role}});
  nlohmann::json promises = nlohmann::json::array();
  for (const auto& p : s.promises) {
    promises.push_back({{"kind", p.kind},
                        {"amount", p.amount.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.amount)},
                        {"currency", p.currency.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.currency)},
                        {"due", p.due.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.due)},
                        {"by", p.by},
                        {"quote", p.quote}});
  }
  return {{"channel", s.channel}, {"format", s.format}, {"messages", s.messages}, {"speakers", speakers}, {"promises", promises}};
}

void print_json(const std::string& status, const std::string& source, const std::string& origin_kind,
                const SourceReport* report, const net::CaptureSummary* understood, const nlohmann::json& fetched,
                const std::string& error, Io& io) {
  nlohmann::json j = {{"format_version", k_json_format_version},
                      {"status", status},
                      {"source", source},
                      {"origin_kind", origin_kind},
                      {"sha256", report && !report->sha256.empty() ? nlohmann::json(report->sha256) : nlohmann::json(nullptr)},
                      {"format", report && !report->format.empty() ? nlohmann::json(report->format) : nlohmann::json(nullptr)},
                      {"understood", understood && understood->ok ? understood_json(*understood) : nlohmann::json(nullptr)},
                      {"conversations", report ? nlohmann::json(report->conversations) : nlohmann::json::array()},
                      {"warnings", report ? nlohmann::json(report->warnings) : nlohmann::json::array()},
                      {"http", fetched.is_null() ? nlohmann::json(nullptr) : fetched},
                      {"error", error.empty() ? nlohmann::json(nullptr) : nlohmann::json(error)}};
  io.out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// What came in, and how: the bytes, where from, and the custody detail to keep with them.
struct Captured {
  std::string bytes;
  std::string origin;
  std::string origin_kind;  // url, capture
  std::string name;         // how messages name it
  CapturedAs as = CapturedAs::text;  // a paste is detected like any import
  nlohmann::json custody;
  nlohmann::json fetched;   // --url: what the server answered (also for a failure), else null
  std::string error;        // for people; nothing is kept
};

// A transcript link: kept only when it answered 2xx with a page or text.
Captured fetch_link(const CaptureOptions& o) {
  Captured in;
  in.origin_kind = "url";
  in.name = o.url;
  net::HttpRequest request;
  request.url = o.url;
  request.ca_file = o.cacert;
  request.timeout_seconds = o.timeout_seconds;
  request.max_bytes = o.max_megabytes * 1024 * 1024;
  request.headers = {"Accept: text/html, application/xhtml+xml, text/plain;q=0.8"};
  auto response = net::http_request(request);
  if (!response) {
    in.error = response.error();
    return in;
  }
  const std::string type = text::to_lower_ascii(net::header_value(*response, "Content-Type"));
  in.fetched = {{"url", o.url}, {"final_url", response->final_url}, {"status", response->status},
                {"content_type", type}, {"fetched_at", response->fetched_at}};
  if (response->status < 200 || response->status > 299) {
    in.error = response->final_url + ": the server answered HTTP " + std::to_string(response->status) +
               status_words(response->status) + "; nothing was kept";
    return in;
  }
  const bool html = type.find("html") != std::string::npos || (type.empty() && text::trim(response->body).starts_with("<"));
  // JSON too: a messaging export linked by URL is read like the file.
  if (!html && type.rfind("text/", 0) != 0 && type.find("json") == std::string::npos) {
    in.error = response->final_url + ": this is " + type + ", not a web page or text; download it and use 'inwriting import FILE'";
    return in;
  }
  in.as = html ? CapturedAs::html : CapturedAs::text;
  in.custody = {{"url", o.url}, {"final_url", response->final_url}, {"status", response->status},
                {"headers", custody_headers(*response)}, {"fetched_at", response->fetched_at}};
  in.bytes = std::move(response->body);
  in.origin = response->final_url;
  in.name = response->final_url;
  return in;
}

// A paste: standard input (asked for on a terminal) or the clipboard.
Captured read_paste(const CaptureOptions& o, bool interactive, Io& io) {
  Captured in;
  in.origin_kind = "capture";
  in.name = o.clipboard ? "clipboard" : "-";
  const std::string how = o.clipboard ? "clipboard" : "paste";
  in.custody = {{"method", how}, {"captured_at", timeutil::format_iso(timeutil::now_utc(), 0)}};
  if (!o.page_url.empty()) in.custody["page_url"] = o.page_url;
  in.origin = o.page_url.empty() ? how : o.page_url;
  if (interactive) io.err << "Paste the chat, then press Ctrl-D on a new line (Ctrl-C to stop).\n" << std::flush;
  auto read = o.clipboard ? read_clipboard() : file::read_stdin();
  if (!read) {
    in.error = read.error();
    return in;
  }
  in.bytes = std::move(*read);
  return in;
}

}  // namespace

int run_capture(const CaptureOptions& o, const GlobalOptions& global, Io& io) {
  if (!o.url.empty() && o.clipboard) {
    io.err << "inwriting: --url and --clipboard are two different ways in; give one\n";
    return k_exit_usage;
  }
  if (o.url.empty() && !o.cacert.empty()) {
    io.err << "inwriting: --cacert is for --url (the CA that signed the transcript site's certificate)\n";
    return k_exit_usage;
  }
  auto context = make_import_context(o.parse);
  if (!context) {
    io.err << "inwriting: " << context.error() << "\n";
    return k_exit_usage;
  }
  int failed_with = k_exit_ok;
  const std::optional<PromiseFinder> finder = load_promise_finder(o.company_currencies, io, failed_with);
  if (!finder) return failed_with;

  const bool interactive_paste = o.url.empty() && !o.clipboard && ::isatty(0) == 1;
  // The question needs a terminal; a script says --yes instead of hanging or guessing.
  if (!o.yes && !have_terminal()) {
    io.err << "inwriting: there is no terminal to ask 'save it?' on; add --yes to save without asking\n";
    return k_exit_usage;
  }
  Captured in = o.url.empty() ? read_paste(o, interactive_paste, io) : fetch_link(o);
  if (!in.error.empty()) {
    if (o.json) print_json("failed", in.name, in.origin_kind, nullptr, nullptr, in.fetched, in.error, io);
    else io.err << "inwriting: " << printable(in.error) << "\n";
    return k_exit_some_failed;
  }

  auto store = open_store(global, store::OpenMode::read_write, io);
  if (!store) return k_exit_store;
  // Parsed even when kept before, so the review shows what it holds; keeping it says "already kept".
  Work work = prepare_capture(std::move(in.bytes), in.origin, in.name, in.as, o.parse.format, *context, nullptr);
  work.origin_kind = in.origin_kind;
  work.custody_detail = in.custody.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  const net::CaptureSummary understood = summarize(work, *finder);
  if (!understood.ok) {
    if (o.json) print_json("failed", in.name, in.origin_kind, &work.report, nullptr, in.fetched, work.report.error, io);
    else io.err << "inwriting: " << printable(work.report.error) << "\n";
    return k_exit_some_failed;
  }
  if (!o.json || !o.yes) print_understood(understood, in.origin, io);
  if (!o.yes && !ask_to_save(io)) {
    if (o.json) print_json("not_saved", in.name, in.origin_kind, &work.report, &understood, in.fetched, "", io);
    else io.err << "Not saved; nothing was kept.\n";
    return k_exit_ok;
  }
  SourceReport report = keep_capture(work, *store, *finder);
  if (o.json) {
    print_json(report.status, in.name, in.origin_kind, &report, &understood, in.fetched, report.error, io);
  } else {
    print_report(report, false, io);
  }
  return report.status == "failed" ? k_exit_some_failed : k_exit_ok;
}

void setup_capture(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state) {
  auto options = std::make_shared<CaptureOptions>();
  CLI::App* cmd = app.add_subcommand(
      "capture", "Keep a chat now: paste it (standard input, or --clipboard), or fetch a transcript link (--url)");
  cmd->add_option("--url", options->url, "Fetch this transcript link (http or https) and keep the page exactly as received");
  cmd->add_option("--cacert", options->cacert, "With --url: also trust the CA in this PEM file (a private CA)");
  cmd->add_flag("--clipboard", options->clipboard, "Read the chat from the clipboard (xclip or wl-paste)");
  cmd->add_option("--page-url", options->page_url, "Where a pasted chat was copied from (kept as custody)");
  cmd->add_option("--format", options->parse.format, "Read the input as this format instead of detecting it");
  cmd->add_option("--company", options->parse.company, "The company the chat is with");
  cmd->add_option("--channel", options->parse.channel, "The channel: chat, email, phone, social, web")
      ->check(CLI::IsMember({"chat", "email", "phone", "social", "web"}));
  cmd->add_option("--tz", options->parse.tz, "Time zone of a chat whose clock has no zone, e.g. America/New_York");
  cmd->add_option("--me", options->parse.me, "A participant name that is you (repeatable)")->allow_extra_args(false);
  cmd->add_option("--company-currency", options->company_currencies,
                  "The currency a company bills in, as COMPANY=CODE (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--timeout", options->timeout_seconds, "With --url: give up after this many seconds (default 30)")
      ->check(CLI::Range(1L, 600L));
  cmd->add_option("--max-size", options->max_megabytes, "With --url: refuse a page larger than this many MB (default 16)")
      ->check(CLI::Range(static_cast<size_t>(1), static_cast<size_t>(1024)));
  cmd->add_flag("--yes,-y", options->yes, "Save without asking (for scripts)");
  cmd->add_flag("--json", options->json, "Print one JSON object: what was understood and what was kept");
  cmd->callback([options, &global, &io, &state] { state.exit_code = run_capture(*options, global, io); });
}

}  // namespace inwriting::cli
