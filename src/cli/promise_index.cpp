#include "promise_index.hpp"

#include <algorithm>
#include <cstdlib>

#include "inwriting/extract/rules.hpp"
#include "inwriting/util/text.hpp"

namespace inwriting::cli {

Result<std::shared_ptr<const extract::PromiseExtractor>> load_promise_extractor() {
  const char* dir = std::getenv("INWRITING_RULES_DIR");
  return extract::PromiseExtractor::load(dir && *dir ? std::filesystem::path(dir) : extract::default_rules_dir());
}

std::optional<PromiseFinder> load_promise_finder(const std::vector<std::string>& company_currencies, Io& io,
                                                 int& exit_code) {
  PromiseFinder finder;
  auto currencies = parse_company_currencies(company_currencies);
  if (!currencies) {
    io.err << "inwriting: " << printable(currencies.error()) << "\n";
    exit_code = k_exit_usage;
    return std::nullopt;
  }
  finder.company_currency = std::move(currencies.value());
  auto extractor = load_promise_extractor();
  if (!extractor) {
    io.err << "inwriting: " << extractor.error() << "\n";
    exit_code = k_exit_some_failed;
    return std::nullopt;
  }
  finder.extractor = std::move(extractor.value());
  return finder;
}

extract::ConversationInput input_from_stored(const store::StoredConversation& conversation) {
  extract::ConversationInput input;
  input.company = conversation.summary.company;
  input.language = conversation.summary.language;
  std::vector<std::vector<std::string>> refs(conversation.entries.size());
  for (const model::Reference& r : conversation.references) {
    if (r.entry_index < refs.size()) refs[r.entry_index].push_back(r.value);
  }
  for (size_t i = 0; i < conversation.entries.size(); ++i) {
    const store::StoredEntry& e = conversation.entries[i];
    if (e.kind != model::EntryKind::message) continue;
    extract::MessageInput m;
    m.id = e.id;
    m.speaker = e.speaker;
    m.role = e.role;
    m.text = e.text;
    if (e.signature_at && *e.signature_at >= 0) m.signature_at = static_cast<size_t>(*e.signature_at);
    m.local_date = timeutil::parse_iso_date(e.time_iso.substr(0, 10));
    m.said_at = e.time_iso;
    if (e.zone_known && e.time_iso.size() > 19) {
      if (auto instant = timeutil::parse_iso_datetime(e.time_iso)) m.utc_offset_minutes = instant->offset_minutes;
    }
    m.references = refs[i];
    if (input.company_domain.empty() && model::is_company_side(e.role)) {
      if (const size_t at = e.address.rfind('@'); at != std::string::npos) input.company_domain = e.address.substr(at + 1);
    }
    input.messages.push_back(std::move(m));
  }
  return input;
}

Result<std::map<std::string, std::string>> parse_company_currencies(const std::vector<std::string>& mappings) {
  std::map<std::string, std::string> out;
  for (const std::string& mapping : mappings) {
    const size_t eq = mapping.rfind('=');
    const std::string code = eq == std::string::npos ? "" : std::string(text::trim(mapping.substr(eq + 1)));
    const bool iso = code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (eq == std::string::npos || eq == 0 || !iso)
      return make_error("--company-currency " + mapping + ": write it as COMPANY=CODE with an ISO 4217 code, e.g. Acme=MXN");
    out[text::to_lower_ascii(text::trim(mapping.substr(0, eq)))] = code;
  }
  return out;
}

namespace {

void apply_company_currency(const PromiseFinder& finder, extract::ConversationInput& input) {
  if (auto it = finder.company_currency.find(text::to_lower_ascii(input.company)); it != finder.company_currency.end())
    input.currency = it->second;
}

// The promises found in `input` as rows; message ids are `id_of` the input's message ids.
template <typename IdOf>
std::vector<store::FoundPromise> promise_rows(const extract::ConversationInput& input, const extract::Extraction& found,
                                              IdOf&& id_of) {
  std::vector<store::FoundPromise> rows;
  for (const extract::Promise& p : found.promises) {
    store::FoundPromise row;
    row.message_id = id_of(input.messages[p.message_index].id);
    row.quote_begin = p.quote_begin;
    row.quote_end = p.quote_end;
    row.kind = p.kind;
    row.amount = p.amount;
    row.currency = p.currency;
    row.due = p.due ? timeutil::format_date(*p.due) : std::string();
    row.due_text = p.due_text;
    row.references = p.references;
    row.speaker = p.by;
    row.said_at = p.said_at;
    row.quote = p.quote;
    row.confidence = p.confidence;
    row.explain = p.explain;
    if (p.retracted_by) row.retracted_by = id_of(input.messages[*p.retracted_by].id);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

Result<store::PromiseIndexOutcome> index_promises(store::Store& store, const PromiseFinder& finder,
                                                  int64_t conversation_id) {
  auto conversation = store.conversation(conversation_id);
  if (!conversation) return make_error(conversation.error());
  extract::ConversationInput input = input_from_stored(*conversation);
  apply_company_currency(finder, input);
  const extract::Extraction found = finder.extractor->extract(input);
  return store.replace_promises(conversation_id, promise_rows(input, found, [](int64_t id) { return id; }),
                                finder.extractor->rules_digest());
}

PromisesAhead find_promises_ahead(const PromiseFinder& finder, const model::Conversation& conversation) {
  store::StoredConversation stored = store::stored_form(conversation);
  for (size_t i = 0; i < stored.entries.size(); ++i) stored.entries[i].id = static_cast<int64_t>(i);
  PromisesAhead ahead;
  ahead.input = input_from_stored(stored);
  apply_company_currency(finder, ahead.input);
  ahead.found = finder.extractor->extract(ahead.input);
  return ahead;
}

Result<store::PromiseIndexOutcome> keep_promises_ahead(store::Store& store, const PromiseFinder& finder,
                                                       int64_t conversation_id, const PromisesAhead& ahead,
                                                       const std::vector<int64_t>& entry_ids) {
  for (const extract::MessageInput& m : ahead.input.messages) {
    if (m.id < 0 || static_cast<size_t>(m.id) >= entry_ids.size()) {
      return make_error("conversation " + std::to_string(conversation_id) + " was kept with fewer entries than it was read with");
    }
  }
  return store.replace_promises(conversation_id,
                                promise_rows(ahead.input, ahead.found,
                                             [&](int64_t index) { return entry_ids[static_cast<size_t>(index)]; }),
                                finder.extractor->rules_digest());
}

}  // namespace inwriting::cli
