#include <doctest/doctest.h>

#include <set>

#include "inwriting/model/conversation.hpp"

using namespace inwriting;

namespace {
std::set<std::string> refs_in(const std::string& text) {
  model::Conversation c;
  model::Entry e;
  e.text = text;
  c.entries.push_back(e);
  std::set<std::string> out;
  for (const auto& r : model::extract_references(c)) {
    out.insert(r.value);
  }
  return out;
}
}  // namespace

TEST_SUITE("model::references") {
  TEST_CASE("identifiers that mix letters and digits") {
    CHECK(refs_in("your ticket number is CS-4410921.") == std::set<std::string>{"CS-4410921"});
    CHECK(refs_in("tracking EA325265497CN") == std::set<std::string>{"EA325265497CN"});
    CHECK(refs_in("confirmation GW-CX-508834, booking QX7T2M") == std::set<std::string>{"GW-CX-508834", "QX7T2M"});
    CHECK(refs_in("คำสั่งซื้อ 251212KX7Q3M9P") == std::set<std::string>{"251212KX7Q3M9P"});
  }

  TEST_CASE("all-digit numbers only when a keyword names them") {
    CHECK(refs_in("Reclamo N° 4471-2290") == std::set<std::string>{"4471-2290"});
    CHECK(refs_in("order number 08817324") == std::set<std::string>{"08817324"});
    CHECK(refs_in("call me at 6145550187").empty());
  }

  TEST_CASE("money, card, account and phone numbers are not references") {
    CHECK(refs_in("a refund of $1,299.00 and 32.999,00 pesos").empty());
    CHECK(refs_in("the Visa ending in 4821").empty());
    CHECK(refs_in("account number 1234567890").empty());
    CHECK(refs_in("my phone: 555123456").empty());
    CHECK(refs_in("Fiber 300 at $85/month").empty());
    CHECK(refs_in("use discount code SORRY2026 next time").empty());
    CHECK(refs_in("โค้ด: SORRYNAMI100").empty());
    CHECK(refs_in("Confirmation code: QX7T2M") == std::set<std::string>{"QX7T2M"});
  }
}
