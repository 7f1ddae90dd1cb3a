#pragma once
// Finds the promises and offers a company's side made in a conversation.
//
// For each sentence of an agent's or bot's message: find a benefit anchor (refund, credit, fee,
// call back, คืนเงิน, reembolso…); then decide the modality of the clause holding it, in a fixed
// order — refusal, question, unaccepted offer, hedge, conditional, policy, the customer's own
// words — and call it a promise only when none applies and a commitment cue is present. Every
// decision is written down (`explain`), because people labelling commitments agree only about half
// the time: a user must be able to see why.
//
// The words live in rule files (src/data/promises/<lang>.rules), all languages applied to every
// sentence, since one conversation often mixes them.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "inwriting/model/conversation.hpp"
#include "inwriting/util/result.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::extract {

// What the extractor reads: the messages of one conversation in order. Built from a parsed
// model::Conversation or from the store, so import, reindex and the evaluation share one path.
struct MessageInput {
  int64_t id = 0;                          // the caller's key (a store message id, or an index)
  std::string speaker;
  model::Role role = model::Role::unknown;
  std::string text;                        // UTF-8
  size_t signature_at = std::string::npos; // words from here on are a signature or legal footer
  std::optional<timeutil::Date> local_date;  // the day it was written, in the writer's zone
  std::string said_at;                     // ISO 8601 as stored
  std::optional<int> utc_offset_minutes;
  std::vector<std::string> references;     // order/ticket/case numbers the message mentions
};

struct ConversationInput {
  std::string company;
  std::string language;              // en, es, th, mixed
  std::string currency;              // the company's currency when known (config), else ""
  std::string company_domain;        // "acme.com.mx": a country TLD hints at the currency
  std::vector<MessageInput> messages;
};

struct Promise {
  size_t message_index = 0;      // into ConversationInput::messages
  std::string kind;              // refund, credit, discount, waiver, replacement, callback,
                                 // cancellation, price_match, repair, other
  std::string amount;            // "100.00", or "" when none was said
  std::string currency;          // ISO 4217, or ""
  std::optional<timeutil::Date> due;
  std::string due_text;          // the deadline's words as written ("within 5-7 business days")
  std::vector<std::string> references;
  std::string by;
  std::string said_at;
  std::string quote;             // the sentence, exactly as written
  size_t quote_begin = 0;        // byte offsets of the quote in the message text
  size_t quote_end = 0;
  double confidence = 0;
  std::string explain;           // which cue and which checks decided it, one line per step
  std::optional<size_t> retracted_by;  // message index of the message that took it back
};

// A sentence that held a benefit anchor but was not called a promise, and why: the evaluation and
// `promises --explain` use these.
struct Rejection {
  size_t message_index = 0;
  std::string quote;
  std::string reason;            // "refusal: can't (en.rules:41)"
};

struct Extraction {
  std::vector<Promise> promises;
  std::vector<Rejection> rejections;
};

class PromiseExtractor {
public:
  // Reads every <lang>.rules, money.rules and <lang>.dates in `rules_dir`; an error names the
  // file and line of the first bad rule.
  static Result<std::shared_ptr<const PromiseExtractor>> load(const std::filesystem::path& rules_dir);

  Extraction extract(const ConversationInput& conversation) const;

  // A short digest of the rule files, stored with each promise so `reindex --promises` can tell
  // which promises were found by older rules.
  const std::string& rules_digest() const;

  ~PromiseExtractor();
  PromiseExtractor(const PromiseExtractor&) = delete;
  PromiseExtractor& operator=(const PromiseExtractor&) = delete;

  struct Impl;

private:
  explicit PromiseExtractor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// The extractor's input from a parsed conversation (used by the evaluation and by tests); message
// ids are the entry indexes.
ConversationInput input_from_conversation(const model::Conversation& conversation);

}  // namespace inwriting::extract
