// Runs the promise extractor over every labelled sample and scores it against the labels.
//
//   promises_eval [--check] [--json] [--verbose] RULES_DIR CORPUS_DIR…
//
// A labelled promise is found when an extracted promise (not retracted) in the same message
// overlaps its quote_contains. Precision counts every extracted promise that matches no label as
// a false positive (so an unlabelled restatement counts against us), and reports separately how
// many of those hit a `not_promises` text. Amount (with currency), due and kind accuracy are over
// the found promises. With --check the exit status is 1 when precision < 0.90 or recall < 0.85
// overall, or any language's recall < 0.80.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "inwriting/extract/promises.hpp"
#include "inwriting/importers/importer.hpp"
#include "inwriting/util/file.hpp"

namespace fs = std::filesystem;
using namespace inwriting;

namespace {

struct Tally {
  int labelled = 0;
  int found = 0;         // extracted, not retracted
  int matched = 0;       // labelled promises found
  int true_found = 0;    // extracted promises that match a label
  int not_promise_hits = 0;
  int amount_right = 0;
  int due_right = 0;
  int kind_right = 0;

  void add(const Tally& t) {
    labelled += t.labelled;
    found += t.found;
    matched += t.matched;
    true_found += t.true_found;
    not_promise_hits += t.not_promise_hits;
    amount_right += t.amount_right;
    due_right += t.due_right;
    kind_right += t.kind_right;
  }
  double precision() const { return found == 0 ? 1.0 : static_cast<double>(true_found) / found; }
  double recall() const { return labelled == 0 ? 1.0 : static_cast<double>(matched) / labelled; }
  double share(int n) const { return matched == 0 ? 0.0 : static_cast<double>(n) / matched; }
};

struct Found {
  const extract::Promise* promise;
  const extract::MessageInput* message;
  bool matched = false;
};

bool overlaps(const Found& f, const std::string& needle) {
  if (needle.empty()) return false;
  for (size_t at = f.message->text.find(needle); at != std::string::npos; at = f.message->text.find(needle, at + 1)) {
    if (at < f.promise->quote_end && f.promise->quote_begin < at + needle.size()) return true;
  }
  return false;
}

std::string json_string(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : std::string(); }

}  // namespace

int main(int argc, char** argv) {
  bool check = false;
  bool verbose = false;
  bool as_json = false;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--check") check = true;
    else if (a == "--verbose") verbose = true;
    else if (a == "--json") as_json = true;
    else args.push_back(a);
  }
  if (args.size() < 2) {
    std::cerr << "usage: promises_eval [--check] [--json] [--verbose] RULES_DIR CORPUS_DIR...\n";
    return 2;
  }
  auto extractor = extract::PromiseExtractor::load(args[0]);
  if (!extractor) {
    std::cerr << "promises_eval: " << extractor.error() << "\n";
    return 1;
  }

  std::map<std::string, Tally> by_language;
  for (size_t d = 1; d < args.size(); ++d) {
    std::vector<fs::path> labels;
    for (const auto& entry : fs::directory_iterator(args[d])) {
      if (entry.path().string().ends_with(".expected.json")) labels.push_back(entry.path());
    }
    std::sort(labels.begin(), labels.end());
    for (const fs::path& label_path : labels) {
      const std::string sample = label_path.string().substr(0, label_path.string().size() - 14);
      const std::string name = fs::path(sample).filename().string();
      auto label_bytes = file::read_all(label_path.string());
      auto bytes = file::read_all(sample);
      if (!label_bytes || !bytes) {
        std::cerr << name << ": cannot read the sample or its label\n";
        return 1;
      }
      const auto label = nlohmann::json::parse(*label_bytes);
      if (!label.contains("promises") && !label.contains("not_promises")) continue;
      const std::string language = label.value("language", "unknown");

      model::ImportContext context;
      context.origin = sample;
      if (label.contains("timezone") && label["timezone"].is_string()) context.tz = label["timezone"].get<std::string>();
      importers::ParseInput input{*bytes, name, &context};
      const importers::Importer* importer = importers::detect(*bytes);
      if (!importer) {
        std::cerr << name << ": no importer recognises it\n";
        return 1;
      }
      auto parsed = importer->parse(input);
      if (!parsed) {
        std::cerr << parsed.error() << "\n";
        return 1;
      }
      std::vector<extract::ConversationInput> inputs;
      std::vector<extract::Extraction> extractions;
      for (auto& c : parsed->conversations) {
        model::finish_conversation(c, context);
        inputs.push_back(extract::input_from_conversation(c));
      }
      for (const auto& in : inputs) extractions.push_back((*extractor)->extract(in));

      std::vector<Found> found;
      for (size_t i = 0; i < inputs.size(); ++i) {
        for (const auto& p : extractions[i].promises) {
          if (!p.retracted_by) found.push_back({&p, &inputs[i].messages[p.message_index]});
        }
      }
      Tally t;
      t.found = static_cast<int>(found.size());
      for (const auto& l : label.value("promises", nlohmann::json::array())) {
        ++t.labelled;
        const std::string quote = json_string(l["quote_contains"]);
        Found* hit = nullptr;
        for (Found& f : found) {
          if (overlaps(f, quote)) {
            hit = &f;
            break;
          }
        }
        if (!hit) {
          if (verbose) std::cout << "MISSED  " << name << ": " << quote << "\n";
          continue;
        }
        ++t.matched;
        hit->matched = true;
        const auto& p = *hit->promise;
        const bool amount_ok = p.amount == json_string(l["amount"]) && p.currency == json_string(l["currency"]);
        const std::string due = p.due ? timeutil::format_date(*p.due) : std::string();
        const bool due_ok = due == json_string(l["due"]);
        const bool kind_ok = p.kind == json_string(l["kind"]);
        t.amount_right += amount_ok;
        t.due_right += due_ok;
        t.kind_right += kind_ok;
        if (verbose && (!amount_ok || !due_ok || !kind_ok)) {
          std::cout << "FIELDS  " << name << ": " << quote << "\n";
          if (!kind_ok) std::cout << "        kind " << p.kind << " (label " << json_string(l["kind"]) << ")\n";
          if (!amount_ok)
            std::cout << "        amount " << p.amount << " " << p.currency << " (label " << json_string(l["amount"])
                      << " " << json_string(l["currency"]) << ")\n";
          if (!due_ok) std::cout << "        due " << due << " '" << p.due_text << "' (label " << json_string(l["due"]) << ")\n";
        }
      }
      for (Found& f : found) {
        if (f.matched) {
          ++t.true_found;
          continue;
        }
        bool hit_not_promise = false;
        for (const auto& np : label.value("not_promises", nlohmann::json::array())) {
          if (overlaps(f, json_string(np))) hit_not_promise = true;
        }
        t.not_promise_hits += hit_not_promise;
        if (verbose) {
          std::cout << (hit_not_promise ? "WRONG   " : "EXTRA   ") << name << ": [" << f.promise->kind << "] "
                    << f.promise->quote << "\n";
        }
      }
      by_language[language].add(t);
    }
  }

  Tally total;
  for (const auto& [language, t] : by_language) total.add(t);
  bool passed = total.precision() >= 0.90 && total.recall() >= 0.85;
  for (const auto& [language, t] : by_language) {
    if (t.labelled > 0 && t.recall() < 0.80) passed = false;
  }

  if (as_json) {
    nlohmann::json out = {{"version", 1}, {"passed", passed}};
    auto row = [](const Tally& t) {
      return nlohmann::json{{"labelled", t.labelled},          {"found", t.found},
                            {"matched", t.matched},            {"precision", t.precision()},
                            {"recall", t.recall()},            {"amount_accuracy", t.share(t.amount_right)},
                            {"due_accuracy", t.share(t.due_right)}, {"kind_accuracy", t.share(t.kind_right)},
                            {"not_promise_hits", t.not_promise_hits}};
    };
    for (const auto& [language, t] : by_language) out["languages"][language] = row(t);
    out["overall"] = row(total);
    std::cout << out.dump(2) << "\n";
  } else {
    std::printf("%-8s %9s %6s %6s %10s %7s %7s %7s %7s %12s\n", "language", "labelled", "found", "right", "precision",
                "recall", "amount", "due", "kind", "not_promise");
    auto print = [](const std::string& name, const Tally& t) {
      std::printf("%-8s %9d %6d %6d %10.2f %7.2f %7.2f %7.2f %7.2f %12d\n", name.c_str(), t.labelled, t.found,
                  t.matched, t.precision(), t.recall(), t.share(t.amount_right), t.share(t.due_right),
                  t.share(t.kind_right), t.not_promise_hits);
    };
    for (const auto& [language, t] : by_language) print(language, t);
    print("overall", total);
    std::printf("targets: precision >= 0.90, recall >= 0.85 overall, recall >= 0.80 per language: %s\n",
                passed ? "met" : "NOT met");
  }
  return check && !passed ? 1 : 0;
}
