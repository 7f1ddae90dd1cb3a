#include "inwriting/store/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unicode/uchar.h>
#include <unicode/uversion.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "icu_tokenizer.hpp"
#include "rank.hpp"
#include "inwriting/util/file.hpp"
#include "inwriting/util/hash.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"
#include "schema.hpp"
#include "sqlite.hpp"
#include "store_internal.hpp"

namespace inwriting::store {

namespace {

std::string now_rfc3339() { return timeutil::format_iso(timeutil::now_utc(), 0); }

std::string directory_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) {
    return ".";
  }
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The store holds people's private conversations: only its owner may read it.
Status prepare_location(const std::string& path) {
  const std::string dir = directory_of(path);
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    auto made = file::make_dirs(dir, 0700);
    if (!made) {
      return made;
    }
  }
  if (::stat(path.c_str(), &st) != 0) {
    const mode_t old = ::umask(077);
    (void)old;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    ::umask(old);
    if (fd < 0 && errno != EEXIST) {
      return make_error(path + ": cannot create the store: " + std::strerror(errno));
    }
    if (fd >= 0) {
      ::close(fd);
    }
  }
  return ok_status();
}

int read_user_version(sqlite3* db) {
  Statement st(db, "PRAGMA user_version");
  return st.step() == SQLITE_ROW ? static_cast<int>(st.int64(0)) : -1;
}

// What two copies of one chat have in common however they were saved: the letters and digits of
// each message, folded. Whitespace, quotes (' or ’), dashes and emoji differ between a pasted
// copy and a saved page; the words do not.
std::string fingerprint_of(const model::Conversation& c) {
  std::string normalised;
  for (const auto& e : c.entries) {
    if (e.kind != model::EntryKind::message) {
      continue;
    }
    const std::string folded = text::fold_for_search(e.text);
    size_t pos = 0;
    while (pos < folded.size()) {
      const size_t start = pos;
      const char32_t cp = text::next_code_point(folded, pos);
      if (u_isalnum(static_cast<UChar32>(cp)) || u_charType(static_cast<UChar32>(cp)) == U_NON_SPACING_MARK ||
          u_charType(static_cast<UChar32>(cp)) == U_COMBINING_SPACING_MARK) {
        normalised.append(folded, start, pos - start);
      }
    }
    normalised += '\n';
  }
  return hash::sha256_hex(normalised);
}

// One unit of all-or-nothing work: a transaction of its own, or, inside a batch, a savepoint in
// the batch's transaction (so a failed source leaves the batch's other sources in place).
struct Transaction {
  enum class Kind { transaction, savepoint };
  explicit Transaction(sqlite3* db, Kind kind = Kind::transaction) : m_db(db), m_kind(kind) {
    m_ok = exec(db, kind == Kind::transaction ? "BEGIN IMMEDIATE" : "SAVEPOINT source").ok();
  }
  ~Transaction() {
    if (m_ok && !m_committed) {
      if (m_kind == Kind::transaction) {
        exec(m_db, "ROLLBACK");
      } else {
        exec(m_db, "ROLLBACK TO source");
        exec(m_db, "RELEASE source");
      }
    }
  }
  Status commit() {
    auto st = exec(m_db, m_kind == Kind::transaction ? "COMMIT" : "RELEASE source");
    m_committed = st.ok();
    return st;
  }
  bool started() const { return m_ok; }

private:
  sqlite3* m_db;
  Kind m_kind;
  bool m_ok = false;
  bool m_committed = false;
};

}  // namespace

std::string default_store_path() {
  if (const char* home = std::getenv("INWRITING_HOME"); home && *home) {
    return std::string(home) + "/store.db";
  }
  if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data) {
    return std::string(data) + "/inwriting/store.db";
  }
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/inwriting/store.db";
}

Store::Store(sqlite3* db, std::string path)
    : m_db(db), m_path(std::move(path)), m_statements(std::make_unique<StatementCache>()) {}

Store::~Store() {
  m_statements.reset();  // finalize before closing
  sqlite3_close_v2(m_db);
}

// Makes the held-back index writes, in the order they were asked for.
static Status apply_fts(sqlite3* db, Statement& insert, Statement& remove, std::vector<FtsOp>& ops) {
  for (const FtsOp& op : ops) {
    Statement& st = op.remove ? remove : insert;
    st.reset();
    st.bind(1, op.rowid).bind(2, op.text);
    if (st.step() != SQLITE_DONE) {
      ops.clear();
      return make_error(std::string("cannot write the search index: ") + sqlite3_errmsg(db));
    }
  }
  insert.reset();
  remove.reset();
  ops.clear();
  return ok_status();
}

Statement& Store::cached(const char* sql) const {
  auto& slot = m_statements->by_sql[sql];
  if (!slot) {
    slot = std::make_unique<Statement>(m_db, sql);
  }
  slot->reset();
  return *slot;
}

static Result<sqlite3*> open_connection(const std::string& path, OpenMode mode) {
  if (mode == OpenMode::read_write) {
    auto location = prepare_location(path);
    if (!location) {
      return Error{location.error()};
    }
  } else if (::access(path.c_str(), F_OK) != 0) {
    return make_error(path + ": no store here yet; import something first (inwriting import FILE)");
  }
  sqlite3* db = nullptr;
  const int flags = (mode == OpenMode::read_write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY) |
                    SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return make_error(path + ": cannot open the store: " + why);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  if (register_icu_tokenizer(db) != SQLITE_OK || register_rank_function(db) != SQLITE_OK) {
    sqlite3_close_v2(db);
    return make_error(path + ": cannot register the full-text tokenizer (is SQLite built with FTS5?)");
  }
  exec(db, "PRAGMA foreign_keys = ON");
  if (mode == OpenMode::read_write) {
    if (auto wal = exec(db, "PRAGMA journal_mode = WAL"); !wal) {
      sqlite3_close_v2(db);
      return make_error(path + ": " + wal.error());
    }
    exec(db, "PRAGMA synchronous = NORMAL");
  }
  return db;
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, OpenMode mode) {
  auto db = open_connection(path, mode);
  if (!db) {
    return Error{db.error()};
  }
  std::unique_ptr<Store> store(new Store(*db, path));
  const int version = read_user_version(*db);
  if (version < 0) {
    return make_error(path + ": not an inwriting store (or damaged): " + sqlite3_errmsg(*db));
  }
  if (version > k_schema_version) {
    return make_error(path + ": this store was written by a newer inwriting (schema " + std::to_string(version) +
                      ", this program knows up to " + std::to_string(k_schema_version) +
                      "); it was left unchanged — upgrade inwriting to use it");
  }
  if (version == k_schema_version && mode == OpenMode::read_write) {
    auto rebuilt = store->rebuild_index_if_icu_changed();
    if (!rebuilt) {
      return Error{rebuilt.error()};
    }
  }
  if (version < k_schema_version) {
    if (mode == OpenMode::read_only) {
      // Reading an older store is safe only after migrating it; do that on a writable connection.
      store.reset();
      auto writable = Store::open(path, OpenMode::read_write);
      if (!writable) {
        return writable;
      }
      writable->reset();
      return Store::open(path, OpenMode::read_only);
    }
    auto migrated = store->migrate(k_schema_version);
    if (!migrated) {
      return Error{migrated.error()};
    }
  }
  return store;
}

Result<std::unique_ptr<Store>> Store::create_at_version(const std::string& path, int version) {
  auto db = open_connection(path, OpenMode::read_write);
  if (!db) {
    return Error{db.error()};
  }
  std::unique_ptr<Store> store(new Store(*db, path));
  auto migrated = store->migrate(version);
  if (!migrated) {
    return Error{migrated.error()};
  }
  return store;
}

Status Store::migrate(int target) {
  int version = read_user_version(m_db);
  while (version < target) {
    Transaction tx(m_db);
    if (!tx.started()) {
      return make_error(store_error(m_path, m_db, "cannot start the schema upgrade"));
    }
    // Another process may have migrated while we waited for the lock.
    version = read_user_version(m_db);
    if (version >= target) {
      break;
    }
    auto applied = exec(m_db, k_migrations[static_cast<size_t>(version)]);
    if (!applied) {
      return make_error(m_path + ": schema upgrade to version " + std::to_string(version + 1) +
                        " failed: " + applied.error());
    }
    const std::string set_version = "PRAGMA user_version = " + std::to_string(version + 1);
    exec(m_db, set_version.c_str());
    Statement meta(m_db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('icu_version', ?1)");
    meta.bind(1, U_ICU_VERSION).step();
    auto committed = tx.commit();
    if (!committed) {
      return make_error(m_path + ": schema upgrade failed: " + committed.error());
    }
    ++version;
  }
  return ok_status();
}

Status Store::rebuild_index_if_icu_changed() {
  {
    Statement st(m_db, "SELECT value FROM meta WHERE key = 'icu_version'");
    if (st.step() == SQLITE_ROW && st.text(0) == U_ICU_VERSION) {
      return ok_status();
    }
  }
  // Another ICU may split Thai into other words: index and queries must agree, so re-tokenize.
  Transaction tx(m_db);
  if (!tx.started()) {
    return make_error(store_error(m_path, m_db, "cannot start rebuilding the index"));
  }
  if (auto rebuilt = exec(m_db, "INSERT INTO message_fts (message_fts) VALUES ('rebuild')"); !rebuilt) {
    return make_error(m_path + ": cannot rebuild the search index: " + rebuilt.error());
  }
  Statement meta(m_db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('icu_version', ?1)");
  meta.bind(1, U_ICU_VERSION).step();
  return tx.commit();
}

Status Store::begin_batch() {
  if (m_in_batch) {
    return ok_status();
  }
  m_statements->batch_fts.clear();
  if (auto begun = exec(m_db, "BEGIN IMMEDIATE"); !begun) {
    return make_error(store_error(m_path, m_db, "cannot start a transaction"));
  }
  m_in_batch = true;
  return ok_status();
}

Status Store::commit_batch() {
  if (!m_in_batch) {
    return ok_status();
  }
  m_in_batch = false;
  auto indexed = apply_fts(m_db, cached("INSERT INTO message_fts (rowid, text) VALUES (?1, ?2)"),
                           cached("INSERT INTO message_fts (message_fts, rowid, text) VALUES ('delete', ?1, ?2)"),
                           m_statements->batch_fts);
  for (auto& [sql, statement] : m_statements->by_sql) {
    statement->reset();
  }
  if (!indexed) {
    exec(m_db, "ROLLBACK");
    return make_error(m_path + ": cannot commit the import: " + indexed.error());
  }
  if (auto committed = exec(m_db, "COMMIT"); !committed) {
    exec(m_db, "ROLLBACK");
    return make_error(m_path + ": cannot commit the import: " + committed.error());
  }
  return ok_status();
}

int Store::schema_version() const { return read_user_version(m_db); }

std::optional<int64_t> Store::find_source(const std::string& sha256) const {
  // Asked once per imported file (on the reading thread's connection too): prepared once.
  Statement& st = const_cast<Store*>(this)->cached("SELECT id FROM sources WHERE sha256 = ?1");
  st.bind(1, sha256);
  std::optional<int64_t> id;
  if (st.step() == SQLITE_ROW) {
    id = st.int64(0);
  }
  st.reset();  // a statement left open would hold its read snapshot (and stop checkpoints)
  return id;
}

Result<int64_t> Store::insert_conversation_row(const model::Conversation& c, int64_t source_id, int64_t ordinal,
                                               const std::string& fingerprint) {
  Statement& insert = cached("INSERT INTO conversations (source_id, ordinal, channel, company, title, language, format, "
                             "started_utc, started_local, ended_utc, ended_local, fingerprint, message_count) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  const StoredTime started = c.started ? stored_time(*c.started) : StoredTime{};
  const StoredTime ended = c.ended ? stored_time(*c.ended) : StoredTime{};
  auto local_with_offset = [](const std::optional<model::Timestamp>& t) -> std::optional<std::string> {
    if (!t || t->iso().empty()) {
      return std::nullopt;
    }
    return t->iso();
  };
  insert.bind(1, source_id)
      .bind(2, ordinal)
      .bind(3, model::to_string(c.channel))
      .bind(4, c.company)
      .bind(5, c.title)
      .bind(6, c.language)
      .bind(7, c.format)
      .bind(8, started.utc)
      .bind(9, local_with_offset(c.started))
      .bind(10, ended.utc)
      .bind(11, local_with_offset(c.ended))
      .bind(12, fingerprint)
      .bind(13, static_cast<int64_t>(c.message_count()));
  if (insert.step() != SQLITE_DONE) {
    return make_error(store_error(m_path, m_db, "cannot keep the conversation"));
  }
  return sqlite3_last_insert_rowid(m_db);
}

Result<int64_t> Store::insert_entry(int64_t conversation_id, int64_t seq, const model::Entry& e,
                                    std::optional<int64_t> participant_id, const std::string& body_key) {
  Statement& insert = cached(
      "INSERT INTO messages (conversation_id, seq, kind, participant_id, speaker, text, time_utc, time_local, utc_offset, "
      "is_media, first_line, last_line, address, email_message_id, body_key, signature_at, quoted) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
  auto optional_text = [](const std::string& v) { return v.empty() ? std::nullopt : std::optional<std::string>(v); };
  const StoredTime t = stored_time(e.time);
  insert.bind(1, conversation_id)
      .bind(2, seq)
      .bind(3, e.kind == model::EntryKind::message ? "message" : "event")
      .bind(4, participant_id)
      .bind(5, e.speaker)
      .bind(6, e.text)
      .bind(7, t.utc)
      .bind(8, t.local)
      .bind(9, t.offset)
      .bind(10, e.is_media ? 1 : 0)
      .bind(11, e.where.first_line)
      .bind(12, e.where.last_line)
      .bind(13, optional_text(e.address))
      .bind(14, optional_text(e.message_id))
      .bind(15, optional_text(body_key))
      .bind(17, e.quoted ? 1 : 0);
  // An optional<int64_t> here trips GCC 12's maybe-uninitialized warning.
  if (e.signature_at < e.text.size()) {
    insert.bind(16, static_cast<int64_t>(e.signature_at));
  } else {
    insert.bind_null(16);
  }
  if (insert.step() != SQLITE_DONE) {
    return make_error(store_error(m_path, m_db, "cannot keep a message"));
  }
  const int64_t id = sqlite3_last_insert_rowid(m_db);
  m_statements->source_fts.push_back(FtsOp{false, id, e.text});
  return id;
}

StoredConversation stored_form(const model::Conversation& c) {
  StoredConversation out;
  out.summary.company = c.company;
  out.summary.language = c.language;
  // Participants are kept by name, the first of a name winning (INSERT OR IGNORE).
  std::unordered_map<std::string, model::Role> role_of;
  for (const auto& p : c.participants) role_of.emplace(p.name, p.role);
  out.entries.reserve(c.entries.size());
  for (const model::Entry& e : c.entries) {
    StoredEntry s;
    s.kind = e.kind;
    s.speaker = e.speaker;
    if (auto it = role_of.find(e.speaker); it != role_of.end()) s.role = it->second;
    s.text = e.text;
    const StoredTime t = stored_time(e.time);
    s.zone_known = t.offset.has_value();
    s.time_iso = read_back_time(t.local, t.offset);
    s.is_media = e.is_media;
    s.first_line = e.where.first_line;
    s.last_line = e.where.last_line;
    s.address = e.address;
    s.email_message_id = e.message_id;
    if (e.signature_at < e.text.size()) s.signature_at = static_cast<int64_t>(e.signature_at);
    s.quoted = e.quoted;
    s.sources = 1;
    out.entries.push_back(std::move(s));
  }
  out.references = model::extract_references(c);
  return out;
}

Result<ImportOutcome> Store::import_source(const SourceRecord& source,
                                           const std::vector<model::Conversation>& conversations) {
  ImportOutcome outcome;
  outcome.sha256 = hash::sha256_hex(source.bytes);
  m_statements->source_fts.clear();  // what a source that failed had asked for
  Transaction tx(m_db, m_in_batch ? Transaction::Kind::savepoint : Transaction::Kind::transaction);
  if (!tx.started()) {
    return make_error(store_error(m_path, m_db, "cannot start a transaction"));
  }
  if (auto existing = find_source(outcome.sha256)) {
    outcome.status = ImportStatus::duplicate;
    outcome.source_id = *existing;
    Statement& st = cached("SELECT conversation_id FROM source_conversations WHERE source_id = ?1 ORDER BY conversation_id");
    st.bind(1, *existing);
    while (st.step() == SQLITE_ROW) {
      outcome.conversations.push_back(KeptConversation{st.int64(0), false});
    }
    return outcome;
  }
  const std::string imported_at = now_rfc3339();
  {
    Statement& st = cached("INSERT INTO sources (sha256, size, bytes, origin, origin_kind, imported_at, format, parser_version) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    st.bind(1, outcome.sha256)
        .bind(2, static_cast<int64_t>(source.bytes.size()))
        .bind_blob(3, source.bytes)
        .bind(4, source.origin)
        .bind(5, source.origin_kind)
        .bind(6, imported_at)
        .bind(7, source.format)
        .bind(8, source.parser_version);
    if (st.step() != SQLITE_DONE) {
      return make_error(store_error(m_path, m_db, "cannot keep the source"));
    }
    outcome.source_id = sqlite3_last_insert_rowid(m_db);
  }
  Statement& find_same = cached("SELECT id FROM conversations WHERE fingerprint = ?1 AND message_count = ?2 "
                      "ORDER BY id LIMIT 1");
  Statement& link = cached("INSERT OR IGNORE INTO source_conversations (source_id, conversation_id, how) VALUES (?1, ?2, ?3)");
  Statement& insert_id = cached("INSERT INTO conversation_ids (conversation_id, kind, value) VALUES (?1, ?2, ?3)");
  Statement& insert_participant = cached("INSERT OR IGNORE INTO participants (conversation_id, name, role, role_reason) VALUES (?1, ?2, ?3, ?4)");
  Statement& participant_id = cached("SELECT id, name FROM participants WHERE conversation_id = ?1");
  Statement& insert_ref = cached("INSERT INTO refs (conversation_id, message_id, kind, value) VALUES (?1, ?2, ?3, ?4)");

  for (size_t ordinal = 0; ordinal < conversations.size(); ++ordinal) {
    const model::Conversation& c = conversations[ordinal];
    if (c.email && c.channel == model::Channel::email) {
      auto kept = keep_email(c, outcome.source_id, static_cast<int64_t>(ordinal));
      if (!kept) {
        return Error{kept.error()};
      }
      if (auto headers = keep_email_headers(c, outcome.source_id, kept->id); !headers) {
        return Error{headers.error()};
      }
      outcome.conversations.push_back(*kept);
      continue;
    }
    const std::string fingerprint = fingerprint_of(c);
    const int64_t count = static_cast<int64_t>(c.message_count());
    std::optional<int64_t> same;
    if (count >= 2) {
      find_same.reset();
      find_same.bind(1, fingerprint).bind(2, count);
      if (find_same.step() == SQLITE_ROW) {
        same = find_same.int64(0);
      }
    }
    if (c.email) {
      if (auto headers = keep_email_headers(c, outcome.source_id, same); !headers) {
        return Error{headers.error()};
      }
    }
    if (same) {
      link.reset();
      link.bind(1, outcome.source_id).bind(2, *same).bind(3, "same-messages");
      if (link.step() != SQLITE_DONE) {
        return make_error(store_error(m_path, m_db, "cannot link the conversation"));
      }
      outcome.conversations.push_back(KeptConversation{*same, true});
      continue;
    }
    auto inserted = insert_conversation_row(c, outcome.source_id, static_cast<int64_t>(ordinal), fingerprint);
    if (!inserted) {
      return Error{inserted.error()};
    }
    if (c.email) {
      Statement& own = cached("UPDATE emails SET conversation_id = ?1 WHERE source_id = ?2");
      own.bind(1, *inserted).bind(2, outcome.source_id).step();
    }
    const int64_t conversation_id = *inserted;
    outcome.conversations.push_back(KeptConversation{conversation_id, false});
    link.reset();
    link.bind(1, outcome.source_id).bind(2, conversation_id).bind(3, "parsed");
    link.step();
    for (const auto& [kind, value] : c.external_ids) {
      insert_id.reset();
      insert_id.bind(1, conversation_id).bind(2, kind).bind(3, value).step();
    }
    for (const auto& p : c.participants) {
      insert_participant.reset();
      insert_participant.bind(1, conversation_id)
          .bind(2, p.name)
          .bind(3, model::to_string(p.role))
          .bind(4, p.role_reason);
      if (insert_participant.step() != SQLITE_DONE) {
        return make_error(store_error(m_path, m_db, "cannot keep a participant"));
      }
    }
    std::unordered_map<std::string, int64_t> participant_ids;
    participant_id.reset();
    participant_id.bind(1, conversation_id);
    while (participant_id.step() == SQLITE_ROW) {
      participant_ids.emplace(participant_id.text(1), participant_id.int64(0));
    }
    std::vector<int64_t> message_ids;
    message_ids.reserve(c.entries.size());
    for (size_t seq = 0; seq < c.entries.size(); ++seq) {
      const model::Entry& e = c.entries[seq];
      std::optional<int64_t> pid;
      if (auto found = participant_ids.find(e.speaker); found != participant_ids.end()) {
        pid = found->second;
      }
      auto message_id = insert_entry(conversation_id, static_cast<int64_t>(seq), e, pid, "");
      if (!message_id) {
        return Error{message_id.error()};
      }
      message_ids.push_back(*message_id);
    }
    for (const auto& r : model::extract_references(c)) {
      insert_ref.reset();
      insert_ref.bind(1, conversation_id)
          .bind(2, message_ids.at(r.entry_index))
          .bind(3, r.kind)
          .bind(4, r.value)
          .step();
    }
    outcome.conversations.back().entry_ids = std::move(message_ids);
  }
  for (const auto& c : conversations) {
    if (auto kept = keep_attachments(source, c, outcome.source_id, imported_at); !kept) {
      return Error{kept.error()};
    }
  }
  {
    Statement& custody = cached("INSERT INTO custody_events (source_id, at, event, detail, software) VALUES (?1, ?2, 'imported', ?3, ?4)");
    custody.bind(1, outcome.source_id)
        .bind(2, imported_at)
        .bind(3, source.custody_detail.empty() ? source.origin_kind + ":" + source.origin : source.custody_detail)
        .bind(4, std::string("inwriting ") + INWRITING_VERSION);
    if (custody.step() != SQLITE_DONE) {
      return make_error(store_error(m_path, m_db, "cannot record custody"));
    }
  }
  auto& index_writes = m_statements->source_fts;
  if (!m_in_batch) {
    auto indexed = apply_fts(m_db, cached("INSERT INTO message_fts (rowid, text) VALUES (?1, ?2)"),
                             cached("INSERT INTO message_fts (message_fts, rowid, text) VALUES ('delete', ?1, ?2)"),
                             index_writes);
    if (!indexed) {
      return make_error(m_path + ": " + indexed.error());
    }
  }
  // No statement may keep a read snapshot open past the commit: that would stop checkpoints.
  for (auto& [sql, statement] : m_statements->by_sql) {
    statement->reset();
  }
  if (auto committed = tx.commit(); !committed) {
    index_writes.clear();
    return make_error(m_path + ": cannot commit the import: " + committed.error());
  }
  // In a batch, the index is written when the batch commits.
  auto& batch = m_statements->batch_fts;
  batch.insert(batch.end(), std::make_move_iterator(index_writes.begin()), std::make_move_iterator(index_writes.end()));
  index_writes.clear();
  return outcome;
}

Result<std::string> Store::source_bytes(int64_t source_id) const {
  Statement st(m_db, "SELECT bytes FROM sources WHERE id = ?1");
  st.bind(1, source_id);
  if (st.step() != SQLITE_ROW) {
    return make_error("no source " + std::to_string(source_id));
  }
  return st.blob(0);
}

Result<std::string> Store::integrity_check() const {
  Statement st(m_db, "PRAGMA integrity_check");
  std::string out;
  while (st.step() == SQLITE_ROW) {
    out += (out.empty() ? "" : "\n") + st.text(0);
  }
  return out;
}

}  // namespace inwriting::store
