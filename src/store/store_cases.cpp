// Cases in the store: a named dispute and the conversations, promises and notes gathered for it.
// Items are links only: taking one out of a case, or deleting the case, never deletes evidence.
#include <string>

#include "inwriting/store/store.hpp"
#include "inwriting/util/time.hpp"
#include "store_internal.hpp"

namespace inwriting::store {

std::string_view to_string(CaseItemKind k) {
  switch (k) {
    case CaseItemKind::conversation: return "conversation";
    case CaseItemKind::promise: return "promise";
    case CaseItemKind::note: return "note";
  }
  return "conversation";
}

namespace {

std::optional<CaseItemKind> case_item_kind(const std::string& s) {
  if (s == "conversation") return CaseItemKind::conversation;
  if (s == "promise") return CaseItemKind::promise;
  if (s == "note") return CaseItemKind::note;
  return std::nullopt;
}

std::string now_utc_text() { return timeutil::format_iso(timeutil::now_utc(), 0); }

constexpr const char* k_case_columns =
    "id, name, company, COALESCE(amount, ''), COALESCE(currency, ''), COALESCE(charge_date, ''), "
    "COALESCE(statement_date, ''), COALESCE(account_last4, ''), COALESCE(type, ''), created_at FROM cases ";

StoredCase read_case(Statement& st) {
  StoredCase c;
  c.id = st.int64(0);
  c.details.name = st.text(1);
  c.details.company = st.text(2);
  c.details.amount = st.text(3);
  c.details.currency = st.text(4);
  c.details.charge_date = st.text(5);
  c.details.statement_date = st.text(6);
  c.details.account_last4 = st.text(7);
  c.details.type = st.text(8);
  c.created_at = st.text(9);
  return c;
}

void load_items(sqlite3* db, StoredCase& c) {
  Statement st(db, "SELECT kind, COALESCE(promise_id, conversation_id), added_at FROM case_items WHERE case_id = ?1 "
                   "ORDER BY id");
  st.bind(1, c.id);
  while (st.step() == SQLITE_ROW) {
    c.items.push_back({case_item_kind(st.text(0)).value_or(CaseItemKind::conversation), st.int64(1), st.text(2)});
  }
}

void bind_text_or_null(Statement& st, int index, const std::string& value) {
  if (value.empty()) {
    st.bind_null(index);
  } else {
    st.bind(index, value);
  }
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return false;
  }
  return true;
}

}  // namespace

Result<int64_t> Store::create_case(const CaseDetails& d) {
  {
    Statement st(m_db, "SELECT 1 FROM cases WHERE name = ?1");
    st.bind(1, d.name);
    if (st.step() == SQLITE_ROW) {
      return make_error("a case named " + d.name + " exists already; choose another name, or see 'inwriting case show " +
                        d.name + "'");
    }
  }
  Statement st(m_db, "INSERT INTO cases (name, company, amount, currency, charge_date, statement_date, account_last4, "
                     "type, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  st.bind(1, d.name).bind(2, d.company);
  bind_text_or_null(st, 3, d.amount);
  bind_text_or_null(st, 4, d.currency);
  bind_text_or_null(st, 5, d.charge_date);
  bind_text_or_null(st, 6, d.statement_date);
  bind_text_or_null(st, 7, d.account_last4);
  bind_text_or_null(st, 8, d.type);
  st.bind(9, now_utc_text());
  if (st.step() != SQLITE_DONE) return make_error(store_error(m_path, m_db, "cannot keep the case"));
  return sqlite3_last_insert_rowid(m_db);
}

Result<StoredCase> Store::find_case(const std::string& name_or_id) const {
  const bool by_id = all_digits(name_or_id);
  Statement st(m_db, std::string("SELECT ") + k_case_columns + (by_id ? "WHERE id = ?1" : "WHERE name = ?1"));
  if (by_id) {
    st.bind(1, static_cast<int64_t>(std::stoll(name_or_id.substr(0, 18))));
  } else {
    st.bind(1, name_or_id);
  }
  if (st.step() != SQLITE_ROW) {
    return make_error("there is no case " + name_or_id + "; 'inwriting case list' shows the cases, 'inwriting case new NAME' makes one");
  }
  StoredCase c = read_case(st);
  load_items(m_db, c);
  return c;
}

Result<std::vector<StoredCase>> Store::cases() const {
  Statement st(m_db, std::string("SELECT ") + k_case_columns + "ORDER BY id");
  if (!st.prepared()) return make_error(store_error(m_path, m_db, "cannot list the cases"));
  std::vector<StoredCase> out;
  while (st.step() == SQLITE_ROW) out.push_back(read_case(st));
  for (auto& c : out) load_items(m_db, c);
  return out;
}

Result<bool> Store::add_case_item(int64_t case_id, CaseItemKind kind, int64_t id) {
  const bool promise = kind == CaseItemKind::promise;
  {
    Statement st(m_db, promise ? "SELECT 1 FROM promises WHERE id = ?1" : "SELECT 1 FROM conversations WHERE id = ?1");
    st.bind(1, id);
    if (st.step() != SQLITE_ROW) {
      return make_error(promise ? "there is no promise " + std::to_string(id) + "; 'inwriting promises --all' lists them"
                                : "there is no conversation " + std::to_string(id) + "; 'inwriting list' shows the ones kept");
    }
  }
  Statement st(m_db, promise ? "INSERT OR IGNORE INTO case_items (case_id, kind, promise_id, added_at) VALUES (?1, ?2, ?3, ?4)"
                             : "INSERT OR IGNORE INTO case_items (case_id, kind, conversation_id, added_at) VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, case_id).bind(2, to_string(kind)).bind(3, id).bind(4, now_utc_text());
  if (st.step() != SQLITE_DONE) return make_error(store_error(m_path, m_db, "cannot add to the case"));
  return sqlite3_changes(m_db) > 0;
}

Result<bool> Store::remove_case_item(int64_t case_id, CaseItemKind kind, int64_t id) {
  // A note is a conversation: taking out conversation N takes out note N too.
  Statement st(m_db, kind == CaseItemKind::promise ? "DELETE FROM case_items WHERE case_id = ?1 AND promise_id = ?2"
                                                   : "DELETE FROM case_items WHERE case_id = ?1 AND conversation_id = ?2");
  st.bind(1, case_id).bind(2, id);
  if (st.step() != SQLITE_DONE) return make_error(store_error(m_path, m_db, "cannot take it out of the case"));
  return sqlite3_changes(m_db) > 0;
}

Result<std::vector<bool>> Store::change_case_items(int64_t case_id,
                                                   const std::vector<std::pair<CaseItemKind, int64_t>>& items, bool add) {
  Savepoint sp(m_db, "cases");
  if (!sp.started()) return make_error(store_error(m_path, m_db, "cannot start changing the case"));
  std::vector<bool> out;
  for (const auto& [kind, id] : items) {
    auto done = add ? add_case_item(case_id, kind, id) : remove_case_item(case_id, kind, id);
    if (!done) return Error{done.error()};
    out.push_back(*done);
  }
  if (!sp.release()) return make_error(store_error(m_path, m_db, "cannot change the case"));
  return out;
}

Status Store::delete_case(int64_t case_id) {
  Savepoint sp(m_db, "cases");
  if (!sp.started()) return make_error(store_error(m_path, m_db, "cannot start deleting the case"));
  for (const char* sql : {"DELETE FROM case_items WHERE case_id = ?1", "DELETE FROM cases WHERE id = ?1"}) {
    Statement st(m_db, sql);
    st.bind(1, case_id);
    if (st.step() != SQLITE_DONE) return make_error(store_error(m_path, m_db, "cannot delete the case"));
  }
  if (!sp.release()) return make_error(store_error(m_path, m_db, "cannot delete the case"));
  return ok_status();
}

Result<int64_t> Store::add_case_note(int64_t case_id, const CaseNote& note) {
  if (m_in_batch) return make_error("a note cannot be added inside an import batch");
  // One transaction: the note's source, conversation and index entry, its reference, the link.
  if (auto begun = begin_batch(); !begun) return Error{begun.error()};
  auto fail = [this](const std::string& why) -> Result<int64_t> {
    exec(m_db, "ROLLBACK");
    m_in_batch = false;
    m_statements->batch_fts.clear();
    for (auto& [sql, statement] : m_statements->by_sql) statement->reset();
    return make_error(why);
  };
  auto kept = import_source(note.source, {note.conversation});
  if (!kept) return fail(kept.error());
  if (kept->conversations.size() != 1) return fail("the note was not kept as one conversation");
  const int64_t conversation_id = kept->conversations.front().id;
  if (!note.reference.empty()) {
    Statement known(m_db, "SELECT 1 FROM refs WHERE conversation_id = ?1 AND value = ?2");
    known.bind(1, conversation_id).bind(2, note.reference);
    if (known.step() != SQLITE_ROW) {
      Statement st(m_db, "INSERT INTO refs (conversation_id, message_id, kind, value) VALUES (?1, "
                         "(SELECT id FROM messages WHERE conversation_id = ?1 ORDER BY seq LIMIT 1), 'reference', ?2)");
      st.bind(1, conversation_id).bind(2, note.reference);
      if (st.step() != SQLITE_DONE) return fail(store_error(m_path, m_db, "cannot keep the note's reference"));
    }
  }
  {
    Statement st(m_db, "INSERT OR IGNORE INTO case_items (case_id, kind, conversation_id, added_at) VALUES (?1, 'note', ?2, ?3)");
    st.bind(1, case_id).bind(2, conversation_id).bind(3, now_utc_text());
    if (st.step() != SQLITE_DONE) return fail(store_error(m_path, m_db, "cannot add the note to the case"));
  }
  if (auto committed = commit_batch(); !committed) return make_error(committed.error());
  return conversation_id;
}

}  // namespace inwriting::store
