// BagIt bags are written whole and verified as RFC 8493 says; any change to a byte is found.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "inwriting/export/bagit.hpp"
#include "inwriting/util/file.hpp"
#include "inwriting/util/hash.hpp"
#include "test_helpers.hpp"

using namespace inwriting;
namespace fs = std::filesystem;

namespace {

std::vector<exporter::PayloadFile> sample_payload() {
  return {{"exhibits/EX001.eml", "From: a@example.com\r\nSubject: refund\r\n\r\nWe will refund $25.\r\n"},
          {"exhibits/EX002 chat 100%.txt", "(10:31 AM) Sam: I've applied a $30 credit\n"},
          {"promises.json", "[]\n"}};
}

std::string read(const std::string& path) { return file::read_all(path).value(); }

}  // namespace

TEST_SUITE("export.bagit") {
  TEST_CASE("a bag holds the payload, both manifests, tag manifests and Payload-Oxum") {
    test::TempDir dir;
    const std::string bag = dir / "2026-11-22_acme";
    REQUIRE(exporter::write_bag(bag, sample_payload(), {{"Bagging-Date", "2026-11-22"}, {"Source-Organization", "inwriting"}}).ok());
    CHECK(read(bag + "/bagit.txt") == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    const std::string info = read(bag + "/bag-info.txt");
    CHECK(info.find("Bagging-Date: 2026-11-22\n") != std::string::npos);
    const auto payload = sample_payload();
    size_t octets = 0;
    for (const auto& f : payload) octets += f.bytes.size();
    CHECK(info.find("Payload-Oxum: " + std::to_string(octets) + ".3\n") != std::string::npos);
    const std::string manifest = read(bag + "/manifest-sha256.txt");
    CHECK(manifest.find(hash::sha256_hex(payload[0].bytes) + "  data/exhibits/EX001.eml\n") != std::string::npos);
    CHECK(manifest.find("data/exhibits/EX002 chat 100%25.txt") != std::string::npos);  // % is encoded
    CHECK(read(bag + "/manifest-sha512.txt").find(hash::sha512_hex(payload[2].bytes)) != std::string::npos);
    const std::string tags = read(bag + "/tagmanifest-sha256.txt");
    CHECK(tags.find(hash::sha256_hex(read(bag + "/manifest-sha256.txt")) + "  manifest-sha256.txt") != std::string::npos);
    CHECK(read(bag + "/data/exhibits/EX001.eml") == payload[0].bytes);
    CHECK_FALSE(fs::exists(bag + ".partial"));

    auto check = exporter::verify_bag(bag);
    REQUIRE(check.ok());
    CHECK_MESSAGE(check->valid, (check->problems.empty() ? "" : check->problems.front()));
    CHECK(check->payload_files == 3);
  }

  TEST_CASE("verify finds a changed, a missing and an added file") {
    test::TempDir dir;
    const std::string bag = dir / "bag";
    REQUIRE(exporter::write_bag(bag, sample_payload(), {}).ok());
    {
      std::ofstream out(bag + "/data/exhibits/EX001.eml", std::ios::binary | std::ios::app);
      out << " ";
    }
    auto check = exporter::verify_bag(bag);
    REQUIRE(check.ok());
    CHECK_FALSE(check->valid);
    bool changed = false;
    for (const auto& p : check->problems) changed |= p.find("data/exhibits/EX001.eml: sha256 differs") == 0;
    CHECK(changed);

    test::TempDir dir2;
    const std::string bag2 = dir2 / "bag";
    REQUIRE(exporter::write_bag(bag2, sample_payload(), {}).ok());
    fs::remove(bag2 + "/data/promises.json");
    { std::ofstream(bag2 + "/data/extra.txt") << "x"; }
    check = exporter::verify_bag(bag2);
    REQUIRE(check.ok());
    CHECK_FALSE(check->valid);
    std::string all;
    for (const auto& p : check->problems) all += p + "\n";
    CHECK(all.find("data/promises.json: listed in manifest-sha256.txt but missing") != std::string::npos);
    CHECK(all.find("data/extra.txt: in the bag but not in manifest-sha256.txt") != std::string::npos);
    CHECK(all.find("Payload-Oxum") != std::string::npos);
  }

  TEST_CASE("unsafe payload paths and an existing directory are refused, nothing written") {
    test::TempDir dir;
    for (const std::string bad : {"../escape.txt", "/etc/passwd", "a//b", "a/./b", ""}) {
      CAPTURE(bad);
      const std::string bag = dir / "bag";
      auto written = exporter::write_bag(bag, {{bad, "x"}}, {});
      CHECK_FALSE(written.ok());
      CHECK_FALSE(fs::exists(bag));
      CHECK_FALSE(fs::exists(bag + ".partial"));
    }
    CHECK_FALSE(fs::exists(dir / "escape.txt"));
    fs::create_directory(dir / "taken");
    auto again = exporter::write_bag(dir / "taken", sample_payload(), {});
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().find("already exists") != std::string::npos);
  }

  TEST_CASE("a bag written by hand in the RFC's own layout verifies; a tampered tag file does not") {
    test::TempDir dir;
    const std::string bag = dir / "bag";
    REQUIRE(exporter::write_bag(bag, sample_payload(), {{"External-Identifier", "acme-double-charge"}}).ok());
    { std::ofstream(bag + "/bag-info.txt", std::ios::app) << "Extra: added later\n"; }
    auto check = exporter::verify_bag(bag);
    REQUIRE(check.ok());
    CHECK_FALSE(check->valid);
    CHECK_FALSE(exporter::verify_bag(dir / "nope").ok());
  }
}
