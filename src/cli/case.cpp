// inwriting case new NAME [--company C] [--amount A --currency CUR] [--charge-date D] [--statement-date D]
//                         [--account-last4 NNNN] [--type T]
// inwriting case add CASE ITEM... | case remove CASE ITEM... | case remove CASE --delete-case
// inwriting case list | case show CASE | case note CASE TEXT [--who NAME] [--at TIME] [--ref NUMBER]
// ITEM is c12 (conversation 12) or p7 (promise 7); --conversation/--promise say the same.
#include <unicode/ucurr.h>
#include <unicode/uenum.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

#include "case_contents.hpp"
#include "commands.hpp"
#include "inwriting/util/hash.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"
#include "promise_output.hpp"

namespace inwriting::cli {

struct CaseOptions {
  std::string name;  // the case
  store::CaseDetails details;
  std::vector<std::string> items;
  std::vector<int64_t> conversations;
  std::vector<int64_t> promises;
  bool delete_case = false;
  std::string text;
  std::string who;
  std::string at;
  std::string ref;
  bool json = false;
};

namespace {

void print_json(const nlohmann::json& doc, Io& io) {
  io.out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

int usage_error(const std::string& message, Io& io) {
  io.err << "inwriting: " << printable(message) << "\n";
  return k_exit_usage;
}

// "Acme Double Charge!" → "acme-double-charge": what to suggest for a name that is not a slug.
std::string slug_of(const std::string& s) {
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) && ch < 0x80) {
      out += static_cast<char>(std::tolower(ch));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  while (!out.empty() && !std::isalpha(static_cast<unsigned char>(out.front()))) out.erase(0, 1);
  return out.substr(0, 64);
}

bool is_slug(const std::string& s) {
  if (s.empty() || s.size() > 64 || !(s[0] >= 'a' && s[0] <= 'z') || s.back() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'; });
}

bool is_amount(const std::string& s) {
  const size_t dot = s.find('.');
  const std::string whole = s.substr(0, dot);
  const std::string cents = dot == std::string::npos ? "" : s.substr(dot + 1);
  auto digits = [](const std::string& v) { return std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; }); };
  return !whole.empty() && whole.size() <= 15 && digits(whole) && (dot == std::string::npos || (!cents.empty() && cents.size() <= 3 && digits(cents)));
}

bool is_iso_currency(const std::string& code) {
  UErrorCode status = U_ZERO_ERROR;
  UEnumeration* all = ucurr_openISOCurrencies(UCURR_COMMON | UCURR_NON_DEPRECATED, &status);
  if (U_FAILURE(status)) return true;  // ICU cannot say: three letters will do
  bool found = false;
  int32_t length = 0;
  while (const char* c = uenum_next(all, &length, &status)) {
    if (U_FAILURE(status)) break;
    if (code == std::string(c, static_cast<size_t>(length))) {
      found = true;
      break;
    }
  }
  uenum_close(all);
  return found;
}

// Checks and normalises what `case new` was given; an error says what to write instead.
Status check_details(store::CaseDetails& d) {
  if (!is_slug(d.name)) {
    const std::string suggestion = slug_of(d.name);
    return make_error(d.name + ": a case name is a short slug of lowercase letters, digits and hyphens, starting with a letter" +
                      (suggestion.empty() ? std::string(", e.g. acme-double-charge") : ", e.g. " + suggestion));
  }
  if (!d.amount.empty() && !is_amount(d.amount)) {
    return make_error("--amount " + d.amount + ": write the amount as a plain decimal with a dot, e.g. 129.99 (no currency sign or thousands separator)");
  }
  if (!d.amount.empty() && d.currency.empty()) return make_error("--amount needs --currency too, e.g. --currency USD");
  if (!d.currency.empty()) {
    std::string upper = d.currency;
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const bool letters = upper.size() == 3 && std::all_of(upper.begin(), upper.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    if (!letters || !is_iso_currency(upper)) {
      return make_error("--currency " + d.currency + ": give the ISO 4217 code of three letters, e.g. USD, EUR, MXN or THB");
    }
    d.currency = upper;
    if (d.amount.empty()) return make_error("--currency goes with --amount, e.g. --amount 129.99 --currency " + upper);
  }
  const std::pair<const char*, const std::string*> dates[] = {{"--charge-date", &d.charge_date},
                                                               {"--statement-date", &d.statement_date}};
  for (const auto& [flag, value] : dates) {
    if (!value->empty() && (value->size() != 10 || !timeutil::parse_iso_date(*value))) {
      return make_error(std::string(flag) + " " + *value + ": write the date as YYYY-MM-DD, e.g. 2026-03-04");
    }
  }
  if (!d.account_last4.empty() &&
      (d.account_last4.size() != 4 || !std::all_of(d.account_last4.begin(), d.account_last4.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))) {
    return make_error("--account-last4 " + d.account_last4 + ": give exactly the last 4 digits of the card or account, e.g. 1234");
  }
  return ok_status();
}

// The items named: "c12", "p7", and the --conversation/--promise lists.
Result<std::vector<std::pair<store::CaseItemKind, int64_t>>> items_of(const CaseOptions& o) {
  std::vector<std::pair<store::CaseItemKind, int64_t>> out;
  for (const std::string& item : o.items) {
    const char kind = item.empty() ? '\0' : static_cast<char>(std::tolower(static_cast<unsigned char>(item[0])));
    const std::string number = item.size() > 1 ? item.substr(1) : "";
    const bool digits = !number.empty() && number.size() <= 18 &&
                        std::all_of(number.begin(), number.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if ((kind != 'c' && kind != 'p') || !digits || std::stoll(number) <= 0) {
      const bool bare = !item.empty() && std::all_of(item.begin(), item.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
      return make_error(item + (bare ? ": say c" + item + " for conversation " + item + " or p" + item + " for promise " + item
                                     : ": name an item as c12 (conversation 12) or p7 (promise 7)"));
    }
    out.emplace_back(kind == 'c' ? store::CaseItemKind::conversation : store::CaseItemKind::promise, std::stoll(number));
  }
  for (int64_t id : o.conversations) out.emplace_back(store::CaseItemKind::conversation, id);
  for (int64_t id : o.promises) out.emplace_back(store::CaseItemKind::promise, id);
  if (out.empty()) return make_error("name what to add or take out: c12 for conversation 12, p7 for promise 7");
  return out;
}

// "1 note", "2 notes".
std::string count_of(size_t n, const std::string& what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); }

std::string item_label(store::CaseItemKind kind, int64_t id) {
  return (kind == store::CaseItemKind::promise ? "p" : "c") + std::to_string(id);
}

std::string item_words(store::CaseItemKind kind, int64_t id) {
  return std::string(kind == store::CaseItemKind::promise ? "promise " : kind == store::CaseItemKind::note ? "note " : "conversation ") +
         std::to_string(id);
}

// The one-line description of a case's money: "129.99 USD charged 2026-03-01 · statement 2026-03-15 · card ending 1234".
std::string money_line(const store::CaseDetails& d) {
  std::vector<std::string> parts;
  if (!d.amount.empty()) parts.push_back(d.amount + " " + d.currency + (d.charge_date.empty() ? "" : " charged " + d.charge_date));
  else if (!d.charge_date.empty()) parts.push_back("charged " + d.charge_date);
  if (!d.statement_date.empty()) parts.push_back("statement " + d.statement_date);
  if (!d.account_last4.empty()) parts.push_back("card ending " + d.account_last4);
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " · ") + p;
  return out;
}

std::string case_heading(const store::StoredCase& c) {
  std::string out = "Case " + c.details.name;
  if (!c.details.company.empty()) out += " · " + c.details.company;
  if (!c.details.type.empty()) out += " · " + case_type_words(c.details.type);
  return out;
}

// --- case new ---------------------------------------------------------------------------------

int run_case_new(CaseOptions o, const GlobalOptions& global, Io& io) {
  o.details.name = o.name;
  if (auto checked = check_details(o.details); !checked) return usage_error(checked.error(), io);
  auto store = open_store(global, store::OpenMode::read_write, io);
  if (!store) return k_exit_store;
  auto id = store->create_case(o.details);
  if (!id) return usage_error(id.error(), io);
  auto made = store->find_case(o.details.name);
  if (!made) return usage_error(made.error(), io);
  if (o.json) {
    print_json({{"format_version", k_json_format_version}, {"case", case_json(*made)}}, io);
    return k_exit_ok;
  }
  io.out << "Made case" << printable(case_heading(*made).substr(4)) << ".\n";
  if (const std::string money = money_line(made->details); !money.empty()) io.out << printable(money) << "\n";
  io.out << "Add conversations and promises to it: inwriting case add " << made->details.name << " c12 p7\n";
  return k_exit_ok;
}

// --- case add / remove ------------------------------------------------------------------------

int run_case_add(const CaseOptions& o, const GlobalOptions& global, Io& io, bool add) {
  if (!add && o.delete_case && (!o.items.empty() || !o.conversations.empty() || !o.promises.empty())) {
    return usage_error("--delete-case deletes the whole case: give it without items", io);
  }
  std::vector<std::pair<store::CaseItemKind, int64_t>> items;
  if (add || !o.delete_case) {
    auto named = items_of(o);
    if (!named) return usage_error(named.error() + (add ? "" : " (or --delete-case to delete the case itself)"), io);
    items = std::move(*named);
  }
  auto store = open_store(global, store::OpenMode::read_write, io);
  if (!store) return k_exit_store;
  auto c = store->find_case(o.name);
  if (!c) return usage_error(c.error(), io);
  if (!add && o.delete_case) {
    if (auto deleted = store->delete_case(c->id); !deleted) {
      io.err << "inwriting: " << printable(deleted.error()) << "\n";
      return k_exit_store;
    }
    if (o.json) {
      print_json({{"format_version", k_json_format_version}, {"deleted", c->details.name}}, io);
    } else {
      io.out << "Deleted case " << c->details.name << ". Its conversations, promises and notes are still in the store.\n";
    }
    return k_exit_ok;
  }
  nlohmann::json changed = nlohmann::json::array();
  nlohmann::json unchanged = nlohmann::json::array();
  auto done = store->change_case_items(c->id, items, add);  // all or none
  if (!done) return usage_error(done.error() + " (nothing was changed)", io);
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& [kind, id] = items[i];
    ((*done)[i] ? changed : unchanged).push_back(item_label(kind, id));
    if (!o.json) {
      io.out << ((*done)[i] ? (add ? "Added " : "Took out ") : (add ? "Already in the case: " : "Not in the case: "))
             << item_words(kind, id) << "\n";
    }
  }
  if (o.json) {
    print_json({{"format_version", k_json_format_version},
                {"case", c->details.name},
                {add ? "added" : "removed", changed},
                {add ? "already_there" : "not_there", unchanged}},
               io);
  }
  return k_exit_ok;
}

// --- case list --------------------------------------------------------------------------------

int run_case_list(const CaseOptions& o, const GlobalOptions& global, Io& io) {
  auto store = open_store(global, store::OpenMode::read_only, io);
  if (!store) return k_exit_store;
  auto all = store->cases();
  if (!all) {
    io.err << "inwriting: " << printable(all.error()) << "\n";
    return k_exit_store;
  }
  if (o.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : *all) list.push_back(case_json(c));
    print_json({{"format_version", k_json_format_version}, {"cases", list}}, io);
    return k_exit_ok;
  }
  if (all->empty()) {
    io.out << "No cases yet. Make one: inwriting case new acme-double-charge --company Acme\n";
    return k_exit_ok;
  }
  for (const auto& c : *all) {
    const nlohmann::json counts = case_json(c);
    io.out << printable(c.details.name) << "  " << printable(c.details.company.empty() ? "-" : c.details.company) << "  "
           << count_of(counts["conversations"].get<size_t>(), "conversation") << ", "
           << count_of(counts["promises"].get<size_t>(), "promise") << ", " << count_of(counts["notes"].get<size_t>(), "note");
    if (const std::string money = money_line(c.details); !money.empty()) io.out << "  (" << printable(money) << ")";
    io.out << "\n";
  }
  return k_exit_ok;
}

// --- case show --------------------------------------------------------------------------------

struct TimelineRow {
  int64_t order = 0;   // seconds, for sorting
  std::string time;    // as stored
  std::string kind;    // message, event, note, promise
  int64_t conversation = 0;
  const store::StoredEntry* entry = nullptr;
  const store::StoredPromise* promise = nullptr;
  std::string channel;
};

std::vector<TimelineRow> timeline_of(const CaseContents& contents) {
  std::vector<TimelineRow> rows;
  for (const auto& cc : contents.conversations) {
    const auto& c = cc.conversation;
    int64_t last = sort_seconds(c.summary.started_iso).value_or(0);
    for (const auto& e : c.entries) {
      TimelineRow row;
      row.order = sort_seconds(e.time_iso).value_or(last);
      last = row.order;
      row.time = e.time_iso;
      row.kind = cc.note ? "note" : e.kind == model::EntryKind::event ? "event" : "message";
      row.conversation = c.summary.id;
      row.entry = &e;
      row.channel = std::string(model::to_string(c.summary.channel));
      rows.push_back(row);
    }
  }
  for (const auto& p : contents.promises) {
    TimelineRow row;
    row.order = sort_seconds(p.found.said_at).value_or(0);
    row.time = p.found.said_at;
    row.kind = "promise";
    row.conversation = p.conversation_id;
    row.promise = &p;
    rows.push_back(row);
  }
  // A promise comes right after the message that made it.
  std::stable_sort(rows.begin(), rows.end(), [](const TimelineRow& a, const TimelineRow& b) {
    if (a.order != b.order) return a.order < b.order;
    return a.kind != "promise" && b.kind == "promise";
  });
  return rows;
}

std::string promise_status_words(const store::StoredPromise& p, const std::string& today) {
  return is_overdue(p, today) ? "OVERDUE" : p.status;
}

void print_indented(const std::string& text, Io& io) {
  const std::string body = printable(text::trim_unicode(text), true);
  size_t start = 0;
  while (start <= body.size()) {
    const size_t end = body.find('\n', start);
    io.out << "    " << body.substr(start, end == std::string::npos ? std::string::npos : end - start) << "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

int run_case_show(const CaseOptions& o, const GlobalOptions& global, Io& io) {
  auto store = open_store(global, store::OpenMode::read_only, io);
  if (!store) return k_exit_store;
  auto contents = load_case(*store, o.name);
  if (!contents) return usage_error(contents.error(), io);
  const std::string today = today_local();
  const auto rows = timeline_of(*contents);
  size_t overdue = 0;
  for (const auto& p : contents->promises) overdue += is_overdue(p, today) ? 1 : 0;
  size_t notes = 0;
  for (const auto& c : contents->conversations) notes += c.note ? 1 : 0;

  if (o.json) {
    nlohmann::json conversations = nlohmann::json::array();
    nlohmann::json note_list = nlohmann::json::array();
    for (const auto& cc : contents->conversations) {
      const auto& s = cc.conversation.summary;
      nlohmann::json refs = nlohmann::json::array();
      for (const auto& r : cc.conversation.references) refs.push_back({{"kind", r.kind}, {"value", r.value}});
      if (cc.note) {
        std::string who;
        for (const auto& p : s.participants) {
          if (p.role != model::Role::customer) who = p.name;
        }
        if (cc.conversation.entries.empty()) continue;
        const auto& e = cc.conversation.entries.front();
        note_list.push_back({{"conversation", s.id}, {"at", s.started_iso.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.started_iso)},
                             {"who", who.empty() ? nlohmann::json(nullptr) : nlohmann::json(who)}, {"text", e.text},
                             {"references", refs}, {"channel", model::to_string(s.channel)}});
        continue;
      }
      nlohmann::json doc = {{"id", s.id}, {"channel", model::to_string(s.channel)}, {"company", s.company},
                            {"title", s.title}, {"language", s.language}, {"started", s.started_iso.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.started_iso)},
                            {"ended", s.ended_iso.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.ended_iso)},
                            {"messages", s.messages}, {"references", refs}, {"source_sha256", s.source_sha256}};
      conversations.push_back(doc);
    }
    nlohmann::json promises = nlohmann::json::array();
    for (const auto& p : contents->promises) {
      nlohmann::json doc = promise_json(p);
      doc["overdue"] = is_overdue(p, today);
      promises.push_back(doc);
    }
    nlohmann::json timeline = nlohmann::json::array();
    for (const auto& r : rows) {
      nlohmann::json row = {{"time", r.time.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.time)},
                            {"kind", r.kind}, {"conversation", r.conversation}};
      if (r.entry) {
        row["message"] = r.entry->id;
        row["speaker"] = r.entry->speaker;
        row["role"] = model::to_string(r.entry->role);
        row["text"] = r.entry->text;
      } else {
        row["promise"] = r.promise->id;
        row["speaker"] = r.promise->found.speaker;
        row["text"] = r.promise->found.quote;
      }
      timeline.push_back(row);
    }
    print_json({{"format_version", k_json_format_version}, {"case", case_json(contents->stored)}, {"today", today},
                {"conversations", conversations}, {"notes", note_list}, {"promises", promises}, {"timeline", timeline}},
               io);
    return k_exit_ok;
  }

  const auto& c = contents->stored;
  io.out << printable(case_heading(c)) << "\n";
  if (const std::string money = money_line(c.details); !money.empty()) io.out << printable(money) << "\n";
  io.out << count_of(contents->conversations.size() - notes, "conversation") << ", " << count_of(notes, "note") << ", "
         << count_of(contents->promises.size(), "promise") << (overdue ? " (" + std::to_string(overdue) + " overdue)" : "")
         << " · made " << readable_time(c.created_at) << "\n";
  if (rows.empty()) {
    io.out << "\nNothing in it yet: inwriting case add " << c.details.name << " c12 p7, or inwriting case note "
           << c.details.name << " \"called, ref 4471\"\n";
    return k_exit_ok;
  }
  if (!contents->promises.empty()) {
    io.out << "\nPromises\n";
    print_promise_table(contents->promises, today, io);
  }
  io.out << "\nTimeline\n";
  int64_t last_conversation = 0;
  for (const auto& r : rows) {
    const std::string when = r.time.empty() ? std::string("(no time)") : readable_time(r.time);
    if (r.promise) {
      const auto& p = *r.promise;
      io.out << when << "  c" << p.conversation_id << "  promise p" << p.id << " by " << printable(p.found.speaker) << ": "
             << p.found.kind << ", " << money_text(p.found) << ", due "
             << printable(p.found.due.empty() ? (p.found.due_text.empty() ? "-" : p.found.due_text) : p.found.due) << ", "
             << promise_status_words(p, today) << "\n";
      if (last_conversation != p.conversation_id) print_indented("\"" + p.found.quote + "\"", io);
      continue;
    }
    last_conversation = r.conversation;
    const auto& e = *r.entry;
    if (r.kind == "event") {
      io.out << when << "  c" << r.conversation << "  · " << printable(e.text) << "\n";
      continue;
    }
    io.out << when << "  c" << r.conversation << " " << r.channel << "  " << printable(e.speaker)
           << (r.kind == "note" ? " (your note)" : " (" + std::string(model::to_string(e.role)) + ")") << "\n";
    print_indented(e.text, io);
  }
  return k_exit_ok;
}

// --- case note --------------------------------------------------------------------------------

// The note's time: --at as written (a zone-less time is local, in TZ), else now.
Result<model::Timestamp> note_time(const std::string& at) {
  model::Timestamp t;
  int64_t wall = 0;
  std::optional<int> offset;
  if (at.empty()) {
    const std::time_t now = static_cast<std::time_t>(timeutil::now_utc());
    std::tm local{};
    ::localtime_r(&now, &local);
    offset = static_cast<int>(local.tm_gmtoff / 60);
    wall = static_cast<int64_t>(now) + *offset * 60;
  } else {
    auto instant = timeutil::parse_iso_datetime(at);
    if (!instant || (at.size() != 10 && at.size() < 16)) {
      return make_error("--at " + at + ": write the time as YYYY-MM-DD or YYYY-MM-DDTHH:MM (your local time), e.g. 2026-03-10T14:05");
    }
    if (at.size() == 10) {
      t.date = timeutil::parse_iso_date(at);
      return t;
    }
    wall = instant->utc_seconds;
    if (instant->offset_minutes) {
      offset = instant->offset_minutes;
      wall = instant->utc_seconds + *offset * 60;  // the wall time written
    } else {
      std::tm local{};
      const std::time_t as_utc = static_cast<std::time_t>(wall);
      ::gmtime_r(&as_utc, &local);
      local.tm_isdst = -1;
      const std::time_t real = ::mktime(&local);
      if (real != static_cast<std::time_t>(-1)) offset = static_cast<int>(local.tm_gmtoff / 60);
    }
  }
  const timeutil::Date date = timeutil::civil_from_days(wall >= 0 ? wall / 86400 : (wall - 86399) / 86400);
  const int64_t in_day = wall - timeutil::days_from_civil(date.year, date.month, date.day) * 86400;
  t.date = date;
  t.time = timeutil::TimeOfDay{static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60), static_cast<int>(in_day % 60), true};
  t.offset_minutes = offset;
  return t;
}

int run_case_note(const CaseOptions& o, const GlobalOptions& global, Io& io) {
  const std::string text = text::nfc(text::trim_unicode(o.text));
  if (text.empty()) return usage_error("the note is empty; say what happened, e.g. \"called, they promised a refund by Friday\"", io);
  if (o.ref.size() > 64 || printable(o.ref) != o.ref) return usage_error("--ref " + o.ref + ": give the reference number alone, e.g. --ref 4471", io);
  auto when = note_time(o.at);
  if (!when) return usage_error(when.error(), io);
  auto store = open_store(global, store::OpenMode::read_write, io);
  if (!store) return k_exit_store;
  auto c = store->find_case(o.name);
  if (!c) return usage_error(c.error(), io);

  store::CaseNote note;
  model::Conversation& conv = note.conversation;
  conv.channel = model::Channel::phone;
  conv.format = "note";
  conv.company = c->details.company;
  conv.title = o.who.empty() ? "Your note" : "Phone call with " + o.who;
  conv.language = text::guess_language(text);
  conv.started = *when;
  conv.ended = *when;
  conv.participant("You").role = model::Role::customer;
  conv.participant("You").role_reason = "your own note (case note)";
  if (!o.who.empty()) {
    conv.participant(o.who).role = model::Role::agent;
    conv.participant(o.who).role_reason = "named with --who";
  }
  model::Entry e;
  e.speaker = "You";
  e.text = text;
  if (!o.ref.empty() && text.find(o.ref) == std::string::npos) e.text += "\nReference: " + o.ref;
  e.time = *when;
  e.where = {1, 1};
  conv.entries.push_back(e);
  note.reference = o.ref;
  const std::string written = timeutil::format_iso(timeutil::now_utc(), 0);
  std::string bytes = "inwriting case note\ncase: " + c->details.name + "\nat: " + when->iso() + "\n";
  if (!o.who.empty()) bytes += "who: " + o.who + "\n";
  if (!o.ref.empty()) bytes += "reference: " + o.ref + "\n";
  bytes += "written: " + written + "\n\n" + text + "\n";
  note.source = store::SourceRecord{bytes, "case " + c->details.name, "note", "note", "note/1"};
  auto id = store->add_case_note(c->id, note);
  if (!id) {
    io.err << "inwriting: " << printable(id.error()) << "\n";
    return k_exit_store;
  }
  if (o.json) {
    print_json({{"format_version", k_json_format_version}, {"case", c->details.name}, {"conversation", *id},
                {"at", when->iso()}, {"who", o.who.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.who)},
                {"reference", o.ref.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.ref)},
                {"sha256", hash::sha256_hex(bytes)}},
               io);
    return k_exit_ok;
  }
  io.out << "Noted in case " << c->details.name << " as conversation " << *id << " (phone, " << readable_time(when->iso())
         << (o.who.empty() ? "" : ", with " + printable(o.who)) << (o.ref.empty() ? "" : ", ref " + printable(o.ref)) << ").\n";
  return k_exit_ok;
}

}  // namespace

void setup_case(CLI::App& app, const GlobalOptions& global, Io& io, CommandState& state) {
  CLI::App* cmd = app.add_subcommand("case", "Gather the conversations, promises and notes of one dispute");
  cmd->require_subcommand(1);

  auto add_json = [](CLI::App* sub, CaseOptions& o) { sub->add_flag("--json", o.json, "Print the result as JSON"); };
  {
    auto o = std::make_shared<CaseOptions>();
    CLI::App* sub = cmd->add_subcommand("new", "Make a case: a short name, and what the dispute is about");
    sub->add_option("name", o->name, "The case's name, a slug such as acme-double-charge")->required();
    sub->add_option("--company", o->details.company, "The company the dispute is with");
    sub->add_option("--amount", o->details.amount, "The amount in dispute, e.g. 129.99");
    sub->add_option("--currency", o->details.currency, "Its ISO 4217 currency, e.g. USD");
    sub->add_option("--charge-date", o->details.charge_date, "When the charge was made (YYYY-MM-DD)");
    sub->add_option("--statement-date", o->details.statement_date, "The date of the statement it is on (YYYY-MM-DD)");
    sub->add_option("--account-last4", o->details.account_last4, "The last 4 digits of the card or account");
    sub->add_option("--type", o->details.type, "What went wrong: credit-not-processed, not-as-described, cancelled, duplicate, other")
        ->check(CLI::IsMember({"credit-not-processed", "not-as-described", "cancelled", "duplicate", "other"}));
    add_json(sub, *o);
    sub->callback([o, &global, &io, &state] { state.exit_code = run_case_new(*o, global, io); });
  }
  for (const bool add : {true, false}) {
    auto o = std::make_shared<CaseOptions>();
    CLI::App* sub = cmd->add_subcommand(add ? "add" : "remove",
                                        add ? "Put conversations (c12) and promises (p7) in a case"
                                            : "Take conversations (c12) and promises (p7) out of a case, or delete it");
    sub->add_option("case", o->name, "The case's name (or number)")->required();
    sub->add_option("items", o->items, "c12 for conversation 12 (a note too), p7 for promise 7");
    sub->add_option("--conversation", o->conversations, "A conversation's number (same as c12); may be repeated")
        ->check(CLI::PositiveNumber);
    sub->add_option("--promise", o->promises, "A promise's number (same as p7); may be repeated")->check(CLI::PositiveNumber);
    if (!add) {
      sub->add_flag("--delete-case", o->delete_case,
                    "Delete the case itself; its conversations, promises and notes stay in the store");
    }
    add_json(sub, *o);
    sub->callback([o, add, &global, &io, &state] { state.exit_code = run_case_add(*o, global, io, add); });
  }
  {
    auto o = std::make_shared<CaseOptions>();
    CLI::App* sub = cmd->add_subcommand("list", "List the cases");
    add_json(sub, *o);
    sub->callback([o, &global, &io, &state] { state.exit_code = run_case_list(*o, global, io); });
  }
  {
    auto o = std::make_shared<CaseOptions>();
    CLI::App* sub = cmd->add_subcommand("show", "Print a case: its promises, and a timeline of everything in it");
    sub->add_option("case", o->name, "The case's name (or number)")->required();
    add_json(sub, *o);
    sub->callback([o, &global, &io, &state] { state.exit_code = run_case_show(*o, global, io); });
  }
  {
    auto o = std::make_shared<CaseOptions>();
    CLI::App* sub = cmd->add_subcommand("note", "Add your own dated note to a case, e.g. a phone call");
    sub->add_option("case", o->name, "The case's name (or number)")->required();
    sub->add_option("text", o->text, "What happened, in your words")->required();
    sub->add_option("--who", o->who, "Who you spoke with, e.g. \"Dana at Acme billing\"");
    sub->add_option("--at", o->at, "When (YYYY-MM-DD or YYYY-MM-DDTHH:MM, your local time; default now)");
    sub->add_option("--ref", o->ref, "The reference number you were given");
    add_json(sub, *o);
    sub->callback([o, &global, &io, &state] { state.exit_code = run_case_note(*o, global, io); });
  }
}

}  // namespace inwriting::cli
