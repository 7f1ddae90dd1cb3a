#pragma once
// BagIt 1.0 (RFC 8493) bags: the container an evidence bundle is shipped in, so anyone can check
// with standard tools (bagit-python, bagit-java, `sha256sum -c`) that no byte changed.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "inwriting/util/result.hpp"

namespace inwriting::exporter {

struct PayloadFile {
  std::string path;   // relative to data/, '/'-separated: "exhibits/EX001.eml"
  std::string bytes;
};

// bag-info.txt, in order ("Bagging-Date", "2026-11-22"). Payload-Oxum is added by write_bag.
using BagInfo = std::vector<std::pair<std::string, std::string>>;

// Writes the bag into `dir`, which must not exist yet: payload under data/, bagit.txt,
// bag-info.txt, manifest-sha256.txt and -sha512.txt for the payload, tagmanifest-sha256.txt and
// -sha512.txt for the tag files. It is written beside `dir` and renamed into place, so a bag is
// there whole or not at all. A payload path that is absolute, empty or climbs out ("..") is refused.
// `extra_tags` are further tag files, relative to the bag's top ("timestamp/token.tsr"), listed in
// the tag manifests.
Status write_bag(const std::filesystem::path& dir, const std::vector<PayloadFile>& payload, const BagInfo& info,
                 const std::vector<PayloadFile>& extra_tags = {});

// The text write_bag() gives manifest-<algorithm>.txt for this payload ("sha256" or "sha512"):
// what a time-stamp must cover before the bag is written.
std::string payload_manifest(const std::vector<PayloadFile>& payload, const std::string& algorithm);

// True for a '/'-separated relative path with no empty, "." or ".." part.
bool is_plain_relative_path(std::string_view path);

struct BagCheck {
  bool valid = false;
  int64_t payload_files = 0;
  int64_t payload_bytes = 0;
  std::vector<std::string> problems;  // "data/exhibits/EX001.eml: SHA-256 differs from manifest-sha256.txt"
};

// Checks a bag as RFC 8493 §3 says: bagit.txt, every manifest and tag manifest (of any algorithm
// md5 to sha512) entry present once with its checksum, every payload file listed in every
// manifest, no path outside the bag, Payload-Oxum. An error only when the
// directory cannot be read at all; a changed bag is a BagCheck with problems.
Result<BagCheck> verify_bag(const std::filesystem::path& dir);

}  // namespace inwriting::exporter
