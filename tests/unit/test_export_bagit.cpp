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

void write(const std::string& path, const std::string& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// A bag made by hand, the way other tools (bagit-python, the Library of Congress conformance
// suite) lay them out: one md5 payload manifest, no tag manifest, no bag-info.txt.
std::string hand_made_bag(const test::TempDir& dir, const std::string& manifest_extra = "",
                          const std::string& declaration = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n") {
  const std::string bag = dir / "hand";
  write(bag + "/bagit.txt", declaration);
  write(bag + "/data/hello.txt", "hello\n");
  write(bag + "/data/sub dir/two.txt", "two\n");
  write(bag + "/manifest-md5.txt", hash::digest_hex("md5", "hello\n") + "  data/hello.txt\n" +
                                       hash::digest_hex("md5", "two\n") + " data/sub dir/two.txt\n" + manifest_extra);
  return bag;
}

bool mentions(const exporter::BagCheck& check, const std::string& words) {
  for (const auto& p : check.problems) {
    if (p.find(words) != std::string::npos) return true;
  }
  return false;
}

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

  TEST_CASE("bags of the conformance suite's shapes: valid ones pass, each invalid one names its fault") {
    {
      test::TempDir dir;
      auto check = exporter::verify_bag(hand_made_bag(dir));
      REQUIRE(check.ok());
      CHECK(check->valid);
      CHECK(check->payload_files == 2);
    }
    {
      test::TempDir dir;
      auto check = exporter::verify_bag(hand_made_bag(dir, "", "\xEF\xBB\xBF" "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"));
      CHECK_FALSE(check->valid);
      CHECK(mentions(*check, "bagit.txt:1: starts with a byte-order mark"));
    }
    {
      test::TempDir dir;
      auto check = exporter::verify_bag(hand_made_bag(dir, hash::digest_hex("md5", "other\n") + "  data/hello.txt\n"));
      CHECK_FALSE(check->valid);
      CHECK(mentions(*check, "manifest-md5.txt:3: data/hello.txt is listed twice with different checksums"));
    }
    {
      test::TempDir dir;
      const std::string bag = hand_made_bag(dir);
      write(bag + "/data/unlisted.txt", "x");
      auto check = exporter::verify_bag(bag);
      CHECK_FALSE(check->valid);
      CHECK(mentions(*check, "data/unlisted.txt: in the bag but not in manifest-md5.txt"));
    }
    for (const std::string path : {"../outside.txt", "/etc/passwd", "data/../../outside.txt", "data/./hello.txt", "bagit.txt"}) {
      test::TempDir dir;
      auto check = exporter::verify_bag(hand_made_bag(dir, hash::digest_hex("md5", "x") + "  " + path + "\n"));
      CHECK_FALSE(check->valid);
      CHECK_MESSAGE(mentions(*check, "path '" + path + "' is outside the bag's payload"), path);
    }
    {
      test::TempDir dir;
      const std::string bag = hand_made_bag(dir);
      write(bag + "/manifest-crc32.txt", "00000000  data/hello.txt\n");
      auto check = exporter::verify_bag(bag);
      CHECK_FALSE(check->valid);
      CHECK(mentions(*check, "manifest-crc32.txt: the algorithm 'crc32' is not one inwriting can check"));
    }
    {
      test::TempDir dir;
      const std::string bag = hand_made_bag(dir);
      fs::create_symlink("/etc/hostname", bag + "/data/link.txt");
      auto check = exporter::verify_bag(bag);
      CHECK_FALSE(check->valid);
      CHECK(mentions(*check, "data/link.txt: a symbolic link"));
    }
    for (const std::string bad : {"BagIt-Version : 1.0\nTag-File-Character-Encoding: UTF-8\n",
                                  " BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
                                  "BagIt-Version:\t1.0\nTag-File-Character-Encoding: UTF-8\n",
                                  "BagIt-Version: 1.0 \nTag-File-Character-Encoding: UTF-8\n",
                                  "BagIt-Version: 1.0\nTag-File-Character-Encoding:  UTF-8\n"}) {
      test::TempDir dir;
      auto check = exporter::verify_bag(hand_made_bag(dir, "", bad));
      CHECK_FALSE_MESSAGE(check->valid, bad);
    }
    {
      test::TempDir dir;
      auto check = exporter::verify_bag(hand_made_bag(dir, "", "BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8\r\n"));
      CHECK(check->valid);  // CRLF line ends are allowed
    }
    {
      test::TempDir dir;
      const std::string bag = hand_made_bag(dir);
      write(bag + "/bag-info.txt", "  Source-Organization: x\nBagging-Date: 2026-11-22\n");
      CHECK(mentions(*exporter::verify_bag(bag), "bag-info.txt:1: not 'Label: value'"));
      write(bag + "/bag-info.txt", "Source-Organization: a very long\n  value folded\nBagging-Date: 2026-11-22\n");
      CHECK(exporter::verify_bag(bag)->valid);
    }
    {
      test::TempDir dir;
      const std::string bag = hand_made_bag(dir, "", "BagIt-Version: 1.0\n");
      CHECK(mentions(*exporter::verify_bag(bag), "bagit.txt:2: not exactly 'Tag-File-Character-Encoding"));
    }
  }

  TEST_CASE("extra tag files are listed in the tag manifests; payload_manifest() is what the bag holds") {
    test::TempDir dir;
    const std::string bag = dir / "bag";
    const auto payload = sample_payload();
    REQUIRE(exporter::write_bag(bag, payload, {}, {{"timestamp/manifest-sha512.txt.tsr", "token bytes"}}).ok());
    CHECK(read(bag + "/manifest-sha512.txt") == exporter::payload_manifest(payload, "sha512"));
    CHECK(read(bag + "/manifest-sha256.txt") == exporter::payload_manifest(payload, "sha256"));
    CHECK(read(bag + "/tagmanifest-sha256.txt").find(hash::sha256_hex("token bytes") + "  timestamp/manifest-sha512.txt.tsr\n") !=
          std::string::npos);
    CHECK(exporter::verify_bag(bag)->valid);
    write(bag + "/timestamp/manifest-sha512.txt.tsr", "changed");
    auto check = exporter::verify_bag(bag);
    CHECK_FALSE(check->valid);
    CHECK(mentions(*check, "timestamp/manifest-sha512.txt.tsr: sha256 differs from tagmanifest-sha256.txt"));
    CHECK_FALSE(exporter::write_bag(dir / "other", payload, {}, {{"data/sneaky.txt", "x"}}).ok());
    CHECK_FALSE(exporter::write_bag(dir / "other", payload, {}, {{"../up.txt", "x"}}).ok());
    CHECK_FALSE(fs::exists(dir / "other"));
  }
}
