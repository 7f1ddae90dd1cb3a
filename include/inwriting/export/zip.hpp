#pragma once
// A bag as one .zip, for upload forms that take a single file.
#include <cstdint>
#include <filesystem>

#include "inwriting/util/result.hpp"

namespace inwriting::exporter {

// Writes the directory `dir` into `zip_path` with the directory's name as the single top folder.
// Entries are sorted and dated `mtime_utc`, so the same bag always gives the same bytes; the zip
// is written beside `zip_path` and renamed into place.
Status write_zip(const std::filesystem::path& dir, const std::filesystem::path& zip_path, int64_t mtime_utc);

// Extracts `zip_path` into the empty directory `into` and returns the top folder it holds. Entries
// that are absolute, climb out (".."), are links, or would unpack past `max_bytes` are refused.
Result<std::filesystem::path> extract_zip(const std::filesystem::path& zip_path, const std::filesystem::path& into,
                                          uint64_t max_bytes = uint64_t{8} << 30);

}  // namespace inwriting::exporter
