#pragma once
// How promises are printed, shared by `promises`, `promise` and `due`.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "commands.hpp"

namespace inwriting::cli {

// Today's date where the user is (TZ), or INWRITING_NOW's in tests: what "overdue" is measured by.
std::string today_local();

// The object `promises --json` prints for each promise: exactly the fields the man page lists.
nlohmann::json promise_json(const store::StoredPromise& p);

// A table a person reads at a glance: due date, company, kind, amount, who, status, a short quote.
void print_promise_table(const std::vector<store::StoredPromise>& promises, const std::string& today, Io& io);

// "$100.00 USD"-like: amount and currency, or "-" when no amount was said.
std::string money_text(const store::FoundPromise& p);

}  // namespace inwriting::cli
