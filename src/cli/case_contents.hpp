#pragma once
// What a case holds, read once for `case show` and `brief`: its conversations and notes, and its
// promises (those put in it, and those of its conversations).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "commands.hpp"

namespace inwriting::cli {

struct CaseConversation {
  store::StoredConversation conversation;
  bool note = false;  // the user's own note (`case note`)
};

struct CaseContents {
  store::StoredCase stored;
  std::vector<CaseConversation> conversations;  // oldest first
  std::vector<store::StoredPromise> promises;   // soonest due first
};

Result<CaseContents> load_case(const store::Store& store, const std::string& name_or_id);

// Open and past its due date (today where the user is).
bool is_overdue(const store::StoredPromise& p, const std::string& today);

// The case's own fields, as `case list --json` and `case show --json` print them.
nlohmann::json case_json(const store::StoredCase& c);

// "credit-not-processed" → "credit not processed".
std::string case_type_words(const std::string& type);

// Seconds for ordering a time as stored ("2026-03-04T10:31:52-05:00", a date alone, …); nullopt when empty.
std::optional<int64_t> sort_seconds(const std::string& iso);

}  // namespace inwriting::cli
