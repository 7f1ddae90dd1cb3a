#pragma once
// Finding promises in what the store keeps: shared by import (each kept conversation) and
// `reindex --promises` (every conversation, when the rules change).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "inwriting/extract/promises.hpp"
#include "inwriting/store/store.hpp"

namespace inwriting::cli {

// What import and reindex need to find promises: the rules, and the currency each company bills
// in (from --company-currency or the config), which a bare "$" then means.
struct PromiseFinder {
  std::shared_ptr<const extract::PromiseExtractor> extractor;
  std::map<std::string, std::string> company_currency;  // company (lower case) → ISO 4217
};

// "Acme=MXN" → {"acme": "MXN"}, or an error saying how to write it.
Result<std::map<std::string, std::string>> parse_company_currencies(const std::vector<std::string>& mappings);

// The rules from $INWRITING_RULES_DIR, else the default place (see extract::default_rules_dir()).
Result<std::shared_ptr<const extract::PromiseExtractor>> load_promise_extractor();

// Both of the above, for a command: on failure prints why and sets `exit_code` (usage for a bad
// --company-currency, some-failed for a rule file that does not load).
std::optional<PromiseFinder> load_promise_finder(const std::vector<std::string>& company_currencies, Io& io,
                                                 int& exit_code);

// The extractor's input from a stored conversation: message ids are store ids.
extract::ConversationInput input_from_stored(const store::StoredConversation& conversation);

// Finds the promises in a kept conversation, as the store reads it back, and keeps them.
Result<store::PromiseIndexOutcome> index_promises(store::Store& store, const PromiseFinder& finder,
                                                  int64_t conversation_id);

// The promises of a conversation not kept yet, found on a reading thread from store::stored_form():
// the same as index_promises() finds once it is kept as a new conversation. Message ids are the
// indices of its entries.
struct PromisesAhead {
  extract::ConversationInput input;
  extract::Extraction found;
};
PromisesAhead find_promises_ahead(const PromiseFinder& finder, const model::Conversation& conversation);

// Keeps promises found ahead for the conversation kept as `conversation_id`, whose entries were
// given `entry_ids` (store::KeptConversation::entry_ids).
Result<store::PromiseIndexOutcome> keep_promises_ahead(store::Store& store, const PromiseFinder& finder,
                                                       int64_t conversation_id, const PromisesAhead& ahead,
                                                       const std::vector<int64_t>& entry_ids);

}  // namespace inwriting::cli
