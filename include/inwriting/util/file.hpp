#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "inwriting/util/result.hpp"

namespace inwriting::file {
Result<std::string> read_all(const std::string& path);
// For readers that look at a file's start before deciding how to read the rest: an open
// descriptor (an error naming the path, also for a directory), and reading from it into `data`
// until the end or until `data` holds `limit` bytes.
Result<int> open_file(const std::string& path);
Status read_into(int fd, const std::string& path, std::string& data, size_t limit = SIZE_MAX);
Result<std::string> read_stdin();
// Writes through a temporary file and rename, so readers never see half a file.
Status write_atomic(const std::string& path, std::string_view bytes, int mode = 0644);
// Creates `dir` and its parents with `mode` for the ones it creates.
Status make_dirs(const std::string& dir, int mode);
}  // namespace inwriting::file
