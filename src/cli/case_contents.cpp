#include "case_contents.hpp"

#include <algorithm>
#include <set>

#include "inwriting/util/time.hpp"
#include "promise_output.hpp"

namespace inwriting::cli {

std::optional<int64_t> sort_seconds(const std::string& iso) {
  if (iso.empty()) return std::nullopt;
  auto instant = timeutil::parse_iso_datetime(iso);
  if (!instant) return std::nullopt;
  return instant->utc_seconds;  // UTC when the offset is written, else the wall clock read as UTC
}

Result<CaseContents> load_case(const store::Store& store, const std::string& name_or_id) {
  CaseContents out;
  auto found = store.find_case(name_or_id);
  if (!found) return Error{found.error()};
  out.stored = std::move(*found);
  std::set<int64_t> promise_ids;
  for (const auto& item : out.stored.items) {
    if (item.kind == store::CaseItemKind::promise) {
      auto p = store.promise(item.id);
      if (!p) return Error{p.error()};
      if (promise_ids.insert(p->id).second) out.promises.push_back(std::move(*p));
      continue;
    }
    auto c = store.conversation(item.id);
    if (!c) return Error{c.error()};
    store::PromiseFilters filters;
    filters.conversation_id = item.id;
    auto promises = store.promises(filters);
    if (!promises) return Error{promises.error()};
    for (auto& p : *promises) {
      if (promise_ids.insert(p.id).second) out.promises.push_back(std::move(p));
    }
    out.conversations.push_back({std::move(*c), item.kind == store::CaseItemKind::note});
  }
  std::stable_sort(out.conversations.begin(), out.conversations.end(), [](const auto& a, const auto& b) {
    const auto ta = sort_seconds(a.conversation.summary.started_iso);
    const auto tb = sort_seconds(b.conversation.summary.started_iso);
    if (!ta || !tb) return ta.has_value() && !tb.has_value();
    return *ta < *tb;
  });
  std::stable_sort(out.promises.begin(), out.promises.end(), [](const auto& a, const auto& b) {
    const std::string da = a.found.due.empty() ? "9999" : a.found.due;
    const std::string db = b.found.due.empty() ? "9999" : b.found.due;
    if (da != db) return da < db;
    return a.found.said_at < b.found.said_at;
  });
  return out;
}

bool is_overdue(const store::StoredPromise& p, const std::string& today) {
  return p.status == "open" && !p.found.due.empty() && p.found.due < today;
}

nlohmann::json case_json(const store::StoredCase& c) {
  auto or_null = [](const std::string& v) { return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v); };
  int64_t conversations = 0, promises = 0, notes = 0;
  for (const auto& item : c.items) {
    ++(item.kind == store::CaseItemKind::promise ? promises : item.kind == store::CaseItemKind::note ? notes : conversations);
  }
  return {{"id", c.id},
          {"name", c.details.name},
          {"company", or_null(c.details.company)},
          {"amount", or_null(c.details.amount)},
          {"currency", or_null(c.details.currency)},
          {"charge_date", or_null(c.details.charge_date)},
          {"statement_date", or_null(c.details.statement_date)},
          {"account_last4", or_null(c.details.account_last4)},
          {"type", or_null(c.details.type)},
          {"created_at", c.created_at},
          {"conversations", conversations},
          {"promises", promises},
          {"notes", notes}};
}

std::string case_type_words(const std::string& type) {
  std::string out = type;
  std::replace(out.begin(), out.end(), '-', ' ');
  return out;
}

}  // namespace inwriting::cli
