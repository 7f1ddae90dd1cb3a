// Promises in the store: what the extractor found, kept per message, and the user's status
// history for each. A promise's status is the last status the user recorded, else "retracted"
// when a later message took it back, else "open".
#include <algorithm>
#include <map>
#include <set>

#include "inwriting/store/store.hpp"
#include "inwriting/util/time.hpp"
#include "store_internal.hpp"

namespace inwriting::store {

namespace {

constexpr const char* k_promise_columns =
    "p.id, p.conversation_id, p.message_id, p.quote_begin, p.quote_end, p.kind, p.amount, p.currency, p.due, "
    "p.due_text, p.refs, p.speaker, p.said_at, p.quote, p.confidence, p.explain, p.retracted_by, p.rules, "
    "p.found_at, c.company, s.sha256, "
    "(SELECT e.status FROM promise_events e WHERE e.promise_id = p.id AND e.status IS NOT NULL "
    " ORDER BY e.id DESC LIMIT 1) ";

constexpr const char* k_promise_from =
    "FROM promises p JOIN messages m ON m.id = p.message_id JOIN conversations c ON c.id = p.conversation_id "
    "JOIN sources s ON s.id = COALESCE((SELECT ms.source_id FROM message_sources ms WHERE ms.message_id = p.message_id "
    "AND ms.how = 'parsed' LIMIT 1), c.source_id) ";

StoredPromise read_promise(Statement& st) {
  StoredPromise p;
  p.id = st.int64(0);
  p.conversation_id = st.int64(1);
  p.found.message_id = st.int64(2);
  p.found.quote_begin = static_cast<size_t>(st.int64(3));
  p.found.quote_end = static_cast<size_t>(st.int64(4));
  p.found.kind = st.text(5);
  p.found.amount = st.text(6);
  p.found.currency = st.text(7);
  p.found.due = st.text(8);
  p.found.due_text = st.text(9);
  p.found.references = lines_of(st.text(10));
  p.found.speaker = st.text(11);
  p.found.said_at = st.text(12);
  p.found.quote = st.text(13);
  p.found.confidence = st.real(14);
  p.found.explain = st.text(15);
  p.found.retracted_by = st.opt_int64(16);
  p.rules = st.text(17);
  p.found_at = st.text(18);
  p.company = st.text(19);
  p.source_sha256 = st.text(20);
  const std::string recorded = st.text(21);
  p.status = !recorded.empty() ? recorded : p.found.retracted_by ? "retracted" : "open";
  return p;
}

}  // namespace

Result<PromiseIndexOutcome> Store::replace_promises(int64_t conversation_id, const std::vector<FoundPromise>& found,
                                                    const std::string& rules_digest) {
  PromiseIndexOutcome outcome;
  Savepoint sp(m_db, "promises");
  if (!sp.started()) return make_error(store_error(m_path, m_db, "cannot start saving promises"));
  const std::string now = timeutil::format_iso(timeutil::now_utc(), 0);

  std::map<std::pair<int64_t, int64_t>, std::pair<int64_t, bool>> existing;  // (message, begin) → (id, has history)
  {
    Statement& st = cached(
        "SELECT p.id, p.message_id, p.quote_begin, EXISTS (SELECT 1 FROM promise_events e WHERE e.promise_id = p.id) "
        "OR EXISTS (SELECT 1 FROM case_items ci WHERE ci.promise_id = p.id) "
        "FROM promises p WHERE p.conversation_id = ?1");
    st.bind(1, conversation_id);
    while (st.step() == SQLITE_ROW) existing[{st.int64(1), st.int64(2)}] = {st.int64(0), st.int64(3) != 0};
  }
  std::set<int64_t> seen;
  for (const FoundPromise& f : found) {
    const auto key = std::make_pair(f.message_id, static_cast<int64_t>(f.quote_begin));
    auto it = existing.find(key);
    Statement& st = it == existing.end()
                        ? cached("INSERT INTO promises (message_id, conversation_id, quote_begin, quote_end, kind, amount, "
                                 "currency, due, due_text, refs, speaker, said_at, quote, confidence, explain, "
                                 "retracted_by, rules, found_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                                 "?12, ?13, ?14, ?15, ?16, ?17, ?18)")
                        : cached("UPDATE promises SET message_id = ?1, conversation_id = ?2, quote_begin = ?3, "
                                 "quote_end = ?4, kind = ?5, amount = ?6, currency = ?7, due = ?8, due_text = ?9, "
                                 "refs = ?10, speaker = ?11, said_at = ?12, quote = ?13, confidence = ?14, explain = ?15, "
                                 "retracted_by = ?16, rules = ?17 WHERE id = ?19");
    st.bind(1, f.message_id).bind(2, conversation_id).bind(3, static_cast<int64_t>(f.quote_begin));
    st.bind(4, static_cast<int64_t>(f.quote_end)).bind(5, f.kind);
    if (f.amount.empty()) st.bind_null(6); else st.bind(6, f.amount);
    if (f.currency.empty()) st.bind_null(7); else st.bind(7, f.currency);
    if (f.due.empty()) st.bind_null(8); else st.bind(8, f.due);
    st.bind(9, f.due_text).bind(10, joined_lines(f.references)).bind(11, f.speaker).bind(12, f.said_at);
    st.bind(13, f.quote).bind(14, f.confidence).bind(15, f.explain);
    if (f.retracted_by) st.bind(16, *f.retracted_by); else st.bind_null(16);
    st.bind(17, rules_digest);
    if (it == existing.end()) {
      st.bind(18, now);
    } else {
      st.bind(19, it->second.first);
      seen.insert(it->second.first);
    }
    if (st.step() != SQLITE_DONE) return make_error(store_error(m_path, m_db, "cannot save a promise"));
    ++(it == existing.end() ? outcome.added : outcome.updated);
  }
  for (const auto& [key, value] : existing) {
    const auto [id, has_history] = value;
    if (seen.count(id)) continue;
    if (has_history) {
      ++outcome.kept_with_history;
      continue;
    }
    Statement& st = cached("DELETE FROM promises WHERE id = ?1");
    st.bind(1, id);
    if (st.step() != SQLITE_DONE) return make_error(store_error(m_path, m_db, "cannot remove a promise"));
    ++outcome.removed;
  }
  if (!sp.release()) return make_error(store_error(m_path, m_db, "cannot save promises"));
  return outcome;
}

Result<std::vector<StoredPromise>> Store::promises(const PromiseFilters& filters) const {
  std::string sql = std::string("SELECT ") + k_promise_columns + k_promise_from + "WHERE 1 = 1 ";
  int next = 1;
  std::vector<std::pair<int, std::string>> texts;
  if (filters.company) {
    sql += "AND c.company = ?" + std::to_string(next) + " COLLATE NOCASE ";
    texts.emplace_back(next++, *filters.company);
  }
  if (filters.said_since) {
    sql += "AND substr(p.said_at, 1, 10) >= ?" + std::to_string(next) + " ";
    texts.emplace_back(next++, *filters.said_since);
  }
  if (filters.due_before) {
    sql += "AND p.due IS NOT NULL AND p.due < ?" + std::to_string(next) + " ";
    texts.emplace_back(next++, *filters.due_before);
  }
  if (filters.conversation_id) sql += "AND p.conversation_id = " + std::to_string(*filters.conversation_id) + " ";
  sql += "ORDER BY COALESCE(p.due, '9999'), p.said_at, p.id";
  Statement st(m_db, sql);
  if (!st.prepared()) return make_error(store_error(m_path, m_db, "cannot list promises"));
  for (const auto& [index, value] : texts) st.bind(index, value);
  std::vector<StoredPromise> out;
  while (st.step() == SQLITE_ROW) {
    StoredPromise p = read_promise(st);
    if (!filters.statuses.empty() &&
        std::find(filters.statuses.begin(), filters.statuses.end(), p.status) == filters.statuses.end()) {
      continue;
    }
    out.push_back(std::move(p));
  }
  return out;
}

Result<StoredPromise> Store::promise(int64_t id) const {
  Statement st(m_db, std::string("SELECT ") + k_promise_columns + k_promise_from + "WHERE p.id = ?1");
  st.bind(1, id);
  if (st.step() != SQLITE_ROW) return make_error("promise " + std::to_string(id) + ": no such promise (see `inwriting promises --all`)");
  StoredPromise p = read_promise(st);
  Statement events(m_db, "SELECT at, COALESCE(status, ''), note, who FROM promise_events WHERE promise_id = ?1 ORDER BY id");
  events.bind(1, id);
  while (events.step() == SQLITE_ROW) p.history.push_back({events.text(0), events.text(1), events.text(2), events.text(3)});
  return p;
}

Status Store::add_promise_event(int64_t promise_id, const PromiseEvent& event) {
  Statement check(m_db, "SELECT 1 FROM promises WHERE id = ?1");
  check.bind(1, promise_id);
  if (check.step() != SQLITE_ROW)
    return make_error("promise " + std::to_string(promise_id) + ": no such promise (see `inwriting promises --all`)");
  Statement st(m_db, "INSERT INTO promise_events (promise_id, at, status, note, who) VALUES (?1, ?2, ?3, ?4, ?5)");
  st.bind(1, promise_id).bind(2, event.at);
  if (event.status.empty()) st.bind_null(3); else st.bind(3, event.status);
  st.bind(4, event.note).bind(5, event.who);
  if (st.step() != SQLITE_DONE) return make_error(store_error(m_path, m_db, "cannot record the promise's status"));
  return ok_status();
}

Result<std::vector<int64_t>> Store::conversation_ids() const {
  Statement st(m_db, "SELECT id FROM conversations ORDER BY id");
  std::vector<int64_t> out;
  while (st.step() == SQLITE_ROW) out.push_back(st.int64(0));
  return out;
}

}  // namespace inwriting::store
