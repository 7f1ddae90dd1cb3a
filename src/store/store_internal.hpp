#pragma once
// Helpers the store's source files share; nothing outside src/store sees them.
#include <memory>
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


}  // namespace inwriting::store
