#pragma once
// Helpers the store's source files share; nothing outside src/store sees them.
#include <memory>
#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "inwriting/model/conversation.hpp"
#include "inwriting/store/store.hpp"
#include "sqlite.hpp"

namespace inwriting::store {

inline std::string store_error(const std::string& path, sqlite3* db, const std::string& what) {
  return path + ": " + what + ": " + sqlite3_errmsg(db);
}

// What a message's time is stored as.
struct StoredTime {
  std::optional<int64_t> utc;
  std::optional<std::string> local;
  std::optional<int64_t> offset;
};

// One write to the full-text index, held back until the transaction is about to commit.
struct FtsOp {
  bool remove = false;  // 'delete' (with the text that was indexed) instead of an insert
  int64_t rowid = 0;
  std::string text;
};

// Per connection: the prepared statements, and the index writes not yet made.
// FTS5 writes its pending terms out as a new index segment at every SAVEPOINT of a transaction
// that has written to it, so indexing each source inside its own savepoint cost a segment (and
// the merges that follow) per source. The index is written instead just before COMMIT, in order:
// a source's writes join the batch's when its savepoint is released, and are dropped with it
// when it is rolled back.
struct Store::StatementCache {
  std::unordered_map<const char*, std::unique_ptr<Statement>> by_sql;
  std::vector<FtsOp> source_fts;  // the source being imported
  std::vector<FtsOp> batch_fts;   // sources kept in the open batch
};

inline StoredTime stored_time(const model::Timestamp& t) {
  StoredTime out;
  if (t.complete()) {
    const int64_t wall = t.wall_seconds();
    out.local = timeutil::format_iso(wall, std::nullopt);
    if (t.offset_minutes) {
      out.offset = *t.offset_minutes;
      out.utc = wall - *t.offset_minutes * 60;
    } else {
      out.utc = wall;
    }
  } else if (t.date) {
    out.local = timeutil::format_date(*t.date);
    out.utc = timeutil::wall_seconds(*t.date, {});
  }
  return out;
}

// How a stored time reads back: the local time with its offset when the zone is known.
inline std::string read_back_time(const std::optional<std::string>& local, const std::optional<int64_t>& offset) {
  if (!local) return {};
  if (offset && local->size() >= 19) {
    if (auto instant = timeutil::parse_iso_datetime(*local)) return timeutil::format_iso(instant->utc_seconds, static_cast<int>(*offset));
  }
  return *local;
}

// Lists kept in one TEXT column, one value per line (References, reference numbers).
inline std::string joined_lines(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : "\n") + v;
  return out;
}

inline std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    const size_t end = std::min(s.find('\n', start), s.size());
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// One unit of work that nests: a transaction of its own outside one, and part of the caller's (an
// import batch) inside one. `name` must be a literal SQL identifier.
class Savepoint {
public:
  Savepoint(sqlite3* db, const char* name) : m_db(db), m_name(name) {
    m_ok = sqlite3_exec(db, ("SAVEPOINT " + m_name).c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  ~Savepoint() {
    if (m_ok && !m_released) {
      sqlite3_exec(m_db, ("ROLLBACK TO " + m_name).c_str(), nullptr, nullptr, nullptr);
      sqlite3_exec(m_db, ("RELEASE " + m_name).c_str(), nullptr, nullptr, nullptr);
    }
  }
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  bool release() {
    m_released = sqlite3_exec(m_db, ("RELEASE " + m_name).c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    return m_released;
  }
  bool started() const { return m_ok; }

private:
  sqlite3* m_db;
  std::string m_name;
  bool m_ok = false;
  bool m_released = false;
};

}  // namespace inwriting::store
