#pragma once
// The store: one SQLite file holding the original bytes of every source and what was parsed from
// them. This is the only code that speaks SQL.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "inwriting/model/conversation.hpp"
#include "inwriting/util/result.hpp"

struct sqlite3;

namespace inwriting::store {

// Schema versions this build knows; a store with a higher user_version is refused untouched.
constexpr int k_schema_version = 7;

enum class OpenMode { read_only, read_write };

struct SourceRecord {
  std::string bytes;           // verbatim
  std::string origin;          // path, URL, mailbox/UID, or "-" for stdin
  std::string origin_kind;     // file, stdin, url, mailbox
  std::string format;          // importer name
  std::string parser_version;  // e.g. "text-chat/1"
  // Facts about how the bytes were obtained, as a JSON object (IMAP server, mailbox, UIDVALIDITY,
  // UID; HTTP status and final URL; the capturing browser): the 'imported' custody event's detail.
  // Empty: the detail is "origin_kind:origin".
  std::string custody_detail;
};

struct StoredAttachment {
  std::string file_name;
  std::string content_type;
  int64_t size = 0;
  bool kept = false;
  std::string note;
  std::optional<int64_t> source_id;  // where its bytes are kept
  std::string sha256;
  int64_t email_source_id = 0;
};

enum class ImportStatus { kept, duplicate };

struct KeptConversation {
  int64_t id = 0;
  bool linked = false;  // the same conversation was already kept from another source
  // The ids its entries were given, in order, when it was kept as a new conversation of its own
  // (not linked, not joined to an email thread): then it reads back as stored_form() says.
  std::vector<int64_t> entry_ids;
};

struct ImportOutcome {
  ImportStatus status = ImportStatus::kept;
  int64_t source_id = 0;
  std::string sha256;
  std::vector<KeptConversation> conversations;  // parallel to the conversations passed in
};

struct Filters {
  std::optional<std::string> company;
  std::optional<int64_t> since_utc;  // inclusive
  std::optional<int64_t> until_utc;  // exclusive
  std::optional<model::Channel> channel;
  std::optional<std::string> speaker;
  std::optional<model::Role> role;   // agent also matches bot: both speak for the company
  int limit = 20;
};

struct SearchHit {
  int64_t conversation_id = 0;
  int64_t message_id = 0;
  std::string company;
  std::string time_iso;        // local time as written, with offset when known
  std::string speaker;
  model::Role role = model::Role::unknown;
  std::string snippet;         // with highlight markers \x01 … \x02 around matches
  std::string source_sha256;
  double rank = 0;
};

struct StoredEntry {
  int64_t id = 0;
  model::EntryKind kind = model::EntryKind::message;
  std::string speaker;
  model::Role role = model::Role::unknown;
  std::string text;
  std::string time_iso;
  bool zone_known = false;
  bool is_media = false;
  int first_line = 0;
  int last_line = 0;
  std::string address;
  std::string email_message_id;
  std::optional<int64_t> signature_at;
  bool quoted = false;       // known only from a later email's quoted history
  int64_t sources = 0;       // how many sources carry it (emails quoting it included)
};

// One email source of a conversation, as its evidence headers say.
struct StoredEmail {
  std::string message_id;
  std::string subject;
  std::string from_address;
  std::optional<int64_t> date_utc;
  std::string maildir_flags;  // "FRS", "new", or "" when it did not come from a Maildir
  std::string sha256;
};

struct StoredParticipant {
  std::string name;
  model::Role role = model::Role::unknown;
  std::string role_reason;
};

struct ConversationSummary {
  int64_t id = 0;
  model::Channel channel = model::Channel::chat;
  std::string company;
  std::string title;
  std::string language;
  std::string format;
  std::string started_iso;
  std::string ended_iso;
  int64_t messages = 0;
  std::vector<StoredParticipant> participants;
  std::string source_sha256;
  int64_t source_id = 0;
};

struct StoredConversation {
  ConversationSummary summary;
  std::vector<std::pair<std::string, std::string>> external_ids;
  std::vector<StoredEntry> entries;
  std::vector<model::Reference> references;
  std::vector<StoredAttachment> attachments;
  std::vector<StoredEmail> emails;  // the emails of a thread (or the one a transcript came in), oldest first
  std::string source_origin;
  std::string imported_at;
};

// A conversation as Store::conversation() reads it back once import_source() has kept it as a new
// conversation (entry ids 0): so a reading thread can find its promises without the store. Only
// what promise finding reads is filled: the summary's company and language, entries, references.
StoredConversation stored_form(const model::Conversation& conversation);

struct Stats {
  int64_t sources = 0;
  int64_t conversations = 0;
  int64_t messages = 0;
  int64_t events = 0;
  std::vector<std::pair<std::string, int64_t>> by_company;
  std::vector<std::pair<std::string, int64_t>> by_channel;
  std::vector<std::pair<std::string, int64_t>> by_language;
};

// A promise as the extractor hands it to the store.
struct FoundPromise {
  int64_t message_id = 0;
  size_t quote_begin = 0;
  size_t quote_end = 0;
  std::string kind;
  std::string amount;
  std::string currency;
  std::string due;       // YYYY-MM-DD or ""
  std::string due_text;
  std::vector<std::string> references;
  std::string speaker;
  std::string said_at;
  std::string quote;
  double confidence = 0;
  std::string explain;
  std::optional<int64_t> retracted_by;  // message id
};

struct PromiseEvent {
  std::string at;      // RFC 3339, UTC
  std::string status;  // open, kept, broken, or "" for a note alone
  std::string note;
  std::string who;
};

struct StoredPromise {
  int64_t id = 0;
  int64_t conversation_id = 0;
  FoundPromise found;
  std::string status;  // open, kept, broken, retracted
  std::string company;
  std::string source_sha256;
  std::string rules;
  std::string found_at;
  std::vector<PromiseEvent> history;
};

struct PromiseFilters {
  std::vector<std::string> statuses;        // empty: every status
  std::optional<std::string> company;
  std::optional<std::string> said_since;    // YYYY-MM-DD, inclusive
  std::optional<std::string> due_before;    // YYYY-MM-DD, exclusive
  std::optional<int64_t> conversation_id;
};

struct PromiseIndexOutcome {
  int added = 0;
  int updated = 0;
  int removed = 0;
  int kept_with_history = 0;  // no longer found, kept because the user recorded something
};

// A case: one dispute, and what the user gathered for it. Empty strings are "not given".
struct CaseDetails {
  std::string name;            // a slug: acme-double-charge
  std::string company;
  std::string amount;          // decimal string, '.' separator
  std::string currency;        // ISO 4217
  std::string charge_date;     // YYYY-MM-DD
  std::string statement_date;  // YYYY-MM-DD
  std::string account_last4;
  std::string type;            // credit-not-processed, not-as-described, cancelled, duplicate, other
};

enum class CaseItemKind { conversation, promise, note };
std::string_view to_string(CaseItemKind k);

struct CaseItem {
  CaseItemKind kind = CaseItemKind::conversation;
  int64_t id = 0;        // the conversation's (a note's too) or the promise's
  std::string added_at;  // RFC 3339, UTC
};

struct StoredCase {
  int64_t id = 0;
  CaseDetails details;
  std::string created_at;
  std::vector<CaseItem> items;  // in the order they were added
};

// A kept source as bundles list it: everything but its bytes.
struct StoredSource {
  int64_t id = 0;
  std::string sha256;
  int64_t size = 0;
  std::string origin;
  std::string origin_kind;
  std::string imported_at;
  std::string format;
  std::string parser_version;
  std::optional<int64_t> parent_id;  // an attachment's email
};

// One entry of a source's chain of custody.
struct CustodyEvent {
  int64_t source_id = 0;
  std::string at;  // RFC 3339, UTC
  std::string event;
  std::string detail;
  std::string software;
};

// What `case note` keeps: a conversation (channel phone, one message by the user), its source
// record, and the reference number the user was given, if any.
struct CaseNote {
  SourceRecord source;
  model::Conversation conversation;
  std::string reference;
};

// --- Pull state (store_pull.cpp): what `inwriting pull` took from each IMAP mailbox. ---
// One row per (account, mailbox, UIDVALIDITY, UID), written in the same transaction as the
// message's source, so a message is never marked as taken before its bytes are kept.
enum class PullOutcome {
  imported,   // its bytes were new to the store
  duplicate,  // the same bytes were already kept (another mailbox, account, or an older UIDVALIDITY)
  unparsed,   // kept as raw bytes only: it could not be read as an email (`error` says why)
};
std::string_view to_string(PullOutcome outcome);

struct PullKey {
  std::string account;
  std::string mailbox;
  int64_t uidvalidity = 0;
  int64_t uid = 0;
};

struct PullRecord {
  PullKey key;
  PullOutcome outcome = PullOutcome::imported;
  int64_t source_id = 0;
  std::string error;       // unparsed: why
  std::string fetched_at;  // RFC 3339, UTC
};
// --- end of pull state ---

class Statement;

class Store {
public:
  // Opens (creating with mode 0600, in a 0700 directory, when `mode` is read_write) and migrates.
  static Result<std::unique_ptr<Store>> open(const std::string& path, OpenMode mode);
  // For tests of migrations: creates a new store at exactly `version`.
  static Result<std::unique_ptr<Store>> create_at_version(const std::string& path, int version);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version() const;
  const std::string& path() const { return m_path; }

  // Everything for one source in one transaction: the bytes, conversations, index, custody event.
  Result<ImportOutcome> import_source(const SourceRecord& source, const std::vector<model::Conversation>& conversations);
  std::optional<int64_t> find_source(const std::string& sha256) const;

  // Many small sources commit faster together: between begin_batch() and commit_batch() each
  // import_source() is a savepoint, still all-or-nothing on its own, and nothing is durable (or
  // visible to other readers) until commit_batch(). A crash loses the open batch whole.
  Status begin_batch();
  Status commit_batch();

  // `query` is the user's text; malformed queries return an error meant for people.
  Result<std::vector<SearchHit>> search(const std::string& query, const Filters& filters) const;
  Result<std::vector<ConversationSummary>> list(const Filters& filters) const;
  Result<StoredConversation> conversation(int64_t id) const;
  Result<std::string> source_bytes(int64_t source_id) const;
  Result<Stats> stats() const;

  // Promises. replace_promises() makes the conversation's promises the ones given: new ones are
  // added, ones found again updated, ones no longer found removed unless the user recorded a
  // status or note for them or put them in a case (those stay, with their history).
  Result<PromiseIndexOutcome> replace_promises(int64_t conversation_id, const std::vector<FoundPromise>& found,
                                               const std::string& rules_digest);
  Result<std::vector<StoredPromise>> promises(const PromiseFilters& filters) const;
  Result<StoredPromise> promise(int64_t id) const;
  Status add_promise_event(int64_t promise_id, const PromiseEvent& event);
  Result<std::vector<int64_t>> conversation_ids() const;

  // Pull state (store_pull.cpp). The UIDs of a mailbox already taken under this UIDVALIDITY,
  // ascending; a new UIDVALIDITY has none, so the mailbox is read again (the content hash then
  // keeps it free of duplicates).
  Result<std::vector<int64_t>> pulled_uids(const std::string& account, const std::string& mailbox,
                                           int64_t uidvalidity) const;
  // Records one message taken; inside the open batch, with the source it kept. Recording the
  // same key again keeps the first record.
  Status record_pull(const PullRecord& record);
  // Every record of an account (all of them when `account` is empty), oldest first.
  Result<std::vector<PullRecord>> pull_records(const std::string& account) const;

  // Cases (store_cases.cpp). A case is found by its name or its number; errors are for people.
  Result<int64_t> create_case(const CaseDetails& details);
  Result<StoredCase> find_case(const std::string& name_or_id) const;
  Result<std::vector<StoredCase>> cases() const;
  // true: added; false: it was in the case already. Fails when the conversation or promise is unknown.
  Result<bool> add_case_item(int64_t case_id, CaseItemKind kind, int64_t id);
  // true: taken out; false: it was not in the case.
  Result<bool> remove_case_item(int64_t case_id, CaseItemKind kind, int64_t id);
  // Several at once, all or none: one unknown item leaves the case as it was.
  Result<std::vector<bool>> change_case_items(int64_t case_id, const std::vector<std::pair<CaseItemKind, int64_t>>& items,
                                              bool add);
  // Deletes the case and its list of items; the conversations, promises and notes stay in the store.
  Status delete_case(int64_t case_id);
  // Keeps the note as a source and conversation of its own (searchable) and adds it to the case,
  // in one transaction; returns the note's conversation id.
  Result<int64_t> add_case_note(int64_t case_id, const CaseNote& note);

  // Exports (store_export.cpp). Every source that carries the conversation: the ones it was parsed
  // from, emails that carry or quote its messages, and their kept attachments; oldest first.
  Result<std::vector<StoredSource>> conversation_sources(int64_t conversation_id) const;
  // (message id, source id) for every source that carries a message of the conversation.
  Result<std::vector<std::pair<int64_t, int64_t>>> message_sources(int64_t conversation_id) const;
  // The custody events of these sources, oldest first.
  Result<std::vector<CustodyEvent>> custody_events(const std::vector<int64_t>& source_ids) const;
  // Records a later event (exported, verified) for each source, in one transaction.
  Status add_custody_events(const std::vector<int64_t>& source_ids, const std::string& event, const std::string& detail);

  // Runs PRAGMA integrity_check; "ok" when healthy.
  Result<std::string> integrity_check() const;

private:
  Store(sqlite3* db, std::string path);
  // An email joins its thread (by Message-ID, then subject and time); its messages, quoted ones
  // included, are kept once.
  Result<KeptConversation> keep_email(const model::Conversation& c, int64_t source_id, int64_t ordinal);
  Status keep_email_headers(const model::Conversation& c, int64_t source_id, std::optional<int64_t> conversation_id);
  Status keep_attachments(const SourceRecord& source, const model::Conversation& c, int64_t source_id,
                          const std::string& imported_at);
  // A message or event row and its index entry; `body_key` is empty outside email threads.
  Result<int64_t> insert_entry(int64_t conversation_id, int64_t seq, const model::Entry& e,
                               std::optional<int64_t> participant_id, const std::string& body_key);
  Result<int64_t> insert_conversation_row(const model::Conversation& c, int64_t source_id, int64_t ordinal,
                                          const std::string& fingerprint);
  Status migrate(int target);
  Status rebuild_index_if_icu_changed();
  // Prepared once per connection, reset before each use: an import of many small files would
  // otherwise spend its time preparing the same statements.
  // Const readers use it too: the cache is the connection's, not part of the store's value.
  Statement& cached(const char* sql) const;
  struct StatementCache;
  sqlite3* m_db = nullptr;
  std::string m_path;
  std::unique_ptr<StatementCache> m_statements;
  bool m_in_batch = false;
};

// Where the store lives: --store, else $INWRITING_HOME/store.db, else
// $XDG_DATA_HOME/inwriting/store.db, else ~/.local/share/inwriting/store.db.
std::string default_store_path();

// Turns a person's query into an FTS5 expression: words are ANDed, "quoted phrases" kept,
// OR / NOT / a trailing * understood; everything else is quoted so it can never be FTS5 syntax.
Result<std::string> to_fts_query(const std::string& query);

}  // namespace inwriting::store
