#pragma once
// What goes into a case's evidence bundle, gathered from the store and rendered: the exhibits
// (original bytes), readable copies, promises, timeline, custody, letters, the upload PDF's
// document. bundle.cpp writes it as a bag; nothing here touches the disk.
#include <string>
#include <vector>

#include "case_contents.hpp"
#include "inwriting/export/bagit.hpp"
#include "inwriting/export/pdf.hpp"

namespace inwriting::cli {

struct BundleSettings {
  std::string created;   // RFC 3339 UTC ("2026-11-22T15:04:05Z"): every time the bundle itself writes
  std::string bag_date;  // YYYY-MM-DD, the local date of `created`: the bag's name and Bagging-Date
  bool redact = false;
  std::vector<std::string> redact_accounts;
  bool originals = true;  // false: --no-originals (the exhibits are listed by hash only)
  std::string your_name;
  std::string your_address;
  bool pdf = true;           // the caller renders the upload PDF (README.txt lists it)
  bool timestamped = false;  // README.txt then says how to check the time-stamp
};

struct Exhibit {
  std::string label;  // EX001
  std::string file;   // exhibits/EX001.eml, relative to data/
  store::StoredSource source;
  std::string bytes;
};

struct Bundle {
  std::string bag_name;  // 2026-11-22_acme-double-charge
  std::vector<exporter::PayloadFile> payload;
  exporter::BagInfo info;
  exporter::UploadDocument upload;  // rendered by the caller into data/upload/CASE.pdf
  std::string upload_file;          // upload/acme-double-charge.pdf
  std::vector<Exhibit> exhibits;
  int conversations = 0;
  int promises = 0;
  int masked = 0;  // numbers masked in the copies (--redact)
};

Result<Bundle> assemble_bundle(const store::Store& store, const CaseContents& contents, const BundleSettings& settings);

// The dispute letter (US Fair Credit Billing Act billing-error notice) in en, es or th.
struct LetterFacts {
  std::string your_name;
  std::string your_address;
  std::string date;            // YYYY-MM-DD, the letter's
  std::string account_masked;  // XXXX-XXXX-XXXX-1234, or "" when not known
  std::string merchant;
  std::string charge_date;
  std::string statement_date;
  std::string amount;  // "USD 129.99", or ""
  std::string type;    // credit-not-processed, ...
  struct Promise {
    std::string said_on;  // YYYY-MM-DD
    std::string by;
    std::string kind;     // refund, credit, ...
    std::string amount;   // "USD 129.99", or ""
    std::string quote;
    std::string due;
    std::string exhibit;
    std::string status;
  };
  std::vector<Promise> promises;
  std::vector<std::pair<std::string, std::string>> exhibits;  // label, one-line description
};
std::string dispute_letter(const LetterFacts& facts, const std::string& lang);
// "a refund of USD 129.99" / "un reembolso de USD 129.99" / "การคืนเงิน USD 129.99".
std::string promise_words(const std::string& kind, const std::string& amount, const std::string& lang);

// A CSV cell as RFC 4180 quotes it; cells a spreadsheet would run as a formula start with '.
std::string csv_cell(const std::string& value);

}  // namespace inwriting::cli
