#include "promise_output.hpp"

#include <ctime>

#include "inwriting/util/text.hpp"
#include "inwriting/util/time.hpp"

namespace inwriting::cli {

std::string today_local() {
  const std::time_t now = static_cast<std::time_t>(timeutil::now_utc());
  std::tm local{};
  ::localtime_r(&now, &local);
  return timeutil::format_date({local.tm_year + 1900, local.tm_mon + 1, local.tm_mday});
}

nlohmann::json promise_json(const store::StoredPromise& p) {
  auto or_null = [](const std::string& v) { return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v); };
  return {{"id", p.id},
          {"conversation", p.conversation_id},
          {"message", p.found.message_id},
          {"kind", p.found.kind},
          {"amount", or_null(p.found.amount)},
          {"currency", or_null(p.found.currency)},
          {"due", or_null(p.found.due)},
          {"due_text", or_null(p.found.due_text)},
          {"by", p.found.speaker},
          {"said_at", p.found.said_at},
          {"quote", p.found.quote},
          {"references", p.found.references},
          {"status", p.status},
          {"confidence", p.found.confidence},
          {"source_sha256", p.source_sha256}};
}

std::string money_text(const store::FoundPromise& p) {
  if (p.amount.empty()) return "-";
  return p.amount + (p.currency.empty() ? "" : " " + p.currency);
}

namespace {

// Thai vowel and tone marks and Latin combining accents sit on the letter before: no column.
bool takes_no_column(char32_t cp) {
  return cp == 0x0E31 || (cp >= 0x0E34 && cp <= 0x0E3A) || (cp >= 0x0E47 && cp <= 0x0E4E) || (cp >= 0x0300 && cp <= 0x036F);
}

// Display width: one column a character, none for the marks above.
size_t columns(std::string_view s) {
  size_t width = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    if (!takes_no_column(text::next_code_point(s, pos))) ++width;
  }
  return width;
}

std::string cut(std::string_view s, size_t max_columns) {
  std::string out;
  size_t width = 0;
  size_t pos = 0;
  while (pos < s.size()) {
    const size_t start = pos;
    const bool combining = takes_no_column(text::next_code_point(s, pos));
    if (!combining && width + 1 > max_columns) {
      out += "…";
      return out;
    }
    if (!combining) ++width;
    out.append(s.substr(start, pos - start));
  }
  return out;
}

std::string pad(const std::string& s, size_t width) {
  const size_t w = columns(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

}  // namespace

void print_promise_table(const std::vector<store::StoredPromise>& promises, const std::string& today, Io& io) {
  struct Row {
    std::string id, due, company, kind, amount, by, status, quote;
  };
  std::vector<Row> rows;
  rows.push_back({"ID", "DUE", "COMPANY", "KIND", "AMOUNT", "WHO", "STATUS", "WHAT WAS SAID"});
  for (const auto& p : promises) {
    std::string status = p.status;
    if (status == "open" && !p.found.due.empty() && p.found.due < today) status = "OVERDUE";
    std::string due = p.found.due.empty() ? (p.found.due_text.empty() ? "-" : cut(p.found.due_text, 16)) : p.found.due;
    rows.push_back({std::to_string(p.id), printable(due), printable(cut(p.company.empty() ? "?" : p.company, 18)),
                    p.found.kind, money_text(p.found), printable(cut(p.found.speaker, 16)), status,
                    printable(cut(text::collapse_spaces(p.found.quote), 60))});
  }
  std::vector<size_t> widths(7, 0);
  for (const Row& r : rows) {
    const std::string cells[] = {r.id, r.due, r.company, r.kind, r.amount, r.by, r.status};
    for (size_t i = 0; i < 7; ++i) widths[i] = std::max(widths[i], columns(cells[i]));
  }
  for (size_t n = 0; n < rows.size(); ++n) {
    const Row& r = rows[n];
    const std::string cells[] = {r.id, r.due, r.company, r.kind, r.amount, r.by, r.status};
    std::string line;
    for (size_t i = 0; i < 7; ++i) line += pad(cells[i], widths[i]) + "  ";
    io.out << line << (n == 0 ? r.quote : "\"" + r.quote + "\"") << "\n";
  }
}

}  // namespace inwriting::cli
