// Reading the store: search, list, one conversation, statistics.
#include <algorithm>
#include <cctype>
#include <variant>

#include "inwriting/store/store.hpp"
#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"
#include "icu_tokenizer.hpp"
#include "sqlite.hpp"
#include "store_internal.hpp"

namespace inwriting::store {

namespace {

std::string quote_fts(std::string_view term) {
  std::string out = "\"";
  for (char c : term) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

struct Binder {
  std::vector<std::variant<std::string, int64_t>> values;
  std::string add(std::variant<std::string, int64_t> v) {
    values.push_back(std::move(v));
    return "?" + std::to_string(values.size());
  }
  void apply(Statement& st) const {
    for (size_t i = 0; i < values.size(); ++i) {
      if (std::holds_alternative<int64_t>(values[i])) {
        st.bind(static_cast<int>(i + 1), std::get<int64_t>(values[i]));
      } else {
        st.bind(static_cast<int>(i + 1), std::get<std::string>(values[i]));
      }
    }
  }
};

std::string conversation_filters(const Filters& f, Binder& b) {
  std::string sql;
  if (f.company) {
    sql += " AND c.company = " + b.add(*f.company) + " COLLATE NOCASE";
  }
  if (f.channel) {
    sql += " AND c.channel = " + b.add(std::string(model::to_string(*f.channel)));
  }
  return sql;
}

std::string role_condition(model::Role role) {
  if (role == model::Role::agent) {
    return "('agent', 'bot')";
  }
  return "('" + std::string(model::to_string(role)) + "')";
}

ConversationSummary read_summary(const Statement& st) {
  ConversationSummary s;
  s.id = st.int64(0);
  s.channel = model::channel_from_string(st.text(1)).value_or(model::Channel::chat);
  s.company = st.text(2);
  s.title = st.text(3);
  s.language = st.text(4);
  s.format = st.text(5);
  s.started_iso = st.text(6);
  s.ended_iso = st.text(7);
  s.messages = st.int64(8);
  s.source_sha256 = st.text(9);
  s.source_id = st.int64(10);
  return s;
}

constexpr const char* k_summary_columns =
    "c.id, c.channel, c.company, c.title, c.language, c.format, c.started_local, c.ended_local, c.message_count, "
    "s.sha256, s.id";

void load_participants(sqlite3* db, ConversationSummary& s) {
  Statement st(db, "SELECT name, role, role_reason FROM participants WHERE conversation_id = ?1 ORDER BY id");
  st.bind(1, s.id);
  while (st.step() == SQLITE_ROW) {
    s.participants.push_back(
        StoredParticipant{st.text(0), model::role_from_string(st.text(1)).value_or(model::Role::unknown), st.text(2)});
  }
}

}  // namespace

namespace {

// A person's query, as FTS5 syntax and as the words to highlight in snippets.
struct ParsedQuery {
  std::string fts;
  std::vector<std::pair<std::string, bool>> highlight;  // (text, is a prefix)
};

Result<ParsedQuery> parse_query(const std::string& q) {
  std::vector<std::string> parts;
  ParsedQuery parsed;
  size_t i = 0;
  bool expect_term = true;  // after an operator a term must follow
  bool negated = false;     // the term after NOT is not highlighted: it is not in the hits
  while (i < q.size()) {
    const char c = q[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      ++i;
      continue;
    }
    if (c == '"') {
      const size_t close = q.find('"', i + 1);
      if (close == std::string::npos) {
        return make_error("the query has an opening \" without a closing one; close the phrase or remove the quote");
      }
      const std::string phrase(text::trim(std::string_view(q).substr(i + 1, close - i - 1)));
      if (phrase.empty()) {
        return make_error("the query has an empty phrase \"\"; put words between the quotes");
      }
      parts.push_back(quote_fts(phrase));
      if (!negated) {
        parsed.highlight.emplace_back(phrase, false);
      }
      expect_term = negated = false;
      i = close + 1;
      continue;
    }
    size_t j = i;
    while (j < q.size() && q[j] != ' ' && q[j] != '\t' && q[j] != '\n' && q[j] != '"') {
      ++j;
    }
    std::string word = q.substr(i, j - i);
    i = j;
    if (word == "OR" || word == "AND" || word == "NOT") {
      if (parts.empty() || expect_term) {
        return make_error("the query has '" + word + "' without a word on each side; write e.g. refund " + word + " credit");
      }
      parts.push_back(word);
      expect_term = true;
      negated = word == "NOT";
      continue;
    }
    bool prefix = false;
    if (word.size() > 1 && word.back() == '*') {
      prefix = true;
      word.pop_back();
    }
    // Punctuation alone ("-", "$") carries nothing to search for.
    bool has_content = false;
    for (size_t k = 0; k < word.size() && !has_content; ++k) {
      has_content = static_cast<unsigned char>(word[k]) >= 0x80 || std::isalnum(static_cast<unsigned char>(word[k]));
    }
    if (!has_content) {
      continue;
    }
    parts.push_back(quote_fts(word) + (prefix ? " *" : ""));
    if (!negated) {
      parsed.highlight.emplace_back(word, prefix);
    }
    expect_term = negated = false;
  }
  if (parts.empty()) {
    return make_error("the query has no words to search for");
  }
  if (expect_term) {
    return make_error("the query ends with '" + parts.back() + "'; add a word after it");
  }
  for (const auto& p : parts) {
    parsed.fts += (parsed.fts.empty() ? "" : " ") + p;
  }
  return parsed;
}

// A short extract of `text` around the first matched word, matches marked \x01 … \x02. Done here
// rather than with FTS5's snippet(), which re-runs the query for each hit.
std::string make_snippet(SearchTokenizer& tokenizer, const std::string& text,
                         const std::vector<std::pair<std::string, bool>>& terms) {
  struct Word {
    int begin, end;
    bool matched;
  };
  std::vector<std::pair<std::string, bool>> wanted;  // folded tokens, prefix
  for (const auto& [term, prefix] : terms) {
    tokenizer.tokenize(term, [&](std::string_view token, int, int) {
      wanted.emplace_back(std::string(token), prefix);
      return true;
    });
  }
  std::vector<Word> words;
  tokenizer.tokenize(text, [&](std::string_view token, int begin, int end) {
    bool matched = false;
    for (const auto& [w, prefix] : wanted) {
      if (prefix ? token.substr(0, w.size()) == w : token == w) {
        matched = true;
        break;
      }
    }
    words.push_back(Word{begin, end, matched});
    return true;
  });
  constexpr size_t k_words = 16;
  if (words.empty()) {
    return text.substr(0, 200);
  }
  size_t first = 0;
  while (first < words.size() && !words[first].matched) {
    ++first;
  }
  if (first == words.size()) {
    first = 0;
  }
  const size_t start = first > 4 ? first - 4 : 0;
  const size_t stop = std::min(words.size(), start + k_words);
  std::string out = start > 0 ? "…" : "";
  size_t at = static_cast<size_t>(words[start].begin);
  for (size_t k = start; k < stop; ++k) {
    out.append(text, at, static_cast<size_t>(words[k].begin) - at);
    // Thai words the index splits (คืน|เงิน) are one match to the reader: no gap, one mark.
    const bool joins_previous = k > start && words[k - 1].matched && words[k - 1].end == words[k].begin;
    const bool joins_next = k + 1 < stop && words[k + 1].matched && words[k].end == words[k + 1].begin;
    if (words[k].matched && !joins_previous) {
      out += '\x01';
    }
    out.append(text, static_cast<size_t>(words[k].begin), static_cast<size_t>(words[k].end - words[k].begin));
    if (words[k].matched && !joins_next) {
      out += '\x02';
    }
    at = static_cast<size_t>(words[k].end);
  }
  if (stop < words.size()) {
    out += "…";
  } else {
    out.append(text, at, std::string::npos);
  }
  return out;
}

}  // namespace

Result<std::string> to_fts_query(const std::string& query) {
  auto parsed = parse_query(query);
  if (!parsed) {
    return Error{parsed.error()};
  }
  return parsed->fts;
}

// How many of the newest matches (the last kept) are ranked. Ranking every match of a word found
// in a tenth of two million messages takes a hundred times longer than a search should; below this
// many matches, which is most searches of a person's own store, the ranking is exact.
constexpr int64_t k_ranked_window = 1000;

Result<std::vector<SearchHit>> Store::search(const std::string& query, const Filters& f) const {
  auto parsed = parse_query(query);
  if (!parsed) {
    return Error{parsed.error()};
  }
  Binder b;
  const std::string match = b.add(parsed->fts);
  std::string filters = conversation_filters(f, b);
  if (f.since_utc) {
    filters += " AND m.time_utc >= " + b.add(*f.since_utc);
  }
  if (f.until_utc) {
    filters += " AND m.time_utc < " + b.add(*f.until_utc);
  }
  if (f.speaker) {
    filters += " AND m.speaker = " + b.add(*f.speaker) + " COLLATE NOCASE";
  }
  if (f.role) {
    filters += " AND COALESCE(p.role, 'unknown') IN " + role_condition(*f.role);
  }
  std::string candidates = "SELECT message_fts.rowid AS id, iw_rank(message_fts) AS score FROM message_fts ";
  if (!filters.empty()) {
    candidates +=
        "JOIN messages m ON m.id = message_fts.rowid JOIN conversations c ON c.id = m.conversation_id "
        "LEFT JOIN participants p ON p.id = m.participant_id ";
  }
  candidates += "WHERE message_fts MATCH " + match + filters + " ORDER BY message_fts.rowid DESC LIMIT " +
                b.add(std::max<int64_t>(k_ranked_window, f.limit));
  const std::string sql =
      "SELECT m.id, m.conversation_id, c.company, m.time_local, m.utc_offset, m.speaker, "
      "COALESCE(p.role, CASE m.kind WHEN 'event' THEN 'system' ELSE 'unknown' END), s.sha256, hit.score, m.text FROM (" + candidates + ") AS hit JOIN messages m ON m.id = hit.id "
      "JOIN conversations c ON c.id = m.conversation_id JOIN sources s ON s.id = c.source_id "
      "LEFT JOIN participants p ON p.id = m.participant_id "
      "ORDER BY hit.score, m.time_utc, m.id LIMIT " + b.add(static_cast<int64_t>(f.limit));
  Statement st(m_db, sql);
  if (!st.prepared()) {
    return make_error("search failed: " + st.error());
  }
  b.apply(st);
  std::vector<SearchHit> hits;
  SearchTokenizer tokenizer;
  int rc = 0;
  while ((rc = st.step()) == SQLITE_ROW) {
    SearchHit h;
    h.message_id = st.int64(0);
    h.conversation_id = st.int64(1);
    h.company = st.text(2);
    if (!st.is_null(3)) {
      const std::string local = st.text(3);
      auto instant = timeutil::parse_iso_datetime(local);
      h.time_iso = (st.is_null(4) || !instant || local.size() < 19)
                       ? local
                       : timeutil::format_iso(instant->utc_seconds, static_cast<int>(st.int64(4)));
    }
    h.speaker = st.text(5);
    h.role = model::role_from_string(st.text(6)).value_or(model::Role::unknown);
    h.source_sha256 = st.text(7);
    h.rank = st.real(8);
    h.snippet = make_snippet(tokenizer, st.text(9), parsed->highlight);
    hits.push_back(std::move(h));
  }
  if (rc != SQLITE_DONE) {
    // FTS5 errors here mean the query could not be understood; say it plainly.
    return make_error("the query could not be searched (" + st.error() + "); try plain words or a \"quoted phrase\"");
  }
  return hits;
}

Result<std::vector<ConversationSummary>> Store::list(const Filters& f) const {
  Binder b;
  std::string sql = std::string("SELECT ") + k_summary_columns +
                    " FROM conversations c JOIN sources s ON s.id = c.source_id WHERE 1 = 1";
  sql += conversation_filters(f, b);
  if (f.since_utc) {
    sql += " AND COALESCE(c.ended_utc, c.started_utc) >= " + b.add(*f.since_utc);
  }
  if (f.until_utc) {
    sql += " AND c.started_utc < " + b.add(*f.until_utc);
  }
  if (f.speaker || f.role) {
    sql += " AND EXISTS (SELECT 1 FROM participants p WHERE p.conversation_id = c.id";
    if (f.speaker) {
      sql += " AND p.name = " + b.add(*f.speaker) + " COLLATE NOCASE";
    }
    if (f.role) {
      sql += " AND p.role IN " + role_condition(*f.role);
    }
    sql += ")";
  }
  sql += " ORDER BY c.started_utc IS NULL, c.started_utc, c.id LIMIT " + b.add(static_cast<int64_t>(f.limit));
  Statement st(m_db, sql);
  if (!st.prepared()) {
    return make_error("list failed: " + st.error());
  }
  b.apply(st);
  std::vector<ConversationSummary> out;
  while (st.step() == SQLITE_ROW) {
    out.push_back(read_summary(st));
  }
  for (auto& s : out) {
    load_participants(m_db, s);
  }
  return out;
}

Result<StoredConversation> Store::conversation(int64_t id) const {
  StoredConversation out;
  {
    // Prepared once per connection: every import reads each conversation it kept back.
    static const std::string summary_sql = std::string("SELECT ") + k_summary_columns +
                                           ", s.origin, s.imported_at FROM conversations c JOIN sources s ON s.id = c.source_id "
                                           "WHERE c.id = ?1";
    Statement& st = cached(summary_sql.c_str());
    st.bind(1, id);
    if (st.step() != SQLITE_ROW) {
      return make_error("there is no conversation " + std::to_string(id) + "; 'inwriting list' shows the ones kept");
    }
    out.summary = read_summary(st);
    out.source_origin = st.text(11);
    out.imported_at = st.text(12);
    st.reset();  // a statement left on a row would hold this connection's read snapshot open
  }
  load_participants(m_db, out.summary);
  {
    Statement& st = cached("SELECT kind, value FROM conversation_ids WHERE conversation_id = ?1");
    st.bind(1, id);
    while (st.step() == SQLITE_ROW) {
      out.external_ids.emplace_back(st.text(0), st.text(1));
    }
  }
  {
    Statement& st = cached(
                 "SELECT m.id, m.kind, m.speaker, COALESCE(p.role, 'unknown'), m.text, m.time_local, m.utc_offset, "
                 "m.is_media, m.first_line, m.last_line, coalesce(m.address, ''), coalesce(m.email_message_id, ''), "
                 "m.signature_at, m.quoted, (SELECT count(*) FROM message_sources ms WHERE ms.message_id = m.id) "
                 "FROM messages m LEFT JOIN participants p "
                 "ON p.id = m.participant_id WHERE m.conversation_id = ?1 ORDER BY m.seq");
    st.bind(1, id);
    while (st.step() == SQLITE_ROW) {
      StoredEntry e;
      e.id = st.int64(0);
      e.kind = st.text(1) == "event" ? model::EntryKind::event : model::EntryKind::message;
      e.speaker = st.text(2);
      e.role = model::role_from_string(st.text(3)).value_or(model::Role::unknown);
      e.text = st.text(4);
      e.zone_known = !st.is_null(6);
      e.time_iso = read_back_time(st.is_null(5) ? std::nullopt : std::optional<std::string>(st.text(5)), st.opt_int64(6));
      e.is_media = st.int64(7) != 0;
      e.first_line = static_cast<int>(st.int64(8));
      e.last_line = static_cast<int>(st.int64(9));
      e.address = st.text(10);
      e.email_message_id = st.text(11);
      e.signature_at = st.opt_int64(12);
      e.quoted = st.int64(13) != 0;
      e.sources = st.int64(14);
      out.entries.push_back(std::move(e));
    }
  }
  {
    Statement& st = cached(
                 "SELECT r.kind, r.value, m.seq FROM refs r LEFT JOIN messages m ON m.id = r.message_id "
                 "WHERE r.conversation_id = ?1 ORDER BY r.id");
    st.bind(1, id);
    while (st.step() == SQLITE_ROW) {
      out.references.push_back(model::Reference{st.text(0), st.text(1), static_cast<size_t>(st.int64(2))});
    }
  }
  {
    Statement& st = cached(
                 "SELECT a.file_name, a.content_type, a.size, a.kept, a.note, a.source_id, coalesce(s.sha256, ''), "
                 "a.email_source_id FROM attachments a LEFT JOIN sources s ON s.id = a.source_id "
                 "WHERE a.email_source_id IN (SELECT source_id FROM source_conversations WHERE conversation_id = ?1) "
                 "ORDER BY a.email_source_id, a.id");
    st.bind(1, id);
    while (st.step() == SQLITE_ROW) {
      out.attachments.push_back(StoredAttachment{st.text(0), st.text(1), st.int64(2), st.int64(3) != 0, st.text(4),
                                                 st.opt_int64(5), st.text(6), st.int64(7)});
    }
  }
  {
    Statement& st = cached(
                 "SELECT e.message_id, e.subject, e.from_address, e.date_utc, e.maildir_flags, s.sha256 FROM emails e "
                 "JOIN sources s ON s.id = e.source_id WHERE e.source_id IN "
                 "(SELECT source_id FROM source_conversations WHERE conversation_id = ?1) ORDER BY e.date_utc, e.source_id");
    st.bind(1, id);
    while (st.step() == SQLITE_ROW) {
      out.emails.push_back(StoredEmail{st.text(0), st.text(1), st.text(2), st.opt_int64(3), st.text(4), st.text(5)});
    }
  }
  return out;
}

Result<Stats> Store::stats() const {
  Stats s;
  auto scalar = [&](const char* sql) {
    Statement st(m_db, sql);
    return st.step() == SQLITE_ROW ? st.int64(0) : 0;
  };
  s.sources = scalar("SELECT count(*) FROM sources");
  s.conversations = scalar("SELECT count(*) FROM conversations");
  s.messages = scalar("SELECT count(*) FROM messages WHERE kind = 'message'");
  s.events = scalar("SELECT count(*) FROM messages WHERE kind = 'event'");
  auto grouped = [&](const char* column, std::vector<std::pair<std::string, int64_t>>& into) {
    Statement st(m_db, std::string("SELECT ") + column + ", count(*) FROM conversations GROUP BY 1 ORDER BY 2 DESC, 1");
    while (st.step() == SQLITE_ROW) {
      into.emplace_back(st.text(0), st.int64(1));
    }
  };
  grouped("company", s.by_company);
  grouped("channel", s.by_channel);
  grouped("language", s.by_language);
  return s;
}

}  // namespace inwriting::store
