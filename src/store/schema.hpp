#pragma once
// The store's schema, as forward migrations: migration N takes a store from version N-1 to N.
#include <array>

namespace inwriting::store {

inline constexpr std::array<const char*, 7> k_migrations = {
    // 1: sources, conversations, participants, messages and events, references, the full-text index.
    R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE sources (
  id             INTEGER PRIMARY KEY,
  sha256         TEXT NOT NULL UNIQUE,
  size           INTEGER NOT NULL,
  bytes          BLOB NOT NULL,           -- the original, byte for byte
  origin         TEXT NOT NULL,           -- file path, URL, mailbox/UID, or '-' for stdin
  origin_kind    TEXT NOT NULL CHECK (origin_kind IN ('file', 'stdin', 'url', 'mailbox', 'capture', 'note')),
  imported_at    TEXT NOT NULL,           -- RFC 3339, UTC
  format         TEXT NOT NULL,
  parser_version TEXT NOT NULL,
  parent_id      INTEGER REFERENCES sources(id)   -- an attachment's email
);
CREATE TABLE conversations (
  id             INTEGER PRIMARY KEY,
  source_id      INTEGER NOT NULL REFERENCES sources(id),
  ordinal        INTEGER NOT NULL,        -- position among the source's conversations
  channel        TEXT NOT NULL CHECK (channel IN ('chat', 'email', 'phone', 'social', 'web')),
  company        TEXT NOT NULL DEFAULT '',
  title          TEXT NOT NULL DEFAULT '',
  language       TEXT NOT NULL DEFAULT '',
  format         TEXT NOT NULL,
  started_utc    INTEGER,                 -- UTC seconds; wall-clock seconds when the zone is unknown
  started_local  TEXT,                    -- as written, ISO 8601, with offset when known
  ended_utc      INTEGER,
  ended_local    TEXT,
  fingerprint    TEXT NOT NULL,           -- SHA-256 of the normalised message texts
  message_count  INTEGER NOT NULL,
  UNIQUE (source_id, ordinal)
);
CREATE INDEX conversations_fingerprint ON conversations(fingerprint);
-- list's order: dated conversations oldest first, undated ones last.
CREATE INDEX conversations_started ON conversations(started_utc IS NULL, started_utc, id);
CREATE TABLE source_conversations (      -- every source that carries a conversation
  source_id       INTEGER NOT NULL REFERENCES sources(id),
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  how             TEXT NOT NULL CHECK (how IN ('parsed', 'same-messages')),
  PRIMARY KEY (source_id, conversation_id)
);
CREATE TABLE conversation_ids (
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  kind            TEXT NOT NULL,
  value           TEXT NOT NULL
);
CREATE INDEX conversation_ids_value ON conversation_ids(value);
CREATE TABLE participants (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  name            TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('unknown', 'agent', 'customer', 'bot', 'system')),
  role_reason     TEXT NOT NULL DEFAULT '',
  UNIQUE (conversation_id, name)
);
CREATE TABLE messages (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  seq             INTEGER NOT NULL,        -- order within the conversation
  kind            TEXT NOT NULL CHECK (kind IN ('message', 'event')),
  participant_id  INTEGER REFERENCES participants(id),
  speaker         TEXT NOT NULL DEFAULT '',
  time_utc        INTEGER,                 -- UTC seconds; wall-clock seconds when utc_offset is NULL
  time_local      TEXT,                    -- as written, ISO 8601 without offset, or a date alone
  utc_offset      INTEGER,                 -- minutes east of UTC; NULL: local time, zone unknown
  is_media        INTEGER NOT NULL DEFAULT 0,
  first_line      INTEGER NOT NULL DEFAULT 0,   -- where in the source (1-based lines)
  last_line       INTEGER NOT NULL DEFAULT 0,
  text            TEXT NOT NULL,           -- last, so reading the other columns never walks past it
  UNIQUE (conversation_id, seq)
);
CREATE INDEX messages_time ON messages(time_utc);
CREATE TABLE refs (
  id              INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  message_id      INTEGER REFERENCES messages(id),
  kind            TEXT NOT NULL,           -- order, ticket, case, tracking, booking, confirmation, …
  value           TEXT NOT NULL
);
CREATE INDEX refs_value ON refs(value);
-- Messages and events are indexed alike: an event holds words a person searches for too (the
-- booking code in a transcript email's own text). The view is what a 'rebuild' re-reads.
CREATE VIEW message_texts AS SELECT id, text FROM messages;
CREATE VIRTUAL TABLE message_fts USING fts5(
  text, content = 'message_texts', content_rowid = 'id', tokenize = 'inwriting', detail = full
);
)sql",
    // 2: the custody log every later step (bundles, verify) reads, and the ICU version the index
    // was built with (a new ICU may split Thai differently; then the index is rebuilt).
    R"sql(
CREATE TABLE custody_events (
  id        INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  at        TEXT NOT NULL,                 -- RFC 3339, UTC
  event     TEXT NOT NULL,                 -- imported, linked, exported, verified, …
  detail    TEXT NOT NULL DEFAULT '',
  software  TEXT NOT NULL                  -- inwriting version that did it
);
CREATE INDEX custody_events_source ON custody_events(source_id);
INSERT INTO custody_events (source_id, at, event, detail, software)
  SELECT id, imported_at, 'imported', origin, 'inwriting (before schema 2)' FROM sources;
)sql",
    // 3: email. Threads gather the emails of one exchange; a message is kept once however many
    // emails quote it (message_sources says which sources carry it); attachments are sources of
    // their own; the headers that matter as evidence are read once, here.
    R"sql(
ALTER TABLE messages ADD COLUMN address TEXT;           -- the sender's email address
ALTER TABLE messages ADD COLUMN email_message_id TEXT;  -- the email's Message-ID, for its own message
ALTER TABLE messages ADD COLUMN body_key TEXT;          -- model::message_key(): recognises a quoted copy
ALTER TABLE messages ADD COLUMN signature_at INTEGER;   -- byte offset in text where a signature or footer starts
ALTER TABLE messages ADD COLUMN quoted INTEGER NOT NULL DEFAULT 0;  -- known only from a later email's quote
CREATE INDEX messages_email_message_id ON messages(email_message_id) WHERE email_message_id IS NOT NULL;
CREATE TABLE message_sources (           -- every source that carries a message of an email thread
  message_id INTEGER NOT NULL REFERENCES messages(id),
  source_id  INTEGER NOT NULL REFERENCES sources(id),
  how        TEXT NOT NULL CHECK (how IN ('parsed', 'quoted', 'resent')),
  PRIMARY KEY (message_id, source_id)
) WITHOUT ROWID;
CREATE INDEX message_sources_source ON message_sources(source_id);
CREATE TABLE emails (
  source_id       INTEGER PRIMARY KEY REFERENCES sources(id),
  conversation_id INTEGER REFERENCES conversations(id),
  message_id      TEXT NOT NULL DEFAULT '',
  in_reply_to     TEXT NOT NULL DEFAULT '',
  refs            TEXT NOT NULL DEFAULT '',   -- References, one per line, oldest first
  subject         TEXT NOT NULL DEFAULT '',
  thread_subject  TEXT NOT NULL DEFAULT '',
  date_utc        INTEGER,
  from_address    TEXT NOT NULL DEFAULT '',
  addresses       TEXT NOT NULL DEFAULT '',   -- From, To, Cc, Reply-To, one per line
  maildir_flags   TEXT NOT NULL DEFAULT '',
  headers         TEXT NOT NULL DEFAULT ''    -- the evidence headers, 'Name: value' per line, unfolded
);
CREATE INDEX emails_message_id ON emails(message_id) WHERE message_id <> '';
CREATE INDEX emails_thread_subject ON emails(thread_subject, date_utc) WHERE thread_subject <> '';
CREATE TABLE thread_ids (                -- every Message-ID a thread's emails name (their own and referenced)
  message_id      TEXT NOT NULL,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  PRIMARY KEY (message_id, conversation_id)
) WITHOUT ROWID;
CREATE TABLE attachments (
  id              INTEGER PRIMARY KEY,
  email_source_id INTEGER NOT NULL REFERENCES sources(id),
  source_id       INTEGER REFERENCES sources(id),   -- the attachment's bytes; NULL when only noted
  file_name       TEXT NOT NULL,                    -- sanitised
  content_type    TEXT NOT NULL,
  size            INTEGER NOT NULL,
  kept            INTEGER NOT NULL,                 -- 1: kept as evidence; 0: an inline image or tracking pixel, noted
  note            TEXT NOT NULL DEFAULT ''
);
CREATE INDEX attachments_email ON attachments(email_source_id);
)sql",
    // 4: promises. What the extractor found in a message (re-found by `reindex --promises` when
    // the rules change), and the user's status changes, which are a history and never overwritten.
    R"sql(
CREATE TABLE promises (
  id              INTEGER PRIMARY KEY,
  message_id      INTEGER NOT NULL REFERENCES messages(id),
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  quote_begin     INTEGER NOT NULL,        -- byte offsets of the quote in the message's text
  quote_end       INTEGER NOT NULL,
  kind            TEXT NOT NULL,
  amount          TEXT,                    -- decimal string, '.' separator
  currency        TEXT,                    -- ISO 4217
  due             TEXT,                    -- YYYY-MM-DD
  due_text        TEXT NOT NULL DEFAULT '',
  refs            TEXT NOT NULL DEFAULT '',   -- reference numbers nearby, one per line
  speaker         TEXT NOT NULL,
  said_at         TEXT NOT NULL,
  quote           TEXT NOT NULL,
  confidence      REAL NOT NULL,
  explain         TEXT NOT NULL,           -- which cue and which checks decided it
  retracted_by    INTEGER REFERENCES messages(id),
  rules           TEXT NOT NULL,           -- digest of the rule files that found it
  found_at        TEXT NOT NULL,           -- RFC 3339, UTC
  UNIQUE (message_id, quote_begin)
);
CREATE INDEX promises_conversation ON promises(conversation_id);
CREATE INDEX promises_due ON promises(due) WHERE due IS NOT NULL;
CREATE TABLE promise_events (
  id         INTEGER PRIMARY KEY,
  promise_id INTEGER NOT NULL REFERENCES promises(id),
  at         TEXT NOT NULL,                -- RFC 3339, UTC
  status     TEXT CHECK (status IN ('open', 'kept', 'broken')),  -- NULL: a note alone
  note       TEXT NOT NULL DEFAULT '',
  who        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX promise_events_promise ON promise_events(promise_id);
)sql",
    // 5: cases. A case gathers the conversations, promises and notes of one dispute. A note the
    // user writes (a phone call) is a conversation of its own: channel phone, one message by the
    // user, its source's origin_kind 'note'; case_items says it is a note.
    R"sql(
CREATE TABLE cases (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL UNIQUE,    -- a slug: acme-double-charge
  company        TEXT NOT NULL DEFAULT '',
  amount         TEXT,                    -- decimal string, '.' separator
  currency       TEXT,                    -- ISO 4217
  charge_date    TEXT,                    -- YYYY-MM-DD
  statement_date TEXT,                    -- YYYY-MM-DD
  account_last4  TEXT,
  type           TEXT CHECK (type IN ('credit-not-processed', 'not-as-described', 'cancelled', 'duplicate', 'other')),
  created_at     TEXT NOT NULL            -- RFC 3339, UTC
);
CREATE TABLE case_items (
  id              INTEGER PRIMARY KEY,
  case_id         INTEGER NOT NULL REFERENCES cases(id),
  kind            TEXT NOT NULL CHECK (kind IN ('conversation', 'promise', 'note')),
  conversation_id INTEGER REFERENCES conversations(id),   -- a conversation or a note
  promise_id      INTEGER REFERENCES promises(id),
  added_at        TEXT NOT NULL,          -- RFC 3339, UTC
  CHECK ((kind = 'promise') = (promise_id IS NOT NULL) AND (kind = 'promise') = (conversation_id IS NULL)),
  UNIQUE (case_id, conversation_id),
  UNIQUE (case_id, promise_id)
);
CREATE INDEX case_items_conversation ON case_items(conversation_id) WHERE conversation_id IS NOT NULL;
CREATE INDEX case_items_promise ON case_items(promise_id) WHERE promise_id IS NOT NULL;
)sql",
    // 6: reading one conversation back (show, and every import that looks for promises) looked
    // up its references, ids and sources by scanning those tables whole: an import slowed down as
    // the store grew (78 msg/s at 20,000 emails against 184 at 2,000).
    R"sql(
CREATE INDEX refs_conversation ON refs(conversation_id);
CREATE INDEX conversation_ids_conversation ON conversation_ids(conversation_id);
CREATE INDEX source_conversations_conversation ON source_conversations(conversation_id);
)sql",
    // 7: what `inwriting pull` took from each IMAP mailbox, keyed as IMAP names a message for
    // good: (mailbox, UIDVALIDITY, UID). Written in the transaction that keeps the message, so a
    // crash never leaves a message marked as taken but not kept. A message that could not be
    // read is kept as raw bytes (a source with no conversation) and recorded 'unparsed' with why,
    // so it is not fetched again on every run.
    R"sql(
CREATE TABLE pull_state (
  id          INTEGER PRIMARY KEY,
  account     TEXT NOT NULL,
  mailbox     TEXT NOT NULL,
  uidvalidity INTEGER NOT NULL,
  uid         INTEGER NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('imported', 'duplicate', 'unparsed')),
  source_id   INTEGER NOT NULL REFERENCES sources(id),
  error       TEXT NOT NULL DEFAULT '',
  fetched_at  TEXT NOT NULL,               -- RFC 3339, UTC
  UNIQUE (account, mailbox, uidvalidity, uid)
);
CREATE INDEX pull_state_source ON pull_state(source_id);
)sql",
};

}  // namespace inwriting::store
