#pragma once
// Finding promises in what the store keeps: shared by import (each kept conversation) and
// `reindex --promises` (every conversation, when the rules change).
#include <memory>

#include "inwriting/extract/promises.hpp"
#include "inwriting/store/store.hpp"

namespace inwriting::cli {

// The rules from $INWRITING_RULES_DIR, else the default place (see extract::default_rules_dir()).
Result<std::shared_ptr<const extract::PromiseExtractor>> load_promise_extractor();

// The extractor's input from a stored conversation: message ids are store ids.
extract::ConversationInput input_from_stored(const store::StoredConversation& conversation);

Result<store::PromiseIndexOutcome> index_promises(store::Store& store, const extract::PromiseExtractor& extractor,
                                                  int64_t conversation_id);

}  // namespace inwriting::cli
