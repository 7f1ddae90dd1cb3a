#pragma once
// One source's way into the store, shared by every command that brings bytes in (import, pull,
// capture, serve): parse with an importer, keep the bytes and conversations, find promises, report.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "inwriting/importers/importer.hpp"
#include "inwriting/model/conversation.hpp"
#include "promise_index.hpp"

namespace inwriting::cli {

// How the bytes are read: the options import, pull and capture share.
struct ParseOptions {
  std::string format;  // empty: detected
  std::string company;
  std::string channel;
  std::string tz;
  std::vector<std::string> me;
  std::string date_order;
  std::vector<std::string> company_domains;  // "acme-mail.com=Acme"
};

// The context importers read, or an error for people (exit 2) naming the bad flag.
Result<model::ImportContext> make_import_context(const ParseOptions& options);

struct SourceReport {
  std::string source;
  std::string status;  // parsed (on its way), kept, duplicate, failed
  std::string sha256;
  std::string error;
  std::string format;
  std::vector<std::string> warnings;
  std::vector<nlohmann::json> conversations;
  std::vector<std::string> human_conversations;
};

// One source on its way to the store: read and parsed (on a reading thread, for import), kept later.
struct Work {
  SourceReport report;  // status "failed" with an error when it cannot be kept
  std::string bytes;
  std::string origin;
  std::string origin_kind;     // set by prepare() from the path; callers may change it (url, mailbox, capture)
  std::string custody_detail;  // store::SourceRecord::custody_detail
  std::string format;
  std::vector<model::Conversation> conversations;
  // Parallel to `conversations` once find_promises_ahead() has run; keep() uses each one when its
  // conversation is kept as a new one, and otherwise finds the promises in what the store holds.
  std::vector<PromisesAhead> promises_ahead;
  bool already_kept = false;  // the reader saw these bytes in the store already
};

// Finds the promises of a prepared source's conversations on the calling (reading) thread, so the
// thread that writes the store does not have to.
void find_promises_ahead(Work& w, const PromiseFinder& finder);

// What importers::detect() said of a source's bytes, once it has been asked.
struct Detected {
  bool known = false;
  const importers::Importer* importer = nullptr;
};

// Parses `bytes`. `path` is "-" for standard input; `name` is how errors name the source;
// `line_offset` is where the bytes start in their file (an mbox message). `format` empty: detected
// (or `detected`, when known). `reader`, when given, skips parsing bytes the store already has.
Work prepare(const std::string& path, std::string bytes, const std::string& origin, const std::string& name,
             int line_offset, const std::string& format, const model::ImportContext& base,
             const store::Store* reader, Detected detected = {});

// Keeps a prepared source: its bytes, conversations and promises. Inside a batch when one is open.
SourceReport keep(Work& w, store::Store& store, const PromiseFinder& finder);

// Prints a report: one JSON object per line with --json, else lines for people.
void print_report(const SourceReport& report, bool json, Io& io);

// True when the first bytes have the headers of an email.
bool looks_like_email(std::string_view bytes);

}  // namespace inwriting::cli
