#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "inwriting/extract/due.hpp"
#include "inwriting/extract/rules.hpp"
#include "test_helpers.hpp"

using inwriting::extract::Due;
using inwriting::extract::DueReader;
using inwriting::timeutil::Date;

namespace {

const DueReader& reader() {
  static const DueReader loaded = [] {
    auto result = DueReader::load(inwriting::extract::default_rules_dir());
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? std::string() : result.error()));
    return *result;
  }();
  return loaded;
}

constexpr Date k_wednesday{2026, 3, 4};  // messages below are written on Wednesday 4 March 2026

std::string show(const std::optional<Date>& d) {
  return d ? std::to_string(d->year) + "-" + std::to_string(d->month) + "-" + std::to_string(d->day) : "none";
}

// The deadline in `sentence` has `text` and resolves to `expected`.
void check_due(const std::string& sentence, const std::string& text, std::optional<Date> expected,
               Date said_on = k_wednesday) {
  CAPTURE(sentence);
  const auto due = reader().find(sentence, said_on);
  REQUIRE(due.has_value());
  CHECK(due->text == text);
  CHECK(sentence.substr(due->begin, due->end - due->begin) == due->text);
  CHECK_MESSAGE(due->date == expected, "got " << show(due->date) << ", expected " << show(expected));
}

void check_none(const std::string& sentence, Date said_on = k_wednesday) {
  CAPTURE(sentence);
  const auto due = reader().find(sentence, said_on);
  CHECK_MESSAGE(!due.has_value(), "found '" << (due ? due->text : "") << "'");
}

}  // namespace

TEST_SUITE("extract.due") {
  TEST_CASE("English business days skip the weekend; a range counts to its later bound") {
    check_due("Your refund will arrive within 5-7 business days.", "within 5-7 business days", Date{2026, 3, 13});
    check_due("Please allow 5-10 business days for the credit to post.", "Please allow 5-10 business days",
              Date{2026, 3, 18});
    check_due("We will reply within 2 business days.", "within 2 business days", Date{2026, 3, 6});
    check_due("It will be back in 10 business days.", "in 10 business days", Date{2026, 3, 18});
    check_due("within two working days", "within two working days", Date{2026, 3, 6});
    check_due("It takes 3 to 5 business days", "It takes 3 to 5 business days", Date{2026, 3, 11});
    // Said on a Friday: four business days is the Thursday after.
    check_due("within 4 business days", "within 4 business days", Date{2026, 3, 12}, Date{2026, 3, 6});
    // Said on a Saturday: the first business day is Monday.
    check_due("within 1 business day", "within 1 business day", Date{2026, 3, 9}, Date{2026, 3, 7});
  }

  TEST_CASE("English calendar days, hours, weeks, months") {
    check_due("You'll hear back within 3 days.", "within 3 days", Date{2026, 3, 7});
    check_due("We'll call you within 24 hours.", "within 24 hours", Date{2026, 3, 5});
    check_due("Expect an answer in 48 hours", "in 48 hours", Date{2026, 3, 6});
    check_due("48 hours", "48 hours", Date{2026, 3, 6});
    check_due("within 36 hours", "within 36 hours", Date{2026, 3, 6});
    check_due("in two weeks", "in two weeks", Date{2026, 3, 18});
    check_due("within a week", "within a week", Date{2026, 3, 11});
    check_due("within 2 months", "within 2 months", Date{2026, 5, 4});
  }

  TEST_CASE("English weekdays: the next one after the message") {
    check_due("I'll have it fixed by Friday.", "by Friday", Date{2026, 3, 6});
    check_due("The technician comes on Thursday", "on Thursday", Date{2026, 3, 5});
    check_due("by Monday", "by Monday", Date{2026, 3, 9});
    check_due("on Wednesday", "on Wednesday", Date{2026, 3, 11});  // said on a Wednesday: next week's
    check_due("by Sunday", "by Sunday", Date{2026, 3, 8});
  }

  TEST_CASE("English relative days and ends of periods") {
    check_due("It ships tomorrow.", "tomorrow", Date{2026, 3, 5});
    check_due("We'll process it today", "today", Date{2026, 3, 4});
    check_due("You'll have it by end of day.", "by end of day", Date{2026, 3, 4});
    check_due("by the end of the day", "by the end of the day", Date{2026, 3, 4});
    check_due("the day after tomorrow", "the day after tomorrow", Date{2026, 3, 6});
    check_due("The credit posts by end of month.", "by end of month", Date{2026, 3, 31});
    check_due("before the end of the month", "before the end of the month", Date{2026, 3, 31});
    check_due("end of the month", "end of the month", Date{2026, 2, 28}, Date{2026, 2, 10});
    check_due("by the end of the week", "by the end of the week", Date{2026, 3, 6});
  }

  TEST_CASE("English calendar dates") {
    check_due("It will be replaced by March 11.", "by March 11", Date{2026, 3, 11});
    check_due("Your plan ends on February 28, 2026.", "on February 28, 2026", Date{2026, 2, 28});
    check_due("The new price is effective January 31, 2026.", "effective January 31, 2026", Date{2026, 1, 31});
    check_due("Installation: Thursday, March 12 between 8 and 12.", "Thursday, March 12", Date{2026, 3, 12});
    check_due("by Jan. 5", "by Jan. 5", Date{2027, 1, 5});  // January is already past: next year's
    check_due("on the 20th of April", "on the 20th of April", Date{2026, 4, 20});
    check_due("by 3/15", "by 3/15", Date{2026, 3, 15});
    check_due("by the 15th", "by the 15th", Date{2026, 3, 15});
    check_due("by the 2nd", "by the 2nd", Date{2026, 4, 2});  // already past this month
    check_due("on December 1st", "on December 1st", Date{2026, 12, 1});
  }

  TEST_CASE("English deadlines with no date keep their words") {
    check_due("The credit will show on your next billing cycle.", "on your next billing cycle", std::nullopt);
    check_due("You'll see it on your next bill.", "on your next bill", std::nullopt);
    check_due("A technician will visit next week.", "next week", std::nullopt);
    // A dated deadline wins over an undated one anywhere in the sentence.
    check_due("It will show on your next bill, within 3 days.", "within 3 days", Date{2026, 3, 7});
  }

  TEST_CASE("Spanish counts") {
    check_due("El reembolso se verá reflejado en un plazo de 10 días hábiles.", "en un plazo de 10 días hábiles",
              Date{2026, 3, 18});
    check_due("Lo tendrás dentro de 5 días hábiles", "dentro de 5 días hábiles", Date{2026, 3, 11});
    check_due("dentro de 5 dias habiles", "dentro de 5 dias habiles", Date{2026, 3, 11});
    check_due("Te llega dentro de 10 días.", "dentro de 10 días", Date{2026, 3, 14});
    check_due("Te contactamos en 72 horas.", "en 72 horas", Date{2026, 3, 7});
    check_due("72 horas", "72 horas", Date{2026, 3, 7});
    check_due("de 3 a 5 días hábiles", "de 3 a 5 días hábiles", Date{2026, 3, 11});
    check_due("en dos semanas", "en dos semanas", Date{2026, 3, 18});
  }

  TEST_CASE("Spanish days") {
    check_due("Te lo enviamos mañana.", "mañana", Date{2026, 3, 5});
    check_due("Se procesa hoy mismo", "hoy mismo", Date{2026, 3, 4});
    check_due("hoy", "hoy", Date{2026, 3, 4});
    check_due("pasado mañana", "pasado mañana", Date{2026, 3, 6});
    check_due("Te llamamos el viernes 06/03.", "el viernes 06/03", Date{2026, 3, 6});
    check_due("La visita es el lunes 27 de octubre.", "el lunes 27 de octubre", Date{2026, 10, 27});
    check_due("Te llega mañana, martes 16 de junio.", "mañana, martes 16 de junio", Date{2026, 6, 16},
              Date{2026, 6, 15});
    check_due("El técnico irá el jueves 14 de mayo", "el jueves 14 de mayo", Date{2026, 5, 14});
    check_due("Debe pagar antes del 30/09/2026.", "antes del 30/09/2026", Date{2026, 9, 30});
    check_due("el 3 de enero", "el 3 de enero", Date{2027, 1, 3});
    check_due("el 3 de enero de 2026", "el 3 de enero de 2026", Date{2026, 1, 3});
    check_due("Se acredita a fin de mes.", "a fin de mes", Date{2026, 3, 31});
    check_due("para el viernes", "para el viernes", Date{2026, 3, 6});
    check_due("el miércoles", "el miércoles", Date{2026, 3, 11});
    check_due("el miercoles", "el miercoles", Date{2026, 3, 11});
  }

  TEST_CASE("Spanish deadlines with no date") {
    check_due("Lo verás en tu próxima factura.", "en tu próxima factura", std::nullopt);
    check_due("se aplica en el próximo ciclo de facturación", "en el próximo ciclo de facturación", std::nullopt);
    check_due("la próxima semana", "la próxima semana", std::nullopt);
  }

  TEST_CASE("Thai counts") {
    check_due("จะคืนเงินภายใน 7 วันทำการค่ะ", "ภายใน 7 วันทำการ", Date{2026, 3, 13});
    check_due("ภายใน 3 วันทำการ", "ภายใน 3 วันทำการ", Date{2026, 3, 9});
    check_due("ภายใน ๓ วันทำการ", "ภายใน ๓ วันทำการ", Date{2026, 3, 9});
    check_due("ภายใน 3 วัน", "ภายใน 3 วัน", Date{2026, 3, 7});
    check_due("จะติดต่อกลับภายใน 24 ชั่วโมงครับ", "ภายใน 24 ชั่วโมง", Date{2026, 3, 5});
    check_due("ภายในสามวัน", "ภายในสามวัน", Date{2026, 3, 7});
  }

  TEST_CASE("Thai days and dates") {
    check_due("จะส่งให้ภายในวันพรุ่งนี้ค่ะ", "ภายในวันพรุ่งนี้", Date{2026, 3, 5});
    check_due("พรุ่งนี้ช่างจะเข้าไป", "พรุ่งนี้", Date{2026, 3, 5});
    check_due("วันนี้จะดำเนินการให้", "วันนี้", Date{2026, 3, 4});
    check_due("จะแก้ไขให้ภายในวันศุกร์นี้", "ภายในวันศุกร์นี้", Date{2026, 3, 6});
    check_due("ช่างจะเข้าวันจันทร์", "วันจันทร์", Date{2026, 3, 9});
    check_due("ช่างจะเข้าไปวันพฤหัสที่ 22 ม.ค. ค่ะ", "วันพฤหัสที่ 22 ม.ค.", Date{2026, 1, 22}, Date{2026, 1, 20});
    check_due("ชำระภายในวันที่ ๒๘ กุมภาพันธ์ ๒๕๖๙", "ภายในวันที่ ๒๘ กุมภาพันธ์ ๒๕๖๙", Date{2026, 2, 28});
    check_due("วันที่ 5 เม.ย. 69", "วันที่ 5 เม.ย. 69", Date{2026, 4, 5});
    check_due("ภายในสิ้นเดือนนี้", "ภายในสิ้นเดือนนี้", Date{2026, 3, 31});
  }

  TEST_CASE("Thai deadlines with no date") {
    check_due("ส่วนลดจะแสดงในบิลรอบถัดไปค่ะ", "ในบิลรอบถัดไป", std::nullopt);
    check_due("สัปดาห์หน้า", "สัปดาห์หน้า", std::nullopt);
  }

  TEST_CASE("which deadline a sentence states") {
    // A date already past tells what happened; the one to come is the promise.
    check_due("It was sent March 2, we will call again by March 9.", "by March 9", Date{2026, 3, 9});
    // ...but alone it is still read.
    check_due("Your plan ended on March 2, 2026.", "on March 2, 2026", Date{2026, 3, 2});
    // Points in time side by side are one deadline, the most specific one giving the date.
    check_due("I will be out tomorrow, Thursday, March 5.", "tomorrow, Thursday, March 5", Date{2026, 3, 5});
    check_due("No later than Friday, March 13, 2026", "No later than Friday, March 13, 2026", Date{2026, 3, 13});
    // Two alternatives are not merged: the first wins.
    check_due("Te lo mandamos hoy, o a más tardar mañana.", "hoy", Date{2026, 3, 4});
    // A part of a longer date is not read alone.
    check_due("ชำระก่อนวันที่ 15 มี.ค. 2569", "ก่อนวันที่ 15 มี.ค. 2569", Date{2026, 3, 15});
    check_due("ภายในวันที่ 30 นี้", "ภายในวันที่ 30", Date{2026, 3, 30});
    check_due("el viernes 6", "el viernes 6", Date{2026, 3, 6});
    check_due("a más tardar el lunes", "a más tardar el lunes", Date{2026, 3, 9});
    check_due("Pagarás 20 USD a partir del 5 de abril.", "a partir del 5 de abril", Date{2026, 4, 5});
    check_due("Su pedido llegará entre el 10 y el 12 de marzo.", "el 12 de marzo", Date{2026, 3, 12});
    check_due("เราจะโอนเงินคืน 1,500 บาท ภายใน 7-14 วันทำการ", "ภายใน 7-14 วันทำการ", Date{2026, 3, 24});
    check_due("By Monday, March 9th at the latest.", "By Monday, March 9th", Date{2026, 3, 9});
    check_due("a finales de esta semana", "a finales de esta semana", Date{2026, 3, 6});
    check_due("จะโทรกลับภายในสัปดาห์นี้", "ภายในสัปดาห์นี้", Date{2026, 3, 6});
  }

  TEST_CASE("sentences without a deadline") {
    // Month-first or day-first? A bare numeric date names no deadline in any language.
    check_none("Your new rate starts 04/01/2026.");
    check_none("Thanks for your patience.");
    check_none("It has been 3 days since I called.");
    check_none("May I have your order number?");
    check_none("Esta mañana revisé tu cuenta.");
    check_none("Gracias por la espera.");
    check_none("ขอบคุณที่รอค่ะ");
    check_none("Your order ORD-88213 costs $50.");
    check_none("I called on 1234 5678");
  }

  TEST_CASE("offsets are bytes into the UTF-8 sentence") {
    const std::string sentence = "Sí, señor: lo recibirá dentro de 5 días hábiles.";
    const auto due = reader().find(sentence, k_wednesday);
    REQUIRE(due);
    CHECK(due->begin == sentence.find("dentro"));
    CHECK(due->end == sentence.find("."));
  }

  TEST_CASE("a bad rule file names the file and line") {
    test::TempDir dir;
    const auto rules = inwriting::extract::default_rules_dir();
    for (const char* name : {"es.dates", "th.dates"})
      std::filesystem::copy_file(rules / name, std::filesystem::path(dir.path()) / name);
    auto write_en = [&](const std::string& content) {
      std::ofstream out(dir / "en.dates");
      out << content;
    };

    write_en("# test\n[due.days]\nwithin (\\d+ days\n");
    auto result = DueReader::load(dir.path());
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().find("en.dates:3: bad pattern") != std::string::npos);

    write_en("[due.days]\nwithin {count} {fortnights}\n");
    result = DueReader::load(dir.path());
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().find("en.dates:2: unknown {fortnights}") != std::string::npos);

    write_en("[months]\n1: January\n[due.soon]\nsoon\n");
    result = DueReader::load(dir.path());
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().find("en.dates:4: unknown section [due.soon]") != std::string::npos);

    write_en("[months]\njanuary\n");
    result = DueReader::load(dir.path());
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().find("en.dates:2:") != std::string::npos);

    std::filesystem::remove(std::filesystem::path(dir.path()) / "th.dates");
    write_en("[months]\n1: January\n");
    CHECK_FALSE(DueReader::load(dir.path()).ok());
  }
}
