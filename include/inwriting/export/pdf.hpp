#pragma once
// The upload PDF of an evidence bundle: what a bank's dispute portal accepts (one file, at most a
// few pages and megabytes), readable by the person at the bank without opening the bag.
// Text is shaped by pango (Thai included) and drawn by cairo; no images, so it stays small.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "inwriting/util/result.hpp"

namespace inwriting::exporter {

struct PdfPromise {
  std::string quote;
  std::string said_at;  // readable local time: "2026-03-04 10:31"
  std::string by;
  std::string kind;
  std::string amount;   // "USD 129.99" or ""
  std::string due;      // YYYY-MM-DD or ""
  std::string status;
  std::string exhibit;  // "EX003": where the quote is; the page is found by looking for `quote` in its text
};

struct PdfExhibit {
  std::string label;         // "EX003"
  std::string title;         // "Chat with Acme, 2026-03-04"
  std::string sha256;
  std::string text;          // lines "2026-03-04 10:31 Maria (agent): ...", already redacted when asked
  bool has_promise = false;  // chosen first when the page budget is short
  std::string file_name;     // "exhibits/EX003.eml", for the hash table
};

enum class PaperSize { a4, letter };

struct UploadDocument {
  std::string title;                                       // "Dispute evidence: acme-double-charge"
  std::vector<std::pair<std::string, std::string>> facts;  // ("Merchant", "Acme"), ("Amount", "USD 129.99"), ...
  std::vector<PdfPromise> promises;
  std::vector<PdfExhibit> exhibits;
  std::string created;   // RFC 3339 UTC: the PDF's CreationDate/ModDate come from it (determinism)
  std::string language;  // en/es/th: the language of the PDF's own words (headings, footer); default en
  PaperSize paper = PaperSize::a4;  // A4 (210 × 297 mm) unless the caller asks for US Letter
};

struct PdfLimits {
  int max_pages = 19;                      // bank portals' limits
  size_t max_bytes = 2 * 1024 * 1024;
};

struct PdfOutcome {
  int pages = 0;
  size_t bytes = 0;
  // Labels of exhibits cut to the pages around their promises or left out; the cover says so too.
  std::vector<std::string> shortened;
  std::vector<std::string> left_out;  // the subset of `shortened` not in the PDF at all
  int promises_not_listed = 0;        // promises the cover had no room to quote (a case of hundreds)
};

// Renders the cover (title, facts, the promises quoted with dates, the hash table, what was
// shortened) and then each exhibit from a new page, headed by its label, every page footed
// "page N of M". When everything does not fit the limits, exhibits with promises are kept first
// and long ones are cut to the lines around their promises. Renders to memory (the caller writes
// it into the bag). The same document gives a byte-identical PDF on the same fonts.
Result<std::pair<std::string, PdfOutcome>> render_upload_pdf(const UploadDocument& doc, const PdfLimits& limits = {});

}  // namespace inwriting::exporter
