// Email threads in the store: an email joins the thread its Message-IDs (or its subject, sender
// and date) place it in, and every message it carries, the quoted history included, is kept once.
#include <algorithm>
#include <cstdlib>
#include <unordered_map>

#include "inwriting/store/store.hpp"
#include "inwriting/util/hash.hpp"
#include "inwriting/util/time.hpp"
#include "store_internal.hpp"

namespace inwriting::store {

namespace {

// Replies to an email without the headers that name it come within weeks, not years.
constexpr int64_t k_subject_window_seconds = 30 * 86400;
// A quoting client writes the quoted email's time in its own zone, which we can only guess.
constexpr int64_t k_quoted_time_slack_seconds = 36 * 3600;

std::string domain_of(std::string_view address) {
  const size_t at = address.rfind('@');
  return at == std::string_view::npos ? std::string() : std::string(address.substr(at + 1));
}

// The subject alone is a weak sign: the emails must also share the company's side, i.e. the
// sender of one writes from a domain the other was sent from or to.
bool share_a_correspondent(const model::EmailHeaders& email, const std::string& other_from,
                           const std::string& other_addresses) {
  std::vector<std::string> other_domains;
  size_t start = 0;
  while (start <= other_addresses.size()) {
    const size_t end = std::min(other_addresses.find('\n', start), other_addresses.size());
    if (end > start) {
      other_domains.push_back(domain_of(std::string_view(other_addresses).substr(start, end - start)));
    }
    start = end + 1;
  }
  const std::string from_domain = domain_of(email.from_address);
  if (!from_domain.empty() && std::find(other_domains.begin(), other_domains.end(), from_domain) != other_domains.end()) {
    return true;
  }
  const std::string other_from_domain = domain_of(other_from);
  for (const auto& a : email.addresses) {
    if (!other_from_domain.empty() && domain_of(a) == other_from_domain) {
      return true;
    }
  }
  return false;
}

struct KnownMessage {
  int64_t id = 0;
  std::string email_message_id;
  std::string key;
  std::string address;
  std::string speaker;
  bool quoted = false;
  std::optional<int64_t> time_utc;
};

bool same_author(const KnownMessage& known, const model::Entry& e, bool short_key) {
  if (!known.address.empty() && !e.address.empty()) {
    return known.address == e.address;  // both lowercased by the importer
  }
  return !short_key || known.speaker == e.speaker;
}

void bind_signature(Statement& st, int index, int64_t signature_at) {
  if (signature_at >= 0) {
    st.bind(index, signature_at);
  } else {
    st.bind_null(index);
  }
}

std::optional<int64_t> utc_of(const model::Timestamp& t) {
  const StoredTime stored = stored_time(t);
  return t.complete() ? stored.utc : std::nullopt;
}

}  // namespace

Result<KeptConversation> Store::keep_email(const model::Conversation& c, int64_t source_id, int64_t ordinal) {
  const model::EmailHeaders& email = *c.email;
  std::vector<std::string> ids;
  for (const std::string* id : {&email.message_id, &email.in_reply_to}) {
    if (!id->empty()) {
      ids.push_back(*id);
    }
  }
  ids.insert(ids.end(), email.references.begin(), email.references.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());

  std::optional<int64_t> thread;
  std::vector<int64_t> found_threads;  // more than one: this email bridges threads kept apart so far
  {
    Statement& by_id = cached("SELECT t.conversation_id FROM thread_ids t JOIN conversations c ON c.id = t.conversation_id "
                              "WHERE t.message_id = ?1 AND c.channel = 'email' ORDER BY t.conversation_id LIMIT 1");
    for (const auto& id : ids) {
      by_id.reset();
      by_id.bind(1, id);
      if (by_id.step() == SQLITE_ROW) {
        thread = thread ? std::min(*thread, by_id.int64(0)) : by_id.int64(0);
        found_threads.push_back(by_id.int64(0));
      }
    }
  }
  if (!thread && email.thread_subject.size() >= 4 && email.date_utc) {
    Statement& by_subject = cached(
        "SELECT e.conversation_id, e.from_address, e.addresses FROM emails e JOIN conversations c ON c.id = e.conversation_id "
        "WHERE e.thread_subject = ?1 AND e.date_utc BETWEEN ?2 AND ?3 AND c.channel = 'email' "
        "ORDER BY abs(e.date_utc - ?4) LIMIT 20");
    by_subject.bind(1, email.thread_subject)
        .bind(2, *email.date_utc - k_subject_window_seconds)
        .bind(3, *email.date_utc + k_subject_window_seconds)
        .bind(4, *email.date_utc);
    while (by_subject.step() == SQLITE_ROW) {
      if (share_a_correspondent(email, by_subject.text(1), by_subject.text(2))) {
        thread = by_subject.int64(0);
        break;
      }
    }
  }
  const bool linked = thread.has_value();
  if (!thread) {
    // Email threads grow as emails arrive; their messages are matched one by one, not by a
    // fingerprint of the whole conversation, so no chat is ever taken for one.
    auto inserted = insert_conversation_row(c, source_id, ordinal, "email-thread");
    if (!inserted) {
      return Error{inserted.error()};
    }
    thread = *inserted;
    Statement& zero = cached("UPDATE conversations SET message_count = 0 WHERE id = ?1");
    zero.bind(1, *thread).step();
  }
  const int64_t conversation_id = *thread;
  // Emails arrive in any order: "A", then "C" replying to a "B" not yet kept, then "B" replying to
  // "A". B names both threads: they are one, merged into the older.
  std::sort(found_threads.begin(), found_threads.end());
  found_threads.erase(std::unique(found_threads.begin(), found_threads.end()), found_threads.end());
  const bool merged = found_threads.size() > 1;
  for (const int64_t other : found_threads) {
    if (other == conversation_id) {
      continue;
    }
    Statement last_seq(m_db, "SELECT coalesce(max(seq), -1) + 1 FROM messages WHERE conversation_id = ?1");
    last_seq.bind(1, conversation_id);
    const int64_t offset = last_seq.step() == SQLITE_ROW ? last_seq.int64(0) : 0;
    for (const char* sql : {
             // A participant of both: one row, the role learnt by either.
             "UPDATE participants SET role = (SELECT o.role FROM participants o WHERE o.conversation_id = ?2 AND o.name = participants.name), "
             "role_reason = (SELECT o.role_reason FROM participants o WHERE o.conversation_id = ?2 AND o.name = participants.name) "
             "WHERE conversation_id = ?1 AND role = 'unknown' AND name IN "
             "(SELECT name FROM participants WHERE conversation_id = ?2 AND role <> 'unknown')",
             "UPDATE messages SET participant_id = (SELECT k.id FROM participants k JOIN participants o ON o.name = k.name "
             "WHERE o.id = messages.participant_id AND k.conversation_id = ?1) "
             "WHERE conversation_id = ?2 AND participant_id IN (SELECT o.id FROM participants o JOIN participants k "
             "ON k.name = o.name AND k.conversation_id = ?1 WHERE o.conversation_id = ?2)",
             "DELETE FROM participants WHERE conversation_id = ?2 AND name IN (SELECT name FROM participants WHERE conversation_id = ?1)",
             "UPDATE participants SET conversation_id = ?1 WHERE conversation_id = ?2",
             "UPDATE messages SET conversation_id = ?1, seq = seq + ?3 WHERE conversation_id = ?2",
             "UPDATE refs SET conversation_id = ?1 WHERE conversation_id = ?2",
             "UPDATE promises SET conversation_id = ?1 WHERE conversation_id = ?2",
             "UPDATE emails SET conversation_id = ?1 WHERE conversation_id = ?2",
             "UPDATE OR IGNORE thread_ids SET conversation_id = ?1 WHERE conversation_id = ?2",
             "DELETE FROM thread_ids WHERE conversation_id = ?2",
             "UPDATE OR IGNORE source_conversations SET conversation_id = ?1 WHERE conversation_id = ?2",
             "DELETE FROM source_conversations WHERE conversation_id = ?2",
             "UPDATE conversation_ids SET conversation_id = ?1 WHERE conversation_id = ?2 AND NOT EXISTS (SELECT 1 FROM "
             "conversation_ids k WHERE k.conversation_id = ?1 AND k.kind = conversation_ids.kind AND k.value = conversation_ids.value)",
             "DELETE FROM conversation_ids WHERE conversation_id = ?2",
             // A case that held either thread holds the merged one.
             "UPDATE OR IGNORE case_items SET conversation_id = ?1 WHERE conversation_id = ?2",
             "DELETE FROM case_items WHERE conversation_id = ?2",
             "DELETE FROM conversations WHERE id = ?2"}) {
      Statement st(m_db, sql);
      st.bind(1, conversation_id).bind(2, other);
      if (std::string_view(sql).find("?3") != std::string_view::npos) {
        st.bind(3, offset);
      }
      if (st.step() != SQLITE_DONE) {
        return make_error(store_error(m_path, m_db, "cannot merge two email threads"));
      }
    }
  }
  {
    Statement& remember = cached("INSERT OR IGNORE INTO thread_ids (message_id, conversation_id) VALUES (?1, ?2)");
    for (const auto& id : ids) {
      remember.reset();
      remember.bind(1, id).bind(2, conversation_id);
      if (remember.step() != SQLITE_DONE) {
        return make_error(store_error(m_path, m_db, "cannot remember the thread's Message-IDs"));
      }
    }
    Statement& link = cached("INSERT OR IGNORE INTO source_conversations (source_id, conversation_id, how) VALUES (?1, ?2, 'parsed')");
    link.bind(1, source_id).bind(2, conversation_id);
    if (link.step() != SQLITE_DONE) {
      return make_error(store_error(m_path, m_db, "cannot link the email to its thread"));
    }
    Statement& insert_id = cached("INSERT INTO conversation_ids (conversation_id, kind, value) "
                                  "SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM conversation_ids "
                                  "WHERE conversation_id = ?1 AND kind = ?2 AND value = ?3)");
    for (const auto& [kind, value] : c.external_ids) {
      insert_id.reset();
      insert_id.bind(1, conversation_id).bind(2, kind).bind(3, value).step();
    }
  }

  // Participants: a role learnt from this email fills one the thread did not know yet.
  std::unordered_map<std::string, int64_t> participant_ids;
  {
    Statement& insert = cached("INSERT OR IGNORE INTO participants (conversation_id, name, role, role_reason) VALUES (?1, ?2, ?3, ?4)");
    Statement& learn = cached("UPDATE participants SET role = ?3, role_reason = ?4 "
                              "WHERE conversation_id = ?1 AND name = ?2 AND role = 'unknown'");
    for (const auto& p : c.participants) {
      insert.reset();
      insert.bind(1, conversation_id).bind(2, p.name).bind(3, model::to_string(p.role)).bind(4, p.role_reason);
      if (insert.step() != SQLITE_DONE) {
        return make_error(store_error(m_path, m_db, "cannot keep a participant"));
      }
      if (p.role != model::Role::unknown) {
        learn.reset();
        learn.bind(1, conversation_id).bind(2, p.name).bind(3, model::to_string(p.role)).bind(4, p.role_reason).step();
      }
    }
    Statement& all = cached("SELECT id, name FROM participants WHERE conversation_id = ?1");
    all.bind(1, conversation_id);
    while (all.step() == SQLITE_ROW) {
      participant_ids.emplace(all.text(1), all.int64(0));
    }
  }

  std::vector<KnownMessage> known;
  int64_t next_seq = 0;
  {
    Statement& existing = cached("SELECT id, seq, kind, coalesce(email_message_id, ''), coalesce(body_key, ''), "
                                 "coalesce(address, ''), speaker, quoted, time_utc FROM messages WHERE conversation_id = ?1");
    existing.bind(1, conversation_id);
    while (existing.step() == SQLITE_ROW) {
      next_seq = std::max(next_seq, existing.int64(1) + 1);
      if (existing.text(2) != "message") {
        continue;
      }
      known.push_back(KnownMessage{existing.int64(0), existing.text(3), existing.text(4), existing.text(5),
                                   existing.text(6), existing.int64(7) != 0, existing.opt_int64(8)});
    }
  }

  Statement& carried = cached("INSERT OR IGNORE INTO message_sources (message_id, source_id, how) VALUES (?1, ?2, ?3)");
  Statement& insert_ref = cached("INSERT INTO refs (conversation_id, message_id, kind, value) VALUES (?1, ?2, ?3, ?4)");
  bool out_of_order = merged;
  std::optional<int64_t> latest_known;
  for (const auto& k : known) {
    if (k.time_utc) {
      latest_known = latest_known ? std::max(*latest_known, *k.time_utc) : *k.time_utc;
    }
  }
  auto optional_text = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional<std::string>(s); };

  for (const model::Entry& e : c.entries) {
    const std::string key = e.kind == model::EntryKind::message ? model::message_key(e.text, e.signature_at) : "";
    const std::optional<int64_t> when = utc_of(e.time);
    KnownMessage* same = nullptr;
    bool kept_apart = false;
    if (e.kind == model::EntryKind::message) {
      for (auto& k : known) {
        if (!e.message_id.empty() && k.email_message_id == e.message_id) {
          // One Message-ID, two bodies: a different email after all (a resend with new words).
          if (model::same_message_key(k.key, key) || (k.key.empty() && key.empty())) {
            same = &k;
          } else {
            kept_apart = true;
          }
          break;
        }
        if (!e.message_id.empty() && !k.email_message_id.empty()) {
          continue;  // both are emails of their own, with other Message-IDs
        }
        const bool short_key = std::min(k.key.size(), key.size()) < 40;
        const bool close_in_time = !when || !k.time_utc || std::llabs(*when - *k.time_utc) <= k_quoted_time_slack_seconds;
        if (model::same_message_key(k.key, key) && close_in_time && same_author(k, e, short_key)) {
          same = &k;
          break;
        }
      }
    }
    (void)kept_apart;
    std::optional<int64_t> pid;
    if (auto found = participant_ids.find(e.speaker); found != participant_ids.end()) {
      pid = found->second;
    }
    const StoredTime t = stored_time(e.time);
    // -1: none (an optional here trips GCC 12's maybe-uninitialized warning).
    const int64_t signature_at = e.signature_at < e.text.size() ? static_cast<int64_t>(e.signature_at) : -1;
    int64_t message_id = 0;
    if (same) {
      message_id = same->id;
      if (same->quoted && !e.quoted) {
        // The email itself arrived after a quote of it: its own words and Date replace the copy's.
        Statement& old_text = cached("SELECT text FROM messages WHERE id = ?1");
        old_text.bind(1, message_id);
        std::string previous = old_text.step() == SQLITE_ROW ? old_text.text(0) : std::string();
        old_text.reset();
        // The index is written at commit, in order: out with the copy's words, in with the email's.
        m_statements->source_fts.push_back(FtsOp{true, message_id, std::move(previous)});
        Statement& upgrade = cached(
            "UPDATE messages SET participant_id = ?2, speaker = ?3, text = ?4, time_utc = ?5, time_local = ?6, "
            "utc_offset = ?7, first_line = ?8, last_line = ?9, address = ?10, email_message_id = ?11, body_key = ?12, "
            "signature_at = ?13, quoted = 0 WHERE id = ?1");
        upgrade.bind(1, message_id)
            .bind(2, pid)
            .bind(3, e.speaker)
            .bind(4, e.text)
            .bind(5, t.utc)
            .bind(6, t.local)
            .bind(7, t.offset)
            .bind(8, e.where.first_line)
            .bind(9, e.where.last_line)
            .bind(10, optional_text(e.address))
            .bind(11, optional_text(e.message_id))
            .bind(12, key);
        bind_signature(upgrade, 13, signature_at);
        if (upgrade.step() != SQLITE_DONE) {
          return make_error(store_error(m_path, m_db, "cannot update a quoted message"));
        }
        m_statements->source_fts.push_back(FtsOp{false, message_id, e.text});
        Statement& forget_refs = cached("DELETE FROM refs WHERE message_id = ?1");
        forget_refs.bind(1, message_id).step();
        same->quoted = false;
        same->email_message_id = e.message_id;
        same->key = key;
        same->time_utc = when;
        out_of_order = true;
      } else {
        carried.reset();
        carried.bind(1, message_id).bind(2, source_id).bind(3, e.quoted ? "quoted" : "resent");
        if (carried.step() != SQLITE_DONE) {
          return make_error(store_error(m_path, m_db, "cannot link a message to its email"));
        }
        continue;
      }
    } else {
      auto inserted = insert_entry(conversation_id, next_seq++, e, pid, key);
      if (!inserted) {
        return Error{inserted.error()};
      }
      message_id = *inserted;
      if (e.kind == model::EntryKind::message) {
        known.push_back(KnownMessage{message_id, e.message_id, key, e.address, e.speaker, e.quoted, when});
      }
      if (when && latest_known && *when < *latest_known) {
        out_of_order = true;
      }
      if (when) {
        latest_known = latest_known ? std::max(*latest_known, *when) : *when;
      }
    }
    carried.reset();
    carried.bind(1, message_id).bind(2, source_id).bind(3, e.quoted ? "quoted" : "parsed");
    if (carried.step() != SQLITE_DONE) {
      return make_error(store_error(m_path, m_db, "cannot link a message to its email"));
    }
    // References are found per message: the same words found twice are one reference.
    model::Conversation one;
    one.entries.push_back(e);
    for (const auto& r : model::extract_references(one)) {
      insert_ref.reset();
      insert_ref.bind(1, conversation_id).bind(2, message_id).bind(3, r.kind).bind(4, r.value).step();
    }
  }

  if (out_of_order) {
    // Emails arrive in any order; the thread reads oldest first. Two passes keep (conversation, seq) unique.
    Statement& away = cached("UPDATE messages SET seq = -1 - seq WHERE conversation_id = ?1");
    away.bind(1, conversation_id).step();
    Statement& order = cached("SELECT id FROM messages WHERE conversation_id = ?1 "
                              "ORDER BY time_utc IS NULL, time_utc, -1 - seq");
    order.bind(1, conversation_id);
    std::vector<int64_t> ordered;
    while (order.step() == SQLITE_ROW) {
      ordered.push_back(order.int64(0));
    }
    Statement& place = cached("UPDATE messages SET seq = ?2 WHERE id = ?1");
    for (size_t i = 0; i < ordered.size(); ++i) {
      place.reset();
      place.bind(1, ordered[i]).bind(2, static_cast<int64_t>(i));
      if (place.step() != SQLITE_DONE) {
        return make_error(store_error(m_path, m_db, "cannot order the thread"));
      }
    }
  }
  Statement& summary = cached(
      "UPDATE conversations SET "
      "message_count = (SELECT count(*) FROM messages WHERE conversation_id = ?1 AND kind = 'message'), "
      "started_utc = (SELECT min(time_utc) FROM messages WHERE conversation_id = ?1), "
      "started_local = (SELECT CASE WHEN utc_offset IS NULL THEN time_local ELSE time_local || printf('%s%02d:%02d', "
      "  CASE WHEN utc_offset < 0 THEN '-' ELSE '+' END, abs(utc_offset) / 60, abs(utc_offset) % 60) END "
      "  FROM messages WHERE conversation_id = ?1 AND time_utc IS NOT NULL ORDER BY time_utc, seq LIMIT 1), "
      "ended_utc = (SELECT max(time_utc) FROM messages WHERE conversation_id = ?1), "
      "ended_local = (SELECT CASE WHEN utc_offset IS NULL THEN time_local ELSE time_local || printf('%s%02d:%02d', "
      "  CASE WHEN utc_offset < 0 THEN '-' ELSE '+' END, abs(utc_offset) / 60, abs(utc_offset) % 60) END "
      "  FROM messages WHERE conversation_id = ?1 AND time_utc IS NOT NULL ORDER BY time_utc DESC, seq DESC LIMIT 1), "
      "company = CASE WHEN company = '' THEN ?2 ELSE company END, "
      "title = CASE WHEN title = '' THEN ?3 ELSE title END, "
      "language = CASE WHEN language = '' THEN ?4 ELSE language END "
      "WHERE id = ?1");
  summary.bind(1, conversation_id).bind(2, c.company).bind(3, c.title).bind(4, c.language);
  if (summary.step() != SQLITE_DONE) {
    return make_error(store_error(m_path, m_db, "cannot update the thread"));
  }
  return KeptConversation{conversation_id, linked};
}

Status Store::keep_email_headers(const model::Conversation& c, int64_t source_id, std::optional<int64_t> conversation_id) {
  const model::EmailHeaders& email = *c.email;
  std::string headers;
  for (const auto& [name, value] : email.evidence) {
    headers += name + ": " + value + "\n";
  }
  Statement& insert = cached(
      "INSERT OR REPLACE INTO emails (source_id, conversation_id, message_id, in_reply_to, refs, subject, thread_subject, "
      "date_utc, from_address, addresses, maildir_flags, headers) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  insert.bind(1, source_id)
      .bind(2, conversation_id)
      .bind(3, email.message_id)
      .bind(4, email.in_reply_to)
      .bind(5, joined_lines(email.references))
      .bind(6, email.subject)
      .bind(7, email.thread_subject)
      .bind(8, email.date_utc)
      .bind(9, email.from_address)
      .bind(10, joined_lines(email.addresses))
      .bind(11, email.maildir_flags)
      .bind(12, headers);
  if (insert.step() != SQLITE_DONE) {
    return make_error(store_error(m_path, m_db, "cannot keep the email's headers"));
  }
  return ok_status();
}

Status Store::keep_attachments(const SourceRecord& source, const model::Conversation& c, int64_t source_id,
                               const std::string& imported_at) {
  Statement& insert_source = cached(
      "INSERT INTO sources (sha256, size, bytes, origin, origin_kind, imported_at, format, parser_version, parent_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'attachment', 'attachment/1', ?7)");
  Statement& insert_attachment = cached(
      "INSERT INTO attachments (email_source_id, source_id, file_name, content_type, size, kept, note) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  Statement& custody = cached("INSERT INTO custody_events (source_id, at, event, detail, software) VALUES (?1, ?2, 'imported', ?3, ?4)");
  for (const auto& a : c.attachments) {
    std::optional<int64_t> kept_as;
    if (a.evidence) {
      const std::string sha = hash::sha256_hex(a.bytes);
      kept_as = find_source(sha);
      if (!kept_as) {
        insert_source.reset();
        insert_source.bind(1, sha)
            .bind(2, static_cast<int64_t>(a.bytes.size()))
            .bind_blob(3, a.bytes)
            .bind(4, source.origin + "#" + a.file_name)
            .bind(5, source.origin_kind)
            .bind(6, imported_at)
            .bind(7, source_id);
        if (insert_source.step() != SQLITE_DONE) {
          return make_error(store_error(m_path, m_db, "cannot keep the attachment '" + a.file_name + "'"));
        }
        kept_as = sqlite3_last_insert_rowid(m_db);
        custody.reset();
        custody.bind(1, *kept_as)
            .bind(2, imported_at)
            .bind(3, "attachment '" + a.file_name + "' of source " + std::to_string(source_id))
            .bind(4, std::string("inwriting ") + INWRITING_VERSION);
        if (custody.step() != SQLITE_DONE) {
          return make_error(store_error(m_path, m_db, "cannot record custody"));
        }
      }
    }
    insert_attachment.reset();
    insert_attachment.bind(1, source_id)
        .bind(2, kept_as)
        .bind(3, a.file_name)
        .bind(4, a.content_type)
        .bind(5, static_cast<int64_t>(a.size))
        .bind(6, a.evidence ? 1 : 0)
        .bind(7, a.note);
    if (insert_attachment.step() != SQLITE_DONE) {
      return make_error(store_error(m_path, m_db, "cannot list the attachment '" + a.file_name + "'"));
    }
  }
  return ok_status();
}

}  // namespace inwriting::store
