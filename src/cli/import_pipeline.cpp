#include "import_pipeline.hpp"

#include <filesystem>

#include "inwriting/util/hash.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::cli {

namespace {

namespace fs = std::filesystem;

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

// "cur/1700000000.M1P2.host:2,FRS" → "FRS"; empty when the file is not in a Maildir.
std::string maildir_flags(const std::string& path) {
  const fs::path p(path);
  const std::string folder = p.parent_path().filename().string();
  if (folder != "cur" && folder != "new") {
    return {};
  }
  std::error_code ec;
  const fs::path box = p.parent_path().parent_path();
  if (!fs::is_directory(box / "cur", ec) || !fs::is_directory(box / "new", ec)) {
    return {};
  }
  const std::string name = p.filename().string();
  const size_t info = name.rfind(":2,");
  std::string flags = info == std::string::npos ? "" : name.substr(info + 3);
  // New mail has no flags yet; say so, so "unread" is never lost.
  return folder == "new" && flags.empty() ? "new" : flags.empty() ? "-" : flags;
}

// The promises in each conversation the source added to or changed, found in the same batch as
// the source itself. An error here keeps the source (`reindex --promises` finds them later).
void find_promises(SourceReport& report, const Work& w, const std::vector<store::KeptConversation>& kept,
                   store::Store& store, const PromiseFinder& finder) {
  for (size_t i = 0; i < kept.size(); ++i) {
    const store::KeptConversation& kc = kept[i];
    const bool ahead = i < w.promises_ahead.size() && i < w.conversations.size() && !kc.linked &&
                       kc.entry_ids.size() == w.conversations[i].entries.size() && !kc.entry_ids.empty();
    auto found = ahead ? keep_promises_ahead(store, finder, kc.id, w.promises_ahead[i], kc.entry_ids)
                       : index_promises(store, finder, kc.id);
    if (!found) {
      report.warnings.push_back(report.source + ": promises not searched: " + found.error() +
                                " (run 'inwriting reindex --promises')");
      continue;
    }
    if (i < report.conversations.size()) report.conversations[i]["promises_found"] = found->added + found->updated;
  }
}

}  // namespace

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

Result<model::ImportContext> make_import_context(const ParseOptions& o) {
  model::ImportContext context;
  if (!o.company.empty()) {
    context.company = o.company;
  }
  if (!o.channel.empty()) {
    context.channel = model::channel_from_string(o.channel);
  }
  if (!o.tz.empty()) {
    if (!timeutil::is_known_zone(o.tz)) {
      return make_error("--tz " + printable(o.tz) + ": not a time zone name; use one like America/New_York or Asia/Bangkok");
    }
    context.tz = o.tz;
  }
  context.me = o.me;
  for (const auto& mapping : o.company_domains) {
    const size_t eq = mapping.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == mapping.size()) {
      return make_error("--company-domain " + printable(mapping) +
                        ": write it as DOMAIN=COMPANY, e.g. --company-domain acme-mail.com=Acme");
    }
    context.company_domains.emplace_back(text::to_lower_ascii(text::trim(mapping.substr(0, eq))),
                                         std::string(text::trim(mapping.substr(eq + 1))));
  }
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
    return make_error("--format " + printable(o.format) + ": unknown format; the formats are: " + names);
  }
  return context;
}

Work prepare(const std::string& path, std::string bytes, const std::string& origin, const std::string& name,
             int line_offset, const std::string& format, const model::ImportContext& base,
             const store::Store* reader, Detected detected) {
  Work w;
  w.report.source = name;
  w.report.status = "failed";
  w.report.sha256 = hash::sha256_hex(bytes);
  w.origin = origin;
  w.origin_kind = path == "-" ? "stdin" : "file";
  if (reader && reader->find_source(w.report.sha256)) {
    w.already_kept = true;
    w.report.status = "parsed";
    w.bytes = std::move(bytes);
    return w;
  }
  auto fail = [&](std::string why) {
    w.report.error = std::move(why);
    return std::move(w);
  };
  const importers::Importer* importer = !format.empty() ? importers::find(format)
                                        : detected.known    ? detected.importer
                                                            : importers::detect(bytes);
  if (!importer && path != "-" && !maildir_flags(path).empty()) {
    importer = importers::find("eml");  // a Maildir holds only email, however cut short
  }
  if (importer && line_offset > 0 && importer->name == "mbox") {
    importer = importers::find("eml");  // one message of an mbox
  }
  if (!importer) {
    if (bytes.empty()) {
      return fail(name + ":1: the file is empty");
    }
    if (looks_like_email(bytes)) {
      return fail(name + ":" + std::to_string(line_offset + 1) +
                  ": this looks like an email, but its headers could not be read; is the file cut short or not a whole message?");
    }
    auto as_text = importers::decode_text(importers::ParseInput{bytes, name, &base});
    if (!as_text) {
      return fail(as_text.error());
    }
    return fail(name + ":1: not a chat transcript or export inwriting recognises; if it is one, name its format "
                       "with --format (see 'inwriting import --help')");
  }
  model::ImportContext context = base;
  context.origin = origin;
  importers::ParseInput input{bytes, name, &context};
  input.line_offset = line_offset;
  auto parsed = importer->parse(input);
  if (!parsed) {
    return fail(parsed.error());
  }
  if (parsed->conversations.empty()) {
    return fail(name + ": no conversation found in it");
  }
  const std::string flags = path == "-" ? "" : maildir_flags(path);
  for (auto& c : parsed->conversations) {
    model::finish_conversation(c, context);
    if (c.email && !flags.empty()) {
      c.email->maildir_flags = flags;
    }
  }
  w.format = std::string(importer->name);
  w.report.format = w.format;
  w.report.warnings = std::move(parsed->warnings);
  w.conversations = std::move(parsed->conversations);
  w.bytes = std::move(bytes);
  w.report.status = "parsed";
  return w;
}

void find_promises_ahead(Work& w, const PromiseFinder& finder) {
  if (w.report.status == "failed" || w.already_kept) return;
  w.promises_ahead.clear();
  w.promises_ahead.reserve(w.conversations.size());
  for (const auto& c : w.conversations) w.promises_ahead.push_back(cli::find_promises_ahead(finder, c));
}

SourceReport keep(Work& w, store::Store& store, const PromiseFinder& finder) {
  SourceReport report = std::move(w.report);
  if (report.status == "failed") {
    return report;
  }
  // import_source() itself says when the bytes were kept before (by an earlier run or this one).
  store::SourceRecord record{std::move(w.bytes), w.origin, w.origin_kind, w.format, w.format + "/1", w.custody_detail};
  auto outcome = store.import_source(record, w.conversations);
  if (!outcome) {
    report.status = "failed";
    report.error = outcome.error();
    return report;
  }
  if (w.already_kept || outcome->status == store::ImportStatus::duplicate) {
    report = SourceReport{report.source, "duplicate", report.sha256, "", "", {}, {}, {}};
    for (const auto& kc : outcome->conversations) {
      report.conversations.push_back({{"id", kc.id}});
      report.human_conversations.push_back("conversation " + std::to_string(kc.id));
    }
    return report;
  }
  report.status = outcome->status == store::ImportStatus::kept ? "kept" : "duplicate";
  for (size_t i = 0; i < outcome->conversations.size() && i < w.conversations.size(); ++i) {
    const auto& kc = outcome->conversations[i];
    report.conversations.push_back(conversation_json(kc.id, kc.linked, w.conversations[i]));
    report.human_conversations.push_back(conversation_line(kc.id, kc.linked, w.conversations[i]));
  }
  find_promises(report, w, outcome->conversations, store, finder);
  return report;
}

void print_report(const SourceReport& r, bool json, Io& io) {
  if (json) {
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
}

}  // namespace inwriting::cli
