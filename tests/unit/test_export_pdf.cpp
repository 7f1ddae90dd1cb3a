// The upload PDF, read back with poppler's own tools: what a bank's portal and its reader would see.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "inwriting/export/pdf.hpp"
#include "inwriting/util/file.hpp"
#include "test_helpers.hpp"

using namespace inwriting;

namespace {

using test::Ran;

Ran run(const std::string& command) { return test::run_command(command); }

std::string write_pdf(const test::TempDir& dir, const std::string& name, const std::string& bytes) {
  const std::string path = dir / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// pdftotext puts spaces between Thai words and breaks lines where the PDF wraps: compare without them.
std::string without_spaces(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != ' ' && c != '\n' && c != '\t' && c != '\f') out += c;
  }
  return out;
}

bool text_has(const std::string& pdf_text, const std::string& quote) {
  return without_spaces(pdf_text).find(without_spaces(quote)) != std::string::npos;
}

int pdfinfo_pages(const std::string& path) {
  const Ran info = run("pdfinfo '" + path + "'");
  const size_t at = info.out.find("Pages:");
  return at == std::string::npos ? -1 : std::stoi(info.out.substr(at + 6));
}

std::string pdftotext(const std::string& path, int first = 0, int last = 0) {
  std::string range;
  if (first > 0) range = " -f " + std::to_string(first) + " -l " + std::to_string(last);
  return run("pdftotext -enc UTF-8" + range + " '" + path + "' -").out;
}

struct Labelled {
  std::string text;
  std::vector<std::string> quotes;
};

Labelled labelled(const std::string& name) {
  Labelled sample;
  sample.text = test::read_data("corpus/dev/" + name);
  const auto label = nlohmann::json::parse(test::read_data("corpus/dev/" + name + ".expected.json"));
  for (const auto& promise : label["promises"]) sample.quotes.push_back(promise["quote_contains"].get<std::string>());
  return sample;
}

exporter::UploadDocument thai_and_spanish_case() {
  exporter::UploadDocument doc;
  doc.title = "Dispute evidence: nami-beauty-serum";
  doc.facts = {{"Merchant", "Nami Beauty Official"}, {"Amount", "THB 350.00"}, {"Case", "nami-beauty-serum"}};
  doc.created = "2026-11-22T10:00:00Z";
  const Labelled thai = labelled("th-line-nami-beauty-late-delivery.txt");
  const Labelled spanish = labelled("es-whatsapp-android-mx-lavadora.txt");
  doc.exhibits.push_back({"EX001", "LINE chat with Nami Beauty Official, 2026-03-03", std::string(64, 'a'), thai.text, true,
                          "exhibits/EX001.txt"});
  doc.exhibits.push_back({"EX002", "WhatsApp con Almacenes Del Valle, 2026-05-12", std::string(64, 'b'), spanish.text,
                          true, "exhibits/EX002.txt"});
  for (const auto& quote : thai.quotes) doc.promises.push_back({quote, "2026-03-04 09:40", "Nami Beauty Official", "refund", "THB 350.00", "2026-03-13", "open", "EX001"});
  for (const auto& quote : spanish.quotes) doc.promises.push_back({quote, "2026-05-12 11:45", "Almacenes Del Valle Servicio", "replacement", "", "2026-05-26", "open", "EX002"});
  return doc;
}

// A conversation of `lines` messages, one of them (at `promise_line`, if any) the promise.
std::string conversation(int lines, int promise_line, const std::string& promise) {
  std::string out;
  for (int i = 0; i < lines; ++i) {
    out += "2026-03-04 10:" + std::to_string(10 + i % 50) + " ";
    if (i == promise_line) out += "Maria (agent): " + promise + "\n";
    else if (i % 2 == 0) out += "Dana (customer): I am still waiting for the money back on order " + std::to_string(1000 + i) + ", it has been weeks.\n";
    else out += "Maria (agent): I understand, let me look at the order history and the payment records once more.\n";
  }
  return out;
}

}  // namespace

TEST_SUITE("export.pdf") {
  TEST_CASE("Thai and Spanish promises come back out of the PDF, with Thai and emoji fonts embedded") {
    test::TempDir dir;
    const auto doc = thai_and_spanish_case();
    auto rendered = exporter::render_upload_pdf(doc);
    REQUIRE_MESSAGE(rendered.ok(), (rendered.ok() ? "" : rendered.error()));
    const auto& [bytes, outcome] = *rendered;
    const std::string path = write_pdf(dir, "CASE.pdf", bytes);
    CHECK(outcome.bytes == bytes.size());
    CHECK(outcome.shortened.empty());
    CHECK(pdfinfo_pages(path) == outcome.pages);
    CHECK(outcome.pages >= 3);  // the cover, then each exhibit from a page of its own

    const std::string all = pdftotext(path);
    REQUIRE(doc.promises.size() == 5);
    for (const auto& promise : doc.promises) CHECK_MESSAGE(text_has(all, promise.quote), promise.quote);
    // The quotes are on the cover as well as in the exhibits.
    const std::string cover = pdftotext(path, 1, 1);
    CHECK(text_has(cover, "ทางร้านจะคืนเงิน 350 บาท ให้คุณลูกค้าภายใน 7 วันทำการค่ะ"));
    CHECK(text_has(cover, "bonificarte $500.00 en tu monedero electrónico"));
    CHECK(text_has(cover, "Nami Beauty Official"));
    CHECK(text_has(cover, "EX001, page 2"));  // the page the quote is on
    CHECK(all.find("page 1 of " + std::to_string(outcome.pages)) != std::string::npos);
    CHECK(all.find("EX002 · WhatsApp con Almacenes Del Valle") != std::string::npos);

    const std::string fonts = run("pdffonts '" + path + "'").out;
    CHECK(fonts.find("Loma") != std::string::npos);
    CHECK(fonts.find("DejaVuSans") != std::string::npos);
    CHECK(fonts.find("Symbola") != std::string::npos);  // the sample's 💕 and 🙏, drawn rather than boxes
    CHECK(all.find("🙏") != std::string::npos);
    CHECK(fonts.find(" no ") == std::string::npos);  // every font embedded (the "emb" column)
  }

  TEST_CASE("the same document gives the same bytes; the creation time is the PDF's date") {
    test::TempDir dir;
    auto doc = thai_and_spanish_case();
    auto first = exporter::render_upload_pdf(doc);
    auto second = exporter::render_upload_pdf(doc);
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(first->first == second->first);

    const std::string info = run("pdfinfo -isodates '" + write_pdf(dir, "a.pdf", first->first) + "'").out;
    CHECK(info.find("2026-11-22T10:00:00") != std::string::npos);
    CHECK(info.find("Dispute evidence: nami-beauty-serum") != std::string::npos);

    doc.created = "2026-11-23T08:30:00Z";
    auto later = exporter::render_upload_pdf(doc);
    REQUIRE(later.ok());
    CHECK(later->first != first->first);
  }

  TEST_CASE("Spanish and Thai documents speak their language on the cover and in the footer") {
    test::TempDir dir;
    auto doc = thai_and_spanish_case();
    doc.language = "es";
    auto spanish = exporter::render_upload_pdf(doc);
    REQUIRE(spanish.ok());
    const std::string es_text = pdftotext(write_pdf(dir, "es.pdf", spanish->first));
    CHECK(es_text.find("Promesas hechas") != std::string::npos);
    CHECK(es_text.find("página 1 de") != std::string::npos);
    doc.language = "th";
    auto thai = exporter::render_upload_pdf(doc);
    REQUIRE(thai.ok());
    const std::string th_text = pdftotext(write_pdf(dir, "th.pdf", thai->first));
    CHECK(text_has(th_text, "คำสัญญาที่ได้รับ"));
    CHECK(text_has(th_text, "หน้า 1 จาก"));
  }

  TEST_CASE("a case of 300 conversations fits 19 pages and 2 MB, the ones with promises first") {
    test::TempDir dir;
    exporter::UploadDocument doc;
    doc.title = "Dispute evidence: acme-double-charge";
    doc.facts = {{"Merchant", "Acme"}, {"Amount", "USD 129.99"}};
    doc.created = "2026-11-22T10:00:00Z";
    for (int i = 1; i <= 300; ++i) {
      char label[8];
      std::snprintf(label, sizeof label, "EX%03d", i);
      const bool promise = i % 50 == 0;  // EX050, EX100, ... EX300
      const std::string quote = "I have issued a refund of $" + std::to_string(i) + ".00 to your card";
      // Those with a promise are long (about 9 pages each): all six must still show their promise.
      doc.exhibits.push_back({label, "Chat with Acme", std::string(64, 'c'),
                              promise ? conversation(300, 150, quote) : conversation(40, -1, ""), promise,
                              std::string("exhibits/") + label + ".txt"});
      if (promise) doc.promises.push_back({quote, "2026-03-04 10:30", "Maria", "refund", "USD " + std::to_string(i) + ".00", "", "open", label});
    }
    auto rendered = exporter::render_upload_pdf(doc);
    REQUIRE_MESSAGE(rendered.ok(), (rendered.ok() ? "" : rendered.error()));
    const auto& [bytes, outcome] = *rendered;
    const std::string path = write_pdf(dir, "CASE.pdf", bytes);
    CHECK(pdfinfo_pages(path) == outcome.pages);
    CHECK(outcome.pages <= 19);
    CHECK(bytes.size() <= 2u * 1024 * 1024);
    CHECK(outcome.left_out.size() > 250);
    CHECK(outcome.shortened.size() >= outcome.left_out.size());

    const std::string all = pdftotext(path);
    for (const auto& promise : doc.promises) CHECK_MESSAGE(text_has(all, promise.exhibit + " · Chat with Acme"), promise.exhibit);
    for (const auto& promise : doc.promises) CHECK_MESSAGE(text_has(all, promise.quote), promise.quote);
    CHECK(std::find(outcome.left_out.begin(), outcome.left_out.end(), "EX050") == outcome.left_out.end());
    // The cover says what is missing, by label.
    CHECK(text_has(all, "EX299 are in the bag but not in this PDF."));
  }

  TEST_CASE("a long conversation over the page budget is cut to the lines around its promise") {
    test::TempDir dir;
    exporter::UploadDocument doc;
    doc.title = "Dispute evidence: long-chat";
    doc.created = "2026-11-22T10:00:00Z";
    const std::string quote = "We will refund USD 129.99 within 5 business days";
    doc.exhibits.push_back({"EX001", "Chat with Acme", std::string(64, 'd'), conversation(600, 300, quote), true,
                            "exhibits/EX001.txt"});
    doc.exhibits.push_back({"EX002", "Chat with Acme again", std::string(64, 'e'), conversation(30, -1, ""), false,
                            "exhibits/EX002.txt"});
    doc.promises.push_back({quote, "2026-03-04 10:30", "Maria", "refund", "USD 129.99", "2026-03-11", "open", "EX001"});

    exporter::PdfLimits limits;
    limits.max_pages = 3;
    auto rendered = exporter::render_upload_pdf(doc, limits);
    REQUIRE_MESSAGE(rendered.ok(), (rendered.ok() ? "" : rendered.error()));
    const auto& [bytes, outcome] = *rendered;
    const std::string path = write_pdf(dir, "CASE.pdf", bytes);
    CHECK(outcome.pages <= 3);
    CHECK(pdfinfo_pages(path) == outcome.pages);
    CHECK(outcome.shortened == std::vector<std::string>{"EX001", "EX002"});
    CHECK(outcome.left_out == std::vector<std::string>{"EX002"});
    const std::string all = pdftotext(path);
    CHECK(text_has(all, quote + "\n2026-03-04 10:11 Maria (agent): I understand"));  // and the message after it
    CHECK(text_has(all, "lines not shown; the whole conversation is in the bag as exhibits/EX001.txt"));
    CHECK(text_has(all, "EX001 is shortened to the lines around its promises"));
    CHECK(text_has(all, "EX002 is in the bag but not in this PDF."));
    CHECK(text_has(all, "EX001, page 2"));
    CHECK(all.find("order 1000,") == std::string::npos);  // the first message, far from the promise, is not

    limits.max_pages = 1;  // the cover only: the promise is quoted and said to be in the bag only
    auto cover_only = exporter::render_upload_pdf(doc, limits);
    REQUIRE(cover_only.ok());
    CHECK(cover_only->second.pages == 1);
    CHECK(cover_only->second.left_out == std::vector<std::string>{"EX001", "EX002"});
    const std::string cover = pdftotext(write_pdf(dir, "cover.pdf", cover_only->first));
    CHECK(text_has(cover, quote));
    CHECK(text_has(cover, "EX001 (in the bag, not in this PDF) · 2026-03-04 10:30 · Maria"));
  }

  TEST_CASE("a page never starts with a message's text apart from the line saying who wrote it") {
    test::TempDir dir;
    exporter::UploadDocument doc;
    doc.title = "Dispute evidence: messages";
    doc.created = "2026-11-22T10:00:00Z";
    std::string text;
    for (int i = 0; i < 300; ++i) {
      text += "[2026-03-04 10:31:00 -05:00] Maria (agent):\n    Message " + std::to_string(i) + " about the refund.\n";
      if (i % 3 == 0) text += "\n";  // blank lines between some, so page ends fall at every kind of line
    }
    doc.exhibits.push_back({"EX001", "Chat", std::string(64, '1'), text, false, "exhibits/EX001.txt"});
    auto rendered = exporter::render_upload_pdf(doc);
    REQUIRE(rendered.ok());
    const std::string path = write_pdf(dir, "CASE.pdf", rendered->first);
    REQUIRE(rendered->second.pages >= 5);
    for (int page = 3; page <= rendered->second.pages; ++page) {  // pages that continue the exhibit
      const std::string page_text = pdftotext(path, page, page);
      const size_t header_end = page_text.find('\n');  // the running header: "EX001 · Chat"
      REQUIRE(header_end != std::string::npos);
      const size_t first = page_text.find_first_not_of('\n', header_end);
      REQUIRE(first != std::string::npos);
      CHECK_MESSAGE(page_text.compare(first, 1, "[") == 0, "page " << page << ": " << page_text.substr(first, 40));
    }
  }

  TEST_CASE("a byte budget smaller than the case leaves exhibits out until it fits") {
    exporter::UploadDocument doc;
    doc.title = "Dispute evidence: bytes";
    doc.created = "2026-11-22T10:00:00Z";
    for (int i = 1; i <= 12; ++i) {
      const std::string label = "EX00" + std::to_string(i);
      doc.exhibits.push_back({label, "Chat", std::string(64, 'f'), conversation(60, -1, ""), false, "exhibits/" + label + ".txt"});
    }
    auto whole = exporter::render_upload_pdf(doc);
    REQUIRE(whole.ok());
    exporter::PdfLimits limits;
    limits.max_bytes = whole->first.size() * 2 / 3;
    auto smaller = exporter::render_upload_pdf(doc, limits);
    REQUIRE_MESSAGE(smaller.ok(), (smaller.ok() ? "" : smaller.error()));
    CHECK(smaller->first.size() <= limits.max_bytes);
    CHECK(smaller->second.pages < whole->second.pages);
    CHECK_FALSE(smaller->second.left_out.empty());

    limits.max_bytes = 1000;  // not even the cover fits
    auto none = exporter::render_upload_pdf(doc, limits);
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().find("over the limit of 1000") != std::string::npos);
  }

  TEST_CASE("a case of more promises than 19 pages can quote lists as many as fit and says how many more") {
    test::TempDir dir;
    exporter::UploadDocument doc;
    doc.title = "Dispute evidence: many-promises";
    doc.created = "2026-11-22T10:00:00Z";
    std::string text;
    for (int i = 0; i < 1000; ++i) {
      const std::string quote = "We will credit $" + std::to_string(i) + ".00 to your account";
      text += "2026-03-04 10:31 Maria (agent): " + quote + "\n";
      doc.promises.push_back({quote, "2026-03-04 10:31", "Maria", "credit", "USD " + std::to_string(i) + ".00", "", "open", "EX001"});
    }
    doc.exhibits.push_back({"EX001", "Chat", std::string(64, '2'), text, true, "exhibits/EX001.txt"});
    auto rendered = exporter::render_upload_pdf(doc);
    REQUIRE_MESSAGE(rendered.ok(), (rendered.ok() ? "" : rendered.error()));
    const auto& outcome = rendered->second;
    CHECK(outcome.pages <= 19);
    CHECK(outcome.promises_not_listed > 0);
    CHECK(outcome.promises_not_listed < 1000);
    CHECK(outcome.left_out.empty());  // a page is kept for the exhibit, its first promises on it
    CHECK(outcome.shortened == std::vector<std::string>{"EX001"});
    const std::string all = pdftotext(write_pdf(dir, "CASE.pdf", rendered->first));
    CHECK(text_has(all, std::to_string(outcome.promises_not_listed) + " more promises are in the bag but not quoted here."));
    CHECK(text_has(all, "“We will credit $0.00 to your account”"));
    CHECK(text_has(all, "10:31 Maria (agent): We will credit $0.00 to your account"));
    CHECK(text_has(all, "[… the rest is not shown; the whole conversation is in the bag as exhibits/EX001.txt …]"));
  }

  TEST_CASE("US Letter pages, ill-formed text, and a creation time that is not one") {
    test::TempDir dir;
    exporter::UploadDocument doc;
    doc.title = "Dispute evidence: letter";
    doc.created = "2026-11-22T10:00:00Z";
    doc.paper = exporter::PaperSize::letter;
    doc.exhibits.push_back({"EX001", "Chat", std::string(64, '0'), "Sam: caf\xE9 \x01 ok\r\n", false, "exhibits/EX001.txt"});
    auto rendered = exporter::render_upload_pdf(doc);
    REQUIRE(rendered.ok());
    const std::string path = write_pdf(dir, "letter.pdf", rendered->first);
    CHECK(run("pdfinfo '" + path + "'").out.find("612 x 792 pts (letter)") != std::string::npos);
    CHECK(pdftotext(path).find("Sam: caf\xEF\xBF\xBD") != std::string::npos);

    doc.created = "yesterday";
    auto refused = exporter::render_upload_pdf(doc);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().find("'yesterday' is not an RFC 3339 time") != std::string::npos);
  }
}
