#pragma once
// Importers turn a source's bytes into conversations. They never touch the store.
#include <string>
#include <string_view>
#include <vector>

#include "inwriting/model/conversation.hpp"
#include "inwriting/util/result.hpp"

namespace inwriting::importers {

struct ParseInput {
  std::string_view bytes;        // the original bytes, untouched
  std::string display_name;      // file name for messages: "chat.txt"
  const model::ImportContext* context = nullptr;
  int line_offset = 0;           // lines before `bytes` in its file (one message of an mbox)
};

struct ParseOutput {
  std::vector<model::Conversation> conversations;
  std::vector<std::string> warnings;  // "chat.txt:3: …"
};

struct Importer {
  std::string_view name;         // format name for --format
  std::string_view description;
  // How sure the importer is that the bytes are its format: 0 (no) to 100 (certain).
  int (*detect)(std::string_view bytes);
  Result<ParseOutput> (*parse)(const ParseInput& input);
};

// Every importer, in one table keyed by format name.
const std::vector<Importer>& registry();
const Importer* find(std::string_view name);
// The importer whose detect() scores highest (at least 1); nullptr when none recognises the bytes.
const Importer* detect(std::string_view bytes);

// Shared by the importers: the bytes as clean UTF-8 text (BOM, CRLF and direction marks removed)
// or an error naming the file when they are not text.
Result<std::string> decode_text(const ParseInput& input);

}  // namespace inwriting::importers
