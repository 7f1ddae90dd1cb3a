#include "bundle_contents.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "inwriting/export/redact.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"
#include "promise_output.hpp"

namespace inwriting::cli {

namespace {

std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }

std::string lower_extension(const std::string& name) {
  const size_t dot = name.find_last_of('.');
  if (dot == std::string::npos || dot + 1 == name.size() || name.size() - dot > 6) return "";
  std::string ext = name.substr(dot);
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.')) return "";
  }
  return ext;
}

// The exhibit's file name keeps what its bytes are, so it opens in the right program.
std::string exhibit_extension(const store::StoredSource& s) {
  if (s.format == "eml" || s.format == "mbox") return ".eml";
  if (s.format == "html-chat" || s.format == "html-page") return ".html";
  if (s.format == "messenger" || s.format == "telegram") return ".json";
  if (s.format == "twitter-dm") return ".js";
  if (s.format == "attachment") {
    const size_t hash = s.origin.rfind('#');
    const std::string ext = lower_extension(hash == std::string::npos ? s.origin : s.origin.substr(hash + 1));
    return ext.empty() ? ".bin" : ext;
  }
  return ".txt";
}

std::string three_digits(size_t n) {
  std::string s = std::to_string(n);
  return std::string(s.size() < 3 ? 3 - s.size() : 0, '0') + s;
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string speaker_label(const store::StoredEntry& e) {
  if (e.kind == model::EntryKind::event) return "(event)";
  const std::string role(model::to_string(e.role));
  return or_dash(e.speaker) + (e.role == model::Role::unknown ? "" : " (" + role + ")");
}

std::string channel_words(const store::ConversationSummary& s) {
  std::string what = s.channel == model::Channel::email ? "Email thread" : s.channel == model::Channel::phone ? "Phone call note"
                     : s.channel == model::Channel::web ? "Web page" : s.channel == model::Channel::social ? "Social media messages"
                                                          : "Chat";
  if (!s.company.empty()) what += " with " + s.company;
  if (!s.started_iso.empty()) what += ", " + s.started_iso.substr(0, 10);
  return what;
}

struct Renderer {
  const BundleSettings& settings;
  int masked = 0;
  std::string clean(const std::string& s) {
    if (!settings.redact) return s;
    auto r = exporter::redact_numbers(s, settings.redact_accounts);
    masked += r.masked;
    return r.text;
  }
};

std::string conversation_text(const store::StoredConversation& c, const std::vector<std::string>& labels, Renderer& r) {
  std::string out = channel_words(c.summary) + "\n";
  out += "Conversation " + std::to_string(c.summary.id);
  if (!c.summary.title.empty()) out += ": " + r.clean(c.summary.title);
  out += "\n";
  out += "From exhibit" + std::string(labels.size() > 1 ? "s " : " ");
  for (size_t i = 0; i < labels.size(); ++i) out += (i ? ", " : "") + labels[i];
  out += "\nTimes are as the record wrote them, with their UTC offset when it gave one.\n";
  out += "Participants:";
  for (const auto& p : c.summary.participants) out += " " + r.clean(p.name) + " (" + std::string(model::to_string(p.role)) + ");";
  out += "\n\n";
  for (const auto& e : c.entries) {
    out += "[" + (e.time_iso.empty() ? std::string("no time given") : readable_time(e.time_iso)) + "] " + r.clean(speaker_label(e)) + (e.quoted ? " [quoted in a later email]" : "") + ":\n";
    const std::string body = r.clean(e.text);
    for (const auto line : text::split_lines(body)) {
      out += "    ";
      out += line;
      out += "\n";
    }
    out += "\n";
  }
  return out;
}

std::string conversation_html(const store::StoredConversation& c, const std::vector<std::string>& labels, Renderer& r) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + html_escape(c.summary.language.empty() ? "en" : c.summary.language) +
                    "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html_escape(channel_words(c.summary)) +
                    "</title>\n<style>body{font-family:sans-serif;max-width:48em;margin:2em auto;line-height:1.4}"
                    ".m{margin:0 0 1em}.h{color:#555;font-size:.9em}.agent .h{color:#06c}.t{white-space:pre-wrap}</style>\n"
                    "</head>\n<body>\n<h1>" + html_escape(channel_words(c.summary)) + "</h1>\n<p>Conversation " +
                    std::to_string(c.summary.id) + (c.summary.title.empty() ? "" : ": " + html_escape(r.clean(c.summary.title))) +
                    "<br>From ";
  for (size_t i = 0; i < labels.size(); ++i) out += (i ? ", " : "") + html_escape(labels[i]);
  out += "</p>\n";
  for (const auto& e : c.entries) {
    out += "<div class=\"m " + std::string(model::to_string(e.role)) + "\"><div class=\"h\">" +
           html_escape(or_dash(readable_time(e.time_iso))) + " &middot; " + html_escape(r.clean(speaker_label(e))) +
           (e.quoted ? " &middot; quoted in a later email" : "") + "</div><div class=\"t\">" + html_escape(r.clean(e.text)) +
           "</div></div>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

std::string utc_of(const std::string& iso) {
  auto instant = timeutil::parse_iso_datetime(iso);
  if (!instant || !instant->offset_minutes) return "";
  return timeutil::format_iso(instant->utc_seconds, 0);
}

struct TimelineRow {
  std::string time;
  std::string kind;
  int64_t conversation = 0;
  std::string exhibit;
  std::string channel;
  std::string company;
  std::string speaker;
  std::string role;
  std::string text;
};

std::string readme_text(const Bundle& b, const BundleSettings& settings) {
  std::string out =
      "Evidence bundle " + b.bag_name + "\n" + std::string(16 + b.bag_name.size(), '=') + "\n\n" +
      "Made by inwriting on " + settings.created + ". This folder is a BagIt bag (RFC 8493): every file under data/\n"
      "is listed with its SHA-256 and SHA-512 checksum in manifest-sha256.txt and manifest-sha512.txt, so anyone\n"
      "can check that nothing was changed since.\n\n"
      "What is here\n" +
      std::string(settings.originals ? "  data/exhibits/     the original records, byte for byte as they were kept (EX001, EX002, ...)\n"
                                     : "  (no data/exhibits/: the originals were left out on purpose; custody.csv lists their SHA-256)\n") +
      "  data/rendered/     each conversation as readable text and HTML" +
      std::string(settings.redact ? " (card and account numbers masked)" : "") + "\n" +
      "  data/promises.json what the company's side promised, with the exact quote and where it is\n"
      "  data/timeline.*    everything in time order (JSON and CSV)\n"
      "  data/custody.csv   where each exhibit came from, when it was kept, and what happened to it since\n"
      "  data/letter/       a dispute letter draft (English, Spanish, Thai) to complete, sign and send\n" +
      std::string(settings.pdf ? "  data/upload/       one PDF to upload to a card issuer's dispute form\n" : "") + "\n" +
      "How to check it\n"
      "  With inwriting:      inwriting verify " + b.bag_name + "\n" +
      "  With coreutils, from inside this folder:\n"
      "                       sha256sum -c manifest-sha256.txt && sha512sum -c manifest-sha512.txt\n"
      "  With bagit-python:   bagit.py --validate " + b.bag_name + "\n";
  if (settings.timestamped) {
    out += "  The time-stamp (RFC 3161) on manifest-sha512.txt, from inside this folder:\n"
           "                       openssl ts -verify -in timestamp/manifest-sha512.txt.tsr -data manifest-sha512.txt \\\n"
           "                         -CAfile timestamp/tsa-chain.pem\n"
           "    (check that certificate against the one the time-stamping authority publishes)\n";
  }
  return out;
}

}  // namespace

std::string csv_cell(const std::string& value) {
  std::string v = value;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

Result<Bundle> assemble_bundle(const store::Store& store, const CaseContents& contents, const BundleSettings& settings) {
  Bundle b;
  const store::CaseDetails& details = contents.stored.details;
  b.bag_name = settings.bag_date + "_" + details.name;
  Renderer renderer{settings};

  // The conversations: the case's own, and those its promises were said in.
  std::vector<const store::StoredConversation*> conversations;
  std::vector<store::StoredConversation> promise_conversations;
  std::set<int64_t> seen;
  for (const auto& cc : contents.conversations) {
    if (seen.insert(cc.conversation.summary.id).second) conversations.push_back(&cc.conversation);
  }
  for (const auto& p : contents.promises) {
    if (seen.count(p.conversation_id)) continue;
    auto c = store.conversation(p.conversation_id);
    if (!c) return Error{c.error()};
    seen.insert(p.conversation_id);
    promise_conversations.push_back(std::move(*c));
  }
  for (const auto& c : promise_conversations) conversations.push_back(&c);

  // Exhibits, numbered in conversation order; a source shared by two conversations is one exhibit.
  std::map<int64_t, size_t> exhibit_of_source;
  std::map<int64_t, std::vector<std::string>> labels_of_conversation;
  std::map<int64_t, std::string> exhibit_of_message;
  for (const auto* c : conversations) {
    auto sources = store.conversation_sources(c->summary.id);
    if (!sources) return Error{sources.error()};
    for (auto& s : *sources) {
      auto [at, added] = exhibit_of_source.emplace(s.id, b.exhibits.size());
      if (added) {
        Exhibit e;
        e.label = "EX" + three_digits(b.exhibits.size() + 1);
        e.file = "exhibits/" + e.label + exhibit_extension(s);
        auto bytes = store.source_bytes(s.id);
        if (!bytes) return Error{bytes.error()};
        e.bytes = std::move(*bytes);
        e.source = std::move(s);
        b.exhibits.push_back(std::move(e));
      }
      labels_of_conversation[c->summary.id].push_back(b.exhibits[at->second].label);
    }
    auto carriers = store.message_sources(c->summary.id);
    if (!carriers) return Error{carriers.error()};
    for (const auto& [message, source] : *carriers) {
      auto it = exhibit_of_source.find(source);
      if (it != exhibit_of_source.end() && !exhibit_of_message.count(message)) exhibit_of_message[message] = b.exhibits[it->second].label;
    }
  }
  auto exhibit_file = [&](const std::string& label) {
    for (const auto& e : b.exhibits) {
      if (e.label == label) return e.file;
    }
    return std::string();
  };

  // Originals, byte for byte.
  if (settings.originals) {
    for (const auto& e : b.exhibits) b.payload.push_back({e.file, e.bytes});
  }

  // Readable copies.
  std::map<int64_t, std::string> rendered_text;
  for (const auto* c : conversations) {
    const auto& labels = labels_of_conversation[c->summary.id];
    const std::string stem = "rendered/conversation-" + std::to_string(c->summary.id);
    rendered_text[c->summary.id] = conversation_text(*c, labels, renderer);
    b.payload.push_back({stem + ".txt", rendered_text[c->summary.id]});
    b.payload.push_back({stem + ".html", conversation_html(*c, labels, renderer)});
  }
  b.conversations = static_cast<int>(conversations.size());

  // Promises, each with its quote and where it stands.
  nlohmann::json promises = nlohmann::json::array();
  for (const auto& p : contents.promises) {
    nlohmann::json j = promise_json(p);
    j["quote"] = renderer.clean(p.found.quote);
    const auto ex = exhibit_of_message.find(p.found.message_id);
    const std::string label = ex == exhibit_of_message.end() ? "" : ex->second;
    int first_line = 0, last_line = 0;
    for (const auto* c : conversations) {
      for (const auto& e : c->entries) {
        if (e.id == p.found.message_id) {
          first_line = e.first_line;
          last_line = e.last_line;
        }
      }
    }
    j["exhibit"] = label.empty() ? nlohmann::json(nullptr) : nlohmann::json(label);
    j["exhibit_file"] = label.empty() || !settings.originals ? nlohmann::json(nullptr) : nlohmann::json("data/" + exhibit_file(label));
    j["position"] = {{"message_id", p.found.message_id},
                     {"quote_begin", p.found.quote_begin},
                     {"quote_end", p.found.quote_end},
                     {"first_line", first_line > 0 ? nlohmann::json(first_line) : nlohmann::json(nullptr)},
                     {"last_line", last_line > 0 ? nlohmann::json(last_line) : nlohmann::json(nullptr)}};
    j["rendered_file"] = "data/rendered/conversation-" + std::to_string(p.conversation_id) + ".txt";
    promises.push_back(std::move(j));
  }
  b.promises = static_cast<int>(contents.promises.size());
  b.payload.push_back({"promises.json", promises.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"});

  // The timeline: every message and event, the promises, the charge and statement dates.
  std::vector<TimelineRow> rows;
  for (const auto* c : conversations) {
    const std::string channel(model::to_string(c->summary.channel));
    for (const auto& e : c->entries) {
      const auto ex = exhibit_of_message.find(e.id);
      rows.push_back({e.time_iso, e.kind == model::EntryKind::event ? "event" : "message", c->summary.id,
                      ex == exhibit_of_message.end() ? "" : ex->second, channel, c->summary.company, renderer.clean(e.speaker),
                      std::string(model::to_string(e.role)), renderer.clean(e.text)});
    }
  }
  for (const auto& p : contents.promises) {
    const auto ex = exhibit_of_message.find(p.found.message_id);
    const std::string label = ex == exhibit_of_message.end() ? "" : ex->second;
    rows.push_back({p.found.said_at, "promise", p.conversation_id, label, "", p.company, renderer.clean(p.found.speaker), "agent",
                    p.found.kind + " " + money_text(p.found) + ": " + renderer.clean(p.found.quote)});
    if (!p.found.due.empty()) {
      rows.push_back({p.found.due, "promise-due", p.conversation_id, label, "", p.company, "", "",
                      p.found.kind + " " + money_text(p.found) + " due (" + p.status + ")"});
    }
  }
  if (!details.charge_date.empty()) rows.push_back({details.charge_date, "charge", 0, "", "", details.company, "", "", details.amount + " " + details.currency});
  if (!details.statement_date.empty()) rows.push_back({details.statement_date, "statement", 0, "", "", details.company, "", "", "card statement"});
  std::stable_sort(rows.begin(), rows.end(), [](const TimelineRow& x, const TimelineRow& y) {
    const auto tx = sort_seconds(x.time), ty = sort_seconds(y.time);
    if (!tx || !ty) return tx.has_value() && !ty.has_value();
    return *tx < *ty;
  });
  nlohmann::json timeline = nlohmann::json::array();
  std::string csv = "time,utc,kind,conversation,exhibit,channel,company,speaker,role,text\r\n";
  for (const auto& r : rows) {
    const std::string utc = utc_of(r.time);
    auto or_null = [](const std::string& v) { return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v); };
    timeline.push_back({{"time", or_null(r.time)}, {"utc", or_null(utc)}, {"kind", r.kind},
                        {"conversation", r.conversation ? nlohmann::json(r.conversation) : nlohmann::json(nullptr)},
                        {"exhibit", or_null(r.exhibit)}, {"channel", or_null(r.channel)}, {"company", or_null(r.company)},
                        {"speaker", or_null(r.speaker)}, {"role", or_null(r.role)}, {"text", r.text}});
    csv += csv_cell(r.time) + "," + csv_cell(utc) + "," + r.kind + "," + (r.conversation ? std::to_string(r.conversation) : "") + "," +
           r.exhibit + "," + csv_cell(r.channel) + "," + csv_cell(r.company) + "," + csv_cell(r.speaker) + "," + csv_cell(r.role) +
           "," + csv_cell(r.text) + "\r\n";
  }
  b.payload.push_back({"timeline.json", timeline.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"});
  b.payload.push_back({"timeline.csv", csv});

  // Custody: every exhibit's history up to this bundle, then the bundle itself and its copies.
  std::vector<int64_t> source_ids;
  for (const auto& e : b.exhibits) source_ids.push_back(e.source.id);
  auto events = store.custody_events(source_ids);
  if (!events) return Error{events.error()};
  const std::string software = std::string("inwriting ") + INWRITING_VERSION;
  std::string custody = "exhibit,file,sha256,size,event,at,software,origin_kind,origin,detail\r\n";
  for (const auto& e : b.exhibits) {
    const std::string file = settings.originals ? "data/" + e.file : "";
    auto row = [&](const std::string& event, const std::string& at, const std::string& by, const std::string& detail) {
      custody += e.label + "," + csv_cell(file) + "," + e.source.sha256 + "," + std::to_string(e.source.size) + "," + csv_cell(event) +
                 "," + csv_cell(at) + "," + csv_cell(by) + "," + csv_cell(e.source.origin_kind) + "," + csv_cell(e.source.origin) + "," +
                 csv_cell(detail) + "\r\n";
    };
    for (const auto& ev : *events) {
      if (ev.source_id != e.source.id) continue;
      // Other bundles' exports stay in the store's log, not in this bag: bundling again with the
      // same --created gives the same bytes, and this bag's own row is "bundled" below.
      if (ev.event == "exported") continue;
      row(ev.event, ev.at, ev.software, ev.detail);
    }
    row("bundled", settings.created, software,
        settings.originals ? "original bytes copied into " + b.bag_name : "listed by hash only (--no-originals): bytes not included");
  }
  for (const auto* c : conversations) {
    const auto& labels = labels_of_conversation[c->summary.id];
    std::string from;
    for (const auto& l : labels) from += (from.empty() ? "" : " ") + l;
    for (const std::string ext : {".txt", ".html"}) {
      custody += csv_cell(from) + "," + "data/rendered/conversation-" + std::to_string(c->summary.id) + ext + ",,," +
                 (settings.redact ? "redacted-copy" : "rendered-copy") + "," + settings.created + "," + csv_cell(software) + ",,," +
                 (settings.redact ? "a readable copy with card and account numbers masked; the original is unchanged"
                                  : "a readable copy made from the original") +
                 "\r\n";
    }
  }
  b.payload.push_back({"custody.csv", custody});
  b.upload_file = "upload/" + details.name + ".pdf";

  // Letters.
  LetterFacts letter;
  letter.your_name = settings.your_name;
  letter.your_address = settings.your_address;
  letter.date = settings.bag_date;
  letter.account_masked = details.account_last4.empty() ? "" : "XXXX-XXXX-XXXX-" + details.account_last4;
  letter.merchant = details.company;
  letter.charge_date = details.charge_date;
  letter.statement_date = details.statement_date;
  letter.amount = details.amount.empty() ? "" : (details.currency.empty() ? "" : details.currency + " ") + details.amount;
  letter.type = details.type;
  for (const auto& e : b.exhibits) {
    letter.exhibits.emplace_back(e.label, "data/" + e.file + " (" + e.source.format + ", " + e.source.imported_at.substr(0, 10) +
                                              ", SHA-256 " + e.source.sha256.substr(0, 16) + "…)");
  }
  for (const auto& p : contents.promises) {
    const auto ex = exhibit_of_message.find(p.found.message_id);
    const std::string amount = p.found.amount.empty() ? "" : (p.found.currency.empty() ? "" : p.found.currency + " ") + p.found.amount;
    letter.promises.push_back({p.found.said_at.substr(0, 10), renderer.clean(p.found.speaker), p.found.kind, amount,
                               renderer.clean(p.found.quote), p.found.due, ex == exhibit_of_message.end() ? "" : ex->second,
                               p.status});
  }
  for (const std::string lang : {"en", "es", "th"}) {
    b.payload.push_back({"letter/dispute-letter." + lang + ".txt", dispute_letter(letter, lang)});
  }

  // The upload PDF's document.
  exporter::UploadDocument& u = b.upload;
  u.title = "Dispute evidence: " + details.name;
  u.created = settings.created;
  // The cover's own words follow most of the case's conversations (es, th), else English.
  std::map<std::string, int> languages;
  for (const auto* c : conversations) {
    const std::string lang = c->summary.language.substr(0, 2);
    if (lang == "en" || lang == "es" || lang == "th") languages[lang]++;
  }
  u.language = "en";
  int most = 0;
  for (const auto& [lang, count] : languages) {
    if (count > most || (count == most && lang == "en")) {
      most = count;
      u.language = lang;
    }
  }
  u.facts.emplace_back("Case", details.name);
  if (!details.company.empty()) u.facts.emplace_back("Merchant", details.company);
  if (!letter.amount.empty()) u.facts.emplace_back("Amount", letter.amount);
  if (!details.charge_date.empty()) u.facts.emplace_back("Charge date", details.charge_date);
  if (!details.statement_date.empty()) u.facts.emplace_back("Statement date", details.statement_date);
  if (!details.type.empty()) u.facts.emplace_back("Dispute", case_type_words(details.type));
  if (!letter.account_masked.empty()) u.facts.emplace_back("Card", letter.account_masked);
  u.facts.emplace_back("Bundle", b.bag_name + " (" + settings.created + ")");
  for (const auto& p : contents.promises) {
    const auto ex = exhibit_of_message.find(p.found.message_id);
    const std::string amount = p.found.amount.empty() ? "" : (p.found.currency.empty() ? "" : p.found.currency + " ") + p.found.amount;
    u.promises.push_back({renderer.clean(p.found.quote), readable_time(p.found.said_at), renderer.clean(p.found.speaker), p.found.kind,
                          amount, p.found.due, p.status, ex == exhibit_of_message.end() ? "" : ex->second});
  }
  std::set<int64_t> rendered_once;
  for (const auto& e : b.exhibits) {
    exporter::PdfExhibit pe;
    pe.label = e.label;
    pe.sha256 = e.source.sha256;
    pe.file_name = e.file;
    // The first exhibit of a conversation shows it whole; its other sources point there.
    for (const auto* c : conversations) {
      const auto& labels = labels_of_conversation[c->summary.id];
      if (std::find(labels.begin(), labels.end(), e.label) == labels.end()) continue;
      if (pe.title.empty()) pe.title = renderer.clean(channel_words(c->summary));
      if (labels.front() == e.label && rendered_once.insert(c->summary.id).second) {
        pe.text += rendered_text[c->summary.id];
        for (const auto& p : contents.promises) pe.has_promise = pe.has_promise || p.conversation_id == c->summary.id;
      } else if (pe.text.empty()) {
        pe.text = "This record (" + e.source.format + ", " + std::to_string(e.source.size) + " bytes) is part of the conversation shown under " +
                  labels.front() + ".\n";
      }
    }
    if (pe.title.empty()) pe.title = e.source.format;
    u.exhibits.push_back(std::move(pe));
  }
  b.masked = renderer.masked;

  b.info = {{"Bagging-Date", settings.bag_date},
            {"Bag-Software-Agent", software},
            {"External-Identifier", details.name},
            {"Source-Organization", settings.your_name.empty() ? "the customer (private individual)" : settings.your_name},
            {"Internal-Sender-Description", "Evidence of a dispute with " + or_dash(details.company) + ": " + std::to_string(b.exhibits.size()) +
                                                " original records, their readable copies, promises, timeline, custody and letters."},
            {"Evidence-Created", settings.created}};
  if (!details.company.empty()) b.info.emplace_back("Merchant", details.company);
  if (!details.amount.empty()) b.info.emplace_back("Amount", details.amount);
  if (!details.currency.empty()) b.info.emplace_back("Currency", details.currency);
  if (!details.type.empty()) b.info.emplace_back("Dispute-Type", details.type);
  if (!details.statement_date.empty()) b.info.emplace_back("Statement-Date", details.statement_date);
  if (settings.redact) b.info.emplace_back("Redacted-Copies", "yes: data/rendered, data/letter, data/upload mask card and account numbers");

  b.payload.push_back({"README.txt", readme_text(b, settings)});
  std::sort(b.payload.begin(), b.payload.end(), [](const auto& x, const auto& y) { return x.path < y.path; });
  return b;
}

}  // namespace inwriting::cli
