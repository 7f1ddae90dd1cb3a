// Every labelled text, HTML and messaging-export sample is imported and checked against its
// .expected.json: transcripts, messages, participants, agents, start time and references.
// Samples without a label must still parse into messages.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "inwriting/importers/importer.hpp"
#include "inwriting/model/conversation.hpp"
#include "test_helpers.hpp"

namespace fs = std::filesystem;
using namespace inwriting;

namespace {

// The two thread emails hold earlier emails only as quoted history ("On … wrote:", "De:/Enviado el:"
// blocks, '>' levels); their labels count every email in the thread, which needs quoted-history
// splitting (the email issue's next part). Until then they are left out.
bool waits_for_thread_splitting(const fs::path&) { return false; }

// Labels that disagree with their file, and what the file shows. The file
// liveperson_forumpost_spectorsoft_ubuntuforums_2008.txt has nine "Name: text" lines; the label says
// ten, which counts "Chat InformationYou are now chatting with 'Nelson'" — a system notice that
// LABELS.md itself says is an event. We check the count we believe, so a change is still seen.
const std::map<std::string, size_t> k_disputed_message_counts = {
    {"liveperson_forumpost_spectorsoft_ubuntuforums_2008.txt", 9},
};

std::vector<fs::path> samples() {
  std::vector<fs::path> out;
  for (const char* dir : {"corpus/dev", "corpus/real"}) {
    for (const auto& entry : fs::directory_iterator(test::data_path(dir))) {
      const auto name = entry.path().filename().string();
      if (name.ends_with(".expected.json") || name.ends_with(".tsv") || name == "README.md" ||
          waits_for_thread_splitting(entry.path())) {
        continue;
      }
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::set<std::string> as_set(const nlohmann::json& array) {
  std::set<std::string> out;
  for (const auto& v : array) {
    out.insert(v.get<std::string>());
  }
  return out;
}

std::string join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& v : s) {
    out += (out.empty() ? "" : ", ") + v;
  }
  return out;
}

}  // namespace

TEST_SUITE("corpus") {
  TEST_CASE("every sample parses as its labels say") {
    const auto files = samples();
    REQUIRE(files.size() > 20);
    for (const auto& path : files) {
      const std::string name = path.filename().string();
      CAPTURE(name);
      auto bytes = file::read_all(path.string());
      REQUIRE(bytes);
      model::ImportContext context;
      context.origin = path.string();
      importers::ParseInput input{*bytes, name, &context};
      const importers::Importer* importer = importers::detect(*bytes);
      CHECK_MESSAGE(importer != nullptr, name << ": no importer recognises it");
      if (!importer) {
        continue;
      }
      auto parsed = importer->parse(input);
      CHECK_MESSAGE(parsed.ok(), name << ": " << (parsed.ok() ? "" : parsed.error()));
      if (!parsed.ok()) {
        continue;
      }
      auto& conversations = parsed->conversations;
      for (auto& c : conversations) {
        model::finish_conversation(c, context);
      }
      CHECK_MESSAGE(!conversations.empty(), name << ": no conversation");
      size_t messages = 0;
      std::set<std::string> participants;
      std::set<std::string> agents;
      std::set<std::string> references;
      for (const auto& c : conversations) {
        messages += c.message_count();
        for (const auto& p : c.participants) {
          participants.insert(p.name);
          if (model::is_company_side(p.role)) {
            agents.insert(p.name);
          }
        }
        for (const auto& r : model::extract_references(c)) {
          references.insert(r.value);
        }
      }
      CHECK_MESSAGE(messages > 0, name << " (" << importer->name << "): no messages");

      const fs::path label_path = path.string() + ".expected.json";
      if (!fs::exists(label_path)) {
        continue;
      }
      const auto label = nlohmann::json::parse(*file::read_all(label_path.string()));
      if (label.contains("transcripts")) {
        CHECK_MESSAGE(conversations.size() == label["transcripts"].get<size_t>(), name << ": transcripts");
      }
      if (auto disputed = k_disputed_message_counts.find(name); disputed != k_disputed_message_counts.end()) {
        CHECK_MESSAGE(messages == disputed->second, name << ": messages (label disputed)");
      } else if (label.contains("messages")) {
        CHECK_MESSAGE(messages == label["messages"].get<size_t>(), name << ": messages is " << messages);
      }
      if (label.contains("participants")) {
        CHECK_MESSAGE(participants == as_set(label["participants"]),
                      name << ": participants are [" << join(participants) << "]");
      }
      if (label.contains("agents")) {
        CHECK_MESSAGE(agents == as_set(label["agents"]), name << ": agents are [" << join(agents) << "]");
      }
      if (label.contains("started") && !label["started"].is_null()) {
        // A file of several transcripts is labelled with the first one's start.
        std::string earliest;
        for (const auto& c : conversations) {
          if (c.started && c.started->complete()) {
            earliest = c.started->iso();
            break;
          }
        }
        // The same instant with another offset is right too: a UTC export of a Bangkok chat.
        const std::string expected = label["started"].get<std::string>();
        const auto want = timeutil::parse_iso_datetime(expected);
        const auto got = timeutil::parse_iso_datetime(earliest);
        const bool same_instant = want && got && want->offset_minutes && got->offset_minutes &&
                                  want->utc_seconds == got->utc_seconds;
        CHECK_MESSAGE((earliest == expected || same_instant), name << ": started is " << earliest);
      }
      if (label.contains("references") && !label["references"].is_null()) {
        for (const auto& expected : as_set(label["references"])) {
          CHECK_MESSAGE(references.count(expected) == 1,
                        name << ": reference " << expected << " not found; found [" << join(references) << "]");
        }
      }
    }
  }
}

#include "inwriting/store/store.hpp"
#include "inwriting/util/hash.hpp"

TEST_SUITE("corpus") {
  TEST_CASE("every search expectation in the labels holds over a store of all samples") {
    test::TempDir dir;
    auto opened = store::Store::open(dir / "store.db", store::OpenMode::read_write);
    REQUIRE(opened.ok());
    auto& store = **opened;
    std::vector<std::pair<fs::path, std::string>> imported;  // path, sha256
    for (const auto& path : samples()) {
      auto bytes = file::read_all(path.string());
      REQUIRE(bytes);
      model::ImportContext context;
      const importers::Importer* importer = importers::detect(*bytes);
      if (!importer) {
        continue;  // reported by the test above
      }
      auto parsed = importer->parse(importers::ParseInput{*bytes, path.filename().string(), &context});
      if (!parsed) {
        continue;
      }
      for (auto& c : parsed->conversations) {
        model::finish_conversation(c, context);
      }
      auto outcome = store.import_source(
          store::SourceRecord{*bytes, path.string(), "file", std::string(importer->name), "test"}, parsed->conversations);
      REQUIRE_MESSAGE(outcome.ok(), path.filename().string() << ": " << (outcome.ok() ? "" : outcome.error()));
      imported.emplace_back(path, outcome->sha256);
    }
    store::Filters all;
    all.limit = 100000;
    for (const auto& [path, sha] : imported) {
      const fs::path label_path = path.string() + ".expected.json";
      if (!fs::exists(label_path)) {
        continue;
      }
      const auto label = nlohmann::json::parse(*file::read_all(label_path.string()));
      for (const auto& expectation : label.value("search", nlohmann::json::array())) {
        const std::string query = expectation["query"].get<std::string>();
        const bool should_match = expectation["match"].get<bool>();
        auto hits = store.search(query, all);
        REQUIRE_MESSAGE(hits.ok(), query << ": " << (hits.ok() ? "" : hits.error()));
        const bool matched = std::any_of(hits->begin(), hits->end(),
                                         [&, sha = sha](const store::SearchHit& h) { return h.source_sha256 == sha; });
        CHECK_MESSAGE(matched == should_match,
                      path.filename().string() << ": search '" << query << "' should " << (should_match ? "" : "not ")
                                               << "match");
      }
    }
  }
}
