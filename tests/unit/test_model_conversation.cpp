#include <doctest/doctest.h>

#include "inwriting/model/conversation.hpp"

using namespace inwriting;

namespace {
model::Conversation chat(std::vector<std::pair<std::string, std::string>> lines) {
  model::Conversation c;
  for (auto& [who, what] : lines) {
    model::Entry e;
    e.speaker = who;
    e.text = what;
    c.entries.push_back(e);
  }
  return c;
}
model::Role role_of(model::Conversation& c, const std::string& name) {
  auto* p = c.find_participant(name);
  REQUIRE(p);
  return p->role;
}
}  // namespace

TEST_SUITE("model::conversation") {
  TEST_CASE("the one who greets as the company is the agent; the other is the customer") {
    auto c = chat({{"Dana", "Hi, I was charged twice"}, {"Sam", "Hi Dana, my name is Sam. How can I help?"}});
    model::finish_conversation(c, {});
    CHECK(role_of(c, "Sam") == model::Role::agent);
    CHECK(role_of(c, "Dana") == model::Role::customer);
  }

  TEST_CASE("You, Tú and --me are the customer; assistants are bots; 'Agente X' is an agent") {
    auto c = chat({{"Asistente virtual", "Hola"}, {"Tú", "hola"}, {"Agente Laura", "Buenas"}});
    model::finish_conversation(c, {});
    CHECK(role_of(c, "Tú") == model::Role::customer);
    CHECK(role_of(c, "Asistente virtual") == model::Role::bot);
    CHECK(role_of(c, "Agente Laura") == model::Role::agent);

    auto d = chat({{"Pat", "ok"}, {"Lee", "ok"}});
    model::ImportContext me;
    me.me = {"pat"};
    model::finish_conversation(d, me);
    CHECK(role_of(d, "Pat") == model::Role::customer);
    CHECK(role_of(d, "Lee") == model::Role::agent);
  }

  TEST_CASE("when nothing tells, the role stays unknown rather than guessed") {
    auto c = chat({{"Pat", "ok"}, {"Lee", "fine"}});
    model::finish_conversation(c, {});
    CHECK(role_of(c, "Pat") == model::Role::unknown);
    CHECK(role_of(c, "Lee") == model::Role::unknown);
  }

  TEST_CASE("a business account named like the company is the agent") {
    auto c = chat({{"Megan", "where is my sofa"}, {"Brightside Furniture", "checking"}});
    c.company = "Brightside Furniture";
    model::finish_conversation(c, {});
    CHECK(role_of(c, "Brightside Furniture") == model::Role::agent);
    CHECK(role_of(c, "Megan") == model::Role::customer);
  }

  TEST_CASE("--tz gives zone-less clocks an offset; started and ended follow the messages") {
    auto c = chat({{"A", "one"}, {"B", "two"}});
    c.entries[0].time = {timeutil::Date{2026, 7, 1}, timeutil::TimeOfDay{9, 0, 0, true}, std::nullopt};
    c.entries[1].time = {timeutil::Date{2026, 7, 1}, timeutil::TimeOfDay{9, 5, 0, true}, std::nullopt};
    model::ImportContext zone;
    zone.tz = "America/New_York";
    model::finish_conversation(c, zone);
    REQUIRE(c.started);
    CHECK(c.started->iso() == "2026-07-01T09:00:00-04:00");
    CHECK(c.ended->iso() == "2026-07-01T09:05:00-04:00");

    auto unknown = chat({{"A", "one"}});
    unknown.entries[0].time = {timeutil::Date{2026, 7, 1}, timeutil::TimeOfDay{9, 0, 0, true}, std::nullopt};
    model::finish_conversation(unknown, {});
    CHECK(unknown.started->iso() == "2026-07-01T09:00:00");
  }
}
