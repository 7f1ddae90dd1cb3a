#pragma once
#include <string>
#include <vector>

#include "inwriting/util/result.hpp"

namespace inwriting::file {
Result<std::string> read_all(const std::string& path);
Result<std::string> read_stdin();
// Writes through a temporary file and rename, so readers never see half a file.
Status write_atomic(const std::string& path, std::string_view bytes, int mode = 0644);
// Creates `dir` and its parents with `mode` for the ones it creates.
Status make_dirs(const std::string& dir, int mode);
}  // namespace inwriting::file
