// The promise extractor on sentences written for these tests (not the corpus samples): each
// modality check, kinds, money and deadlines, retractions, in English, Spanish and Thai.
#include <doctest/doctest.h>

#include <fstream>

#include "inwriting/extract/promises.hpp"
#include "inwriting/extract/rules.hpp"

using namespace inwriting;
using extract::ConversationInput;
using extract::MessageInput;

namespace {

const extract::PromiseExtractor& extractor() {
  static const auto loaded = extract::PromiseExtractor::load(extract::default_rules_dir());
  REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error()));
  return *loaded.value();
}

MessageInput agent(const std::string& text, timeutil::Date on = {2026, 3, 4}) {
  MessageInput m;
  m.speaker = "Agent";
  m.role = model::Role::agent;
  m.text = text;
  m.local_date = on;
  m.said_at = timeutil::format_date(on) + "T10:00:00";
  return m;
}

MessageInput customer(const std::string& text) {
  MessageInput m = agent(text);
  m.speaker = "Me";
  m.role = model::Role::customer;
  return m;
}

extract::Extraction run(std::vector<MessageInput> messages, const std::string& language = "en") {
  ConversationInput c;
  c.language = language;
  c.messages = std::move(messages);
  return extractor().extract(c);
}

std::vector<extract::Promise> live(const extract::Extraction& e) {
  std::vector<extract::Promise> out;
  for (const auto& p : e.promises) {
    if (!p.retracted_by) out.push_back(p);
  }
  return out;
}

// One sentence from an agent: the single promise it makes, or none.
std::optional<extract::Promise> one(const std::string& text, const std::string& language = "en",
                                    timeutil::Date on = {2026, 3, 4}) {
  auto found = live(run({agent(text, on)}, language));
  REQUIRE(found.size() <= 1);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::string due_of(const extract::Promise& p) { return p.due ? timeutil::format_date(*p.due) : ""; }

}  // namespace

TEST_SUITE("extract.promises") {
  TEST_CASE("English promises: kind, amount, deadline, quote") {
    auto p = one("Good news: I have refunded the $18.40 delivery charge, you should see it in 3-4 business days.");
    REQUIRE(p);
    CHECK(p->kind == "refund");
    CHECK(p->amount == "18.40");
    CHECK(p->currency == "USD");
    CHECK(due_of(*p) == "2026-03-10");  // Wednesday + 4 business days
    CHECK(p->quote.find("I have refunded") != std::string::npos);

    p = one("We'll credit your account with £12 by Friday.");
    REQUIRE(p);
    CHECK(p->kind == "credit");
    CHECK(p->amount == "12.00");
    CHECK(p->currency == "GBP");
    CHECK(due_of(*p) == "2026-03-06");

    p = one("I've waived the reconnection fee of $35.");
    REQUIRE(p);
    CHECK(p->kind == "waiver");
    CHECK(p->amount == "35.00");

    p = one("Our engineer will call you back tomorrow morning.");
    REQUIRE(p);
    CHECK(p->kind == "callback");
    CHECK(due_of(*p) == "2026-03-05");

    p = one("I'm sending a replacement charger today.");
    REQUIRE(p);
    CHECK(p->kind == "replacement");
  }

  TEST_CASE("English non-promises, one per check") {
    CHECK_FALSE(one("Sadly we cannot refund digital purchases."));                  // refusal
    CHECK_FALSE(one("Would a $10 voucher be acceptable?"));                          // question
    CHECK_FALSE(one("I could offer you a 20% discount on the yearly plan."));        // offer
    CHECK_FALSE(one("I'll try to get the late fee waived for you."));                // hedge
    CHECK_FALSE(one("If you send us a photo of the damage, we will replace it."));   // conditional
    CHECK_FALSE(one("Refunds are usually issued within 10 days of approval."));      // policy
    CHECK_FALSE(one("As I mentioned, the refund was sent on Monday."));              // restatement
    auto found = live(run({customer("You will refund me $200 or I'm leaving.")}));
    CHECK(found.empty());                                                             // the customer
  }

  TEST_CASE("a refusal and a promise in one sentence are two clauses") {
    auto p = one("We can't refund the whole order, but I've refunded the $9.99 shipping.");
    REQUIRE(p);
    CHECK(p->kind == "refund");
    CHECK(p->amount == "9.99");
    CHECK(p->quote.find("can't") == std::string::npos);
  }

  TEST_CASE("a later correction retracts the promise it names") {
    auto e = run({agent("I'll add a free month of premium to your plan."),
                  customer("great"),
                  agent("Sorry, correction: the free month of premium isn't available on your plan after all.")});
    REQUIRE(e.promises.size() == 1);
    CHECK(e.promises[0].retracted_by == size_t{2});
    CHECK(e.promises[0].explain.find("retracted") != std::string::npos);
  }

  TEST_CASE("the next sentence finishes a promise with its deadline") {
    auto found = live(run({agent("I've submitted a credit of $15.00 to your account. It will appear within 2 business days.")}));
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == "credit");
    CHECK(due_of(found[0]) == "2026-03-06");
  }

  TEST_CASE("more English shapes") {
    auto found = live(run({agent("Refund approved! You'll get $19.99 back in 5 days.")}));
    REQUIRE(found.size() == 1);
    CHECK(found[0].amount == "19.99");
    CHECK(due_of(found[0]) == "2026-03-09");
    auto p = one("We have arranged a courier to collect the item on Tuesday.");
    REQUIRE(p);
    CHECK(due_of(*p) == "2026-03-10");
    CHECK(one("Let me go ahead and waive that fee for you."));
    auto touch = one("We will be in touch within 48 hours.");
    REQUIRE(touch);
    CHECK(touch->kind == "callback");
    CHECK(due_of(*touch) == "2026-03-06");
    auto visit = one("I've booked an engineer visit for 12 March between 8am and 1pm.");
    REQUIRE(visit);
    CHECK(visit->kind == "repair");
    CHECK(due_of(*visit) == "2026-03-12");
    auto voucher = one("As a goodwill gesture, we've added a £10 voucher to your account, valid until 31 December 2026.");
    REQUIRE(voucher);
    CHECK_FALSE(voucher->due);  // how long it is valid, not when it is due
    CHECK_FALSE(one("Shall I go ahead and cancel the order for you?"));
    CHECK_FALSE(one("I'm unable to offer a refund, but I can give you store credit."));
    CHECK_FALSE(one("Could you send me a photo of the receipt so I can process a refund?"));
    CHECK_FALSE(one("I understand you'd like a refund for the whole year."));
    // The next chat line is the speaker's own news, not the credit's deadline.
    found = live(run({agent("I have credited $15 to your account."), agent("Our store reopens on Tuesday.")}));
    REQUIRE(found.size() == 1);
    CHECK_FALSE(found[0].due);
  }

  TEST_CASE("the speaker's next message gives the deadline") {
    auto found = live(run({agent("I've gone ahead and refunded the full $84.20 to your Mastercard."),
                           agent("You'll see it on your statement in 3 to 5 business days.")}));
    REQUIRE(found.size() == 1);
    CHECK(due_of(found[0]) == "2026-03-11");
  }

  TEST_CASE("Spanish promises and non-promises") {
    auto callback = one("Un técnico te llamará mañana para revisar el router.", "es");
    REQUIRE(callback);
    CHECK(callback->kind == "callback");
    CHECK(due_of(*callback) == "2026-03-05");
    CHECK(one("Te regalo un mes gratis de fibra por las molestias.", "es"));

    auto p = one("Le devolveremos 45,50 € en un plazo de 7 días hábiles.", "es");
    REQUIRE(p);
    CHECK(p->kind == "refund");
    CHECK(p->amount == "45.50");
    CHECK(p->currency == "EUR");
    CHECK(due_of(*p) == "2026-03-13");

    p = one("Ya te apliqué un descuento de 15 € en la factura de abril.", "es");
    REQUIRE(p);
    CHECK(p->kind == "discount");

    p = one("Mañana te llamamos para confirmar la instalación.", "es");
    REQUIRE(p);
    CHECK(p->kind == "callback");
    CHECK(due_of(*p) == "2026-03-05");

    auto sofa = one("Le enviaremos un sofá nuevo sin cargo antes del viernes.", "es");
    REQUIRE(sofa);
    CHECK(sofa->kind == "replacement");
    CHECK(due_of(*sofa) == "2026-03-06");
    auto note = one("Ya se generó la nota de crédito por USD 45,00 a su favor.", "es");
    REQUIRE(note);
    CHECK(note->kind == "credit");
    CHECK(note->amount == "45.00");
    CHECK(note->currency == "USD");
    auto call = one("Mañana lo contactará un técnico para coordinar la visita.", "es");
    REQUIRE(call);
    CHECK(call->kind == "callback");
    CHECK_FALSE(one("No podemos reembolsar el cargo de envío.", "es"));
    CHECK_FALSE(one("¿Le parece bien un bono de 20 € para su próxima compra?", "es"));
    CHECK_FALSE(one("Si nos envía la factura, podríamos reembolsarle el importe.", "es"));
    CHECK_FALSE(one("Los reembolsos se hacen siempre a la tarjeta de la compra.", "es"));
  }

  TEST_CASE("Thai promises and non-promises") {
    auto p = one("ทางร้านจะคืนเงิน ๕๙๐ บาท ให้ภายใน 5 วันทำการค่ะ", "th");
    REQUIRE(p);
    CHECK(p->kind == "refund");
    CHECK(p->amount == "590.00");
    CHECK(p->currency == "THB");
    CHECK(due_of(*p) == "2026-03-11");

    p = one("ทางเราได้ยกเว้นค่าปรับ 300 บาท ให้เรียบร้อยแล้วค่ะ", "th");
    REQUIRE(p);
    CHECK(p->kind == "waiver");

    CHECK_FALSE(one("ทางร้านไม่สามารถคืนเงินค่าจัดส่งได้ค่ะ", "th"));             // refusal
    CHECK_FALSE(one("ถ้าลูกค้าส่งรูปสินค้ามา ทางร้านจะคืนเงินให้ค่ะ", "th"));       // conditional
    CHECK_FALSE(one("ต้องการให้ทางร้านคืนเงินไหมคะ", "th"));                    // question
  }

  TEST_CASE("a bare $ takes the conversation's currency") {
    ConversationInput c;
    c.language = "es";
    c.messages = {agent("El equipo cuesta $2,499.00 MXN."), agent("Te vamos a bonificar $300 en tu próxima compra.")};
    auto found = live(extractor().extract(c));
    REQUIRE(found.size() == 1);
    CHECK(found[0].amount == "300.00");
    CHECK(found[0].currency == "MXN");
  }

  TEST_CASE("a signature and inline quotes are not the author's words") {
    MessageInput m = agent("Thanks for writing.\n> you will refund me $50\n\nBest,\nAna\nWe will refund any order, terms apply.");
    m.signature_at = m.text.find("Best,");
    CHECK(live(run({m})).empty());
  }

  TEST_CASE("a bad rule names its file and line") {
    const auto dir = std::filesystem::temp_directory_path() / "inwriting-bad-rules";
    std::filesystem::remove_all(dir);
    std::filesystem::copy(extract::default_rules_dir(), dir);
    {
      std::ofstream out(dir / "en.rules", std::ios::app);
      out << "\n[hedge]\n(unclosed\n";
    }
    auto loaded = extract::PromiseExtractor::load(dir);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error().find("en.rules:") != std::string::npos);
    std::filesystem::remove_all(dir);
  }
}
