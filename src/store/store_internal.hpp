#pragma once
// Helpers the store's source files share; nothing outside src/store sees them.
#include <optional>
#include <string>

#include "inwriting/model/conversation.hpp"
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
