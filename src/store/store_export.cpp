// What bundles read: a conversation's sources, which source carries which message, custody.
#include <algorithm>
#include <set>

#include "store_internal.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::store {

namespace {

StoredSource source_row(const Statement& st) {
  StoredSource s;
  s.id = st.int64(0);
  s.sha256 = st.text(1);
  s.size = st.int64(2);
  s.origin = st.text(3);
  s.origin_kind = st.text(4);
  s.imported_at = st.text(5);
  s.format = st.text(6);
  s.parser_version = st.text(7);
  s.parent_id = st.opt_int64(8);
  return s;
}

}  // namespace

Result<std::vector<StoredSource>> Store::conversation_sources(int64_t conversation_id) const {
  // The conversation's own sources, the emails whose messages it holds, then what those emails
  // carried as attachments (kept as sources whose parent is the email).
  Statement st(m_db, R"sql(
WITH carriers(id) AS (
  SELECT source_id FROM conversations WHERE id = ?1
  UNION SELECT source_id FROM source_conversations WHERE conversation_id = ?1
  UNION SELECT ms.source_id FROM message_sources ms JOIN messages m ON m.id = ms.message_id WHERE m.conversation_id = ?1
  UNION SELECT source_id FROM emails WHERE conversation_id = ?1
),
everything(id) AS (
  SELECT id FROM carriers
  UNION SELECT a.source_id FROM attachments a JOIN carriers c ON c.id = a.email_source_id WHERE a.source_id IS NOT NULL
)
SELECT s.id, s.sha256, s.size, s.origin, s.origin_kind, s.imported_at, s.format, s.parser_version, s.parent_id
FROM sources s JOIN everything e ON e.id = s.id
ORDER BY COALESCE(s.parent_id, s.id), s.parent_id IS NOT NULL, s.id)sql");
  if (!st.prepared()) return make_error(store_error(m_path, m_db, "cannot read the conversation's sources"));
  st.bind(1, conversation_id);
  std::vector<StoredSource> out;
  int rc = SQLITE_ROW;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(source_row(st));
  if (rc != SQLITE_DONE) return make_error(store_error(m_path, m_db, "cannot read the conversation's sources"));
  return out;
}

Result<std::vector<std::pair<int64_t, int64_t>>> Store::message_sources(int64_t conversation_id) const {
  // A chat's messages are carried by every source of the conversation; an email thread's by the
  // emails that hold or quote each one.
  Statement st(m_db, R"sql(
SELECT m.id, ms.source_id FROM messages m JOIN message_sources ms ON ms.message_id = m.id WHERE m.conversation_id = ?1
UNION
SELECT m.id, sc.source_id FROM messages m
  JOIN (SELECT source_id, id AS conversation_id FROM conversations
        UNION SELECT source_id, conversation_id FROM source_conversations) sc ON sc.conversation_id = m.conversation_id
  WHERE m.conversation_id = ?1 AND NOT EXISTS (SELECT 1 FROM message_sources x WHERE x.message_id = m.id)
ORDER BY 1, 2)sql");
  if (!st.prepared()) return make_error(store_error(m_path, m_db, "cannot read which sources carry the messages"));
  st.bind(1, conversation_id);
  std::vector<std::pair<int64_t, int64_t>> out;
  int rc = SQLITE_ROW;
  while ((rc = st.step()) == SQLITE_ROW) out.emplace_back(st.int64(0), st.int64(1));
  if (rc != SQLITE_DONE) return make_error(store_error(m_path, m_db, "cannot read which sources carry the messages"));
  return out;
}

Result<std::vector<CustodyEvent>> Store::custody_events(const std::vector<int64_t>& source_ids) const {
  Statement st(m_db, "SELECT source_id, at, event, detail, software FROM custody_events WHERE source_id = ?1 ORDER BY at, id");
  if (!st.prepared()) return make_error(store_error(m_path, m_db, "cannot read custody"));
  std::vector<CustodyEvent> out;
  for (int64_t id : std::set<int64_t>(source_ids.begin(), source_ids.end())) {
    st.reset();
    st.bind(1, id);
    int rc = SQLITE_ROW;
    while ((rc = st.step()) == SQLITE_ROW) out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.text(4)});
    if (rc != SQLITE_DONE) return make_error(store_error(m_path, m_db, "cannot read custody"));
  }
  std::stable_sort(out.begin(), out.end(), [](const CustodyEvent& a, const CustodyEvent& b) { return a.at < b.at; });
  return out;
}

Status Store::add_custody_events(const std::vector<int64_t>& source_ids, const std::string& event, const std::string& detail) {
  Savepoint savepoint(m_db, "custody");
  if (!savepoint.started()) return make_error(store_error(m_path, m_db, "cannot record custody"));
  Statement& st = cached("INSERT INTO custody_events (source_id, at, event, detail, software) VALUES (?1, ?2, ?3, ?4, ?5)");
  const std::string at = timeutil::format_iso(timeutil::now_utc(), 0);
  for (int64_t id : std::set<int64_t>(source_ids.begin(), source_ids.end())) {
    st.reset();
    st.bind(1, id).bind(2, at).bind(3, event).bind(4, detail).bind(5, std::string("inwriting ") + INWRITING_VERSION);
    if (st.step() != SQLITE_DONE) return make_error(store_error(m_path, m_db, "cannot record custody"));
  }
  if (!savepoint.release()) return make_error(store_error(m_path, m_db, "cannot record custody"));
  return ok_status();
}

}  // namespace inwriting::store
