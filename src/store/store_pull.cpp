// Pull state: which IMAP messages `inwriting pull` has taken, by (account, mailbox, UIDVALIDITY,
// UID). The rows are written by the caller inside the batch that keeps each message's source.
#include <string>

#include "inwriting/store/store.hpp"
#include "store_internal.hpp"

namespace inwriting::store {

std::string_view to_string(PullOutcome outcome) {
  switch (outcome) {
    case PullOutcome::imported: return "imported";
    case PullOutcome::duplicate: return "duplicate";
    case PullOutcome::unparsed: return "unparsed";
  }
  return "imported";
}

namespace {

PullOutcome pull_outcome(const std::string& s) {
  if (s == "duplicate") return PullOutcome::duplicate;
  if (s == "unparsed") return PullOutcome::unparsed;
  return PullOutcome::imported;
}

}  // namespace

Result<std::vector<int64_t>> Store::pulled_uids(const std::string& account, const std::string& mailbox,
                                                int64_t uidvalidity) const {
  Statement st(m_db, "SELECT uid FROM pull_state WHERE account = ?1 AND mailbox = ?2 AND uidvalidity = ?3 ORDER BY uid");
  if (!st.prepared()) {
    return make_error(store_error(m_path, m_db, "cannot read the pull state"));
  }
  st.bind(1, account).bind(2, mailbox).bind(3, uidvalidity);
  std::vector<int64_t> uids;
  int rc = SQLITE_ROW;
  while ((rc = st.step()) == SQLITE_ROW) {
    uids.push_back(st.int64(0));
  }
  if (rc != SQLITE_DONE) {
    return make_error(store_error(m_path, m_db, "cannot read the pull state"));
  }
  return uids;
}

Status Store::record_pull(const PullRecord& r) {
  Statement& st = cached(
      "INSERT OR IGNORE INTO pull_state (account, mailbox, uidvalidity, uid, outcome, source_id, error, fetched_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  st.bind(1, r.key.account)
      .bind(2, r.key.mailbox)
      .bind(3, r.key.uidvalidity)
      .bind(4, r.key.uid)
      .bind(5, to_string(r.outcome))
      .bind(6, r.source_id)
      .bind(7, r.error)
      .bind(8, r.fetched_at);
  const int rc = st.step();
  st.reset();
  if (rc != SQLITE_DONE) {
    return make_error(store_error(m_path, m_db, "cannot record what was pulled"));
  }
  return ok_status();
}

Result<std::vector<PullRecord>> Store::pull_records(const std::string& account) const {
  Statement st(m_db, "SELECT account, mailbox, uidvalidity, uid, outcome, source_id, error, fetched_at FROM pull_state "
                     "WHERE ?1 = '' OR account = ?1 ORDER BY id");
  st.bind(1, account);
  std::vector<PullRecord> out;
  int rc = SQLITE_ROW;
  while ((rc = st.step()) == SQLITE_ROW) {
    out.push_back(PullRecord{{st.text(0), st.text(1), st.int64(2), st.int64(3)},
                             pull_outcome(st.text(4)),
                             st.int64(5),
                             st.text(6),
                             st.text(7)});
  }
  if (rc != SQLITE_DONE) {
    return make_error(store_error(m_path, m_db, "cannot read the pull state"));
  }
  return out;
}

}  // namespace inwriting::store
