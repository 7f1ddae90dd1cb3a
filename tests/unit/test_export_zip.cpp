// A bag zipped is one top folder, the same bytes every time, and unzips only inside its target.
#include <doctest/doctest.h>

#include <zip.h>

#include <filesystem>
#include <fstream>

#include "inwriting/export/bagit.hpp"
#include "inwriting/export/zip.hpp"
#include "inwriting/util/file.hpp"
#include "test_helpers.hpp"

using namespace inwriting;
namespace fs = std::filesystem;

namespace {

void make_zip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries) {
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  REQUIRE(z);
  for (const auto& [name, bytes] : entries) {
    zip_source_t* s = zip_source_buffer(z, bytes.data(), bytes.size(), 0);
    REQUIRE(zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8) >= 0);
  }
  REQUIRE(zip_close(z) == 0);
}

}  // namespace

TEST_SUITE("export.zip") {
  TEST_CASE("a bag zips to one top folder, byte-identical twice, and unzips to a valid bag") {
    test::TempDir dir;
    const std::string bag = dir / "2026-11-22_acme";
    REQUIRE(exporter::write_bag(bag, {{"exhibits/EX001.eml", "From: a@b\r\n\r\nhi\r\n"}, {"promises.json", "[]\n"}},
                                {{"Bagging-Date", "2026-11-22"}})
                .ok());
    REQUIRE(exporter::write_zip(bag, dir / "one.zip", 1790000000).ok());
    REQUIRE(exporter::write_zip(bag, dir / "two.zip", 1790000000).ok());
    CHECK(file::read_all(dir / "one.zip").value() == file::read_all(dir / "two.zip").value());
    CHECK_FALSE(exporter::write_zip(bag, dir / "one.zip", 1790000000).ok());  // never overwritten
    fs::create_directories(dir / "out");
    auto top = exporter::extract_zip(dir / "one.zip", dir / "out");
    REQUIRE(top.ok());
    CHECK(top->filename() == "2026-11-22_acme");
    CHECK(exporter::verify_bag(*top)->valid);
  }
  TEST_CASE("entries that climb out, absolute ones and two top folders are refused") {
    test::TempDir dir;
    for (const std::string name : {"../evil.txt", "/tmp/evil.txt", "bag/../../evil.txt"}) {
      make_zip(dir / "bad.zip", {{"bag/bagit.txt", "BagIt-Version: 1.0\n"}, {name, "x"}});
      fs::create_directories(dir / "out");
      auto top = exporter::extract_zip(dir / "bad.zip", dir / "out");
      CHECK_FALSE_MESSAGE(top.ok(), name);
      CHECK_FALSE(fs::exists(dir / "evil.txt"));
      fs::remove_all(dir / "out");
    }
    make_zip(dir / "two.zip", {{"a/bagit.txt", "x"}, {"b/bagit.txt", "y"}});
    fs::create_directories(dir / "out2");
    auto top = exporter::extract_zip(dir / "two.zip", dir / "out2");
    REQUIRE_FALSE(top.ok());
    CHECK(top.error().find("more than one top folder") != std::string::npos);
  }
  TEST_CASE("garbage and a cut-short zip are errors naming the file") {
    test::TempDir dir;
    std::ofstream(dir / "garbage.zip") << "this is not a zip";
    fs::create_directories(dir / "out");
    auto top = exporter::extract_zip(dir / "garbage.zip", dir / "out");
    REQUIRE_FALSE(top.ok());
    CHECK(top.error().find("garbage.zip") != std::string::npos);
  }
}
