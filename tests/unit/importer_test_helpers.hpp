#pragma once
// Shared by the importer tests: parse through the registry, as the import command finds an
// importer, then finish the conversations the way the store will see them.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "inwriting/importers/importer.hpp"
#include "inwriting/model/conversation.hpp"

namespace test {

struct ParsedImport {
  bool ok = false;
  std::string error;
  std::vector<inwriting::model::Conversation> conversations;
  std::vector<std::string> warnings;
};

// `finish` off leaves the importer's own output, for tests of what the importer alone decides.
inline ParsedImport parse_as(std::string_view format, const std::string& bytes, const std::string& file,
                             inwriting::model::ImportContext context = {}, bool finish = true) {
  const inwriting::importers::Importer* importer = inwriting::importers::find(format);
  REQUIRE(importer != nullptr);
  inwriting::importers::ParseInput input{bytes, file, &context};
  auto result = importer->parse(input);
  ParsedImport out;
  out.ok = result.ok();
  if (!result.ok()) {
    out.error = result.error();
    return out;
  }
  out.conversations = std::move(result->conversations);
  out.warnings = std::move(result->warnings);
  if (finish) {
    for (auto& c : out.conversations) {
      inwriting::model::finish_conversation(c, context);
    }
  }
  return out;
}

// The same for a file read on its own, whose name is the context's origin.
inline ParsedImport parse_file_as(std::string_view format, const std::string& bytes, const std::string& file) {
  inwriting::model::ImportContext context;
  context.origin = file;
  return parse_as(format, bytes, file, context);
}

struct ParsedConversation {
  bool ok = false;
  std::string error;
  inwriting::model::Conversation conversation;
  std::vector<std::string> warnings;
};

// For the formats whose file holds exactly one conversation.
inline ParsedConversation parse_one_as(std::string_view format, const std::string& text, const std::string& file,
                                       inwriting::model::ImportContext context = {}, bool finish = true) {
  ParsedImport all = parse_as(format, text, file, std::move(context), finish);
  ParsedConversation out;
  out.ok = all.ok;
  out.error = std::move(all.error);
  if (!all.ok) {
    return out;
  }
  REQUIRE(all.conversations.size() == 1);
  out.conversation = std::move(all.conversations.front());
  out.warnings = std::move(all.warnings);
  return out;
}

inline std::vector<const inwriting::model::Entry*> messages(const inwriting::model::Conversation& c) {
  std::vector<const inwriting::model::Entry*> out;
  for (const auto& e : c.entries) {
    if (e.kind == inwriting::model::EntryKind::message) {
      out.push_back(&e);
    }
  }
  return out;
}

inline const inwriting::model::Participant* participant_named(const inwriting::model::Conversation& c,
                                                              const std::string& name) {
  for (const auto& p : c.participants) {
    if (p.name == name) {
      return &p;
    }
  }
  return nullptr;
}

inline inwriting::model::Role role_of(inwriting::model::Conversation& c, const std::string& name) {
  auto* p = c.find_participant(name);
  REQUIRE_MESSAGE(p != nullptr, name);
  return p->role;
}

}  // namespace test
