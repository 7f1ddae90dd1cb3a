#pragma once
// Shared by the unit tests: temporary directories and reading test data.
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "inwriting/util/file.hpp"

namespace test {

inline std::string data_path(const std::string& relative) { return std::string(INWRITING_TEST_DATA) + "/" + relative; }

inline std::string read_data(const std::string& relative) {
  auto bytes = inwriting::file::read_all(data_path(relative));
  return bytes ? *bytes : std::string();
}

// What a shell command printed on standard output, and its wait status (pclose).
struct Ran {
  int status = -1;
  std::string out;
};

inline Ran run_command(const std::string& command) {
  Ran ran;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return ran;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) ran.out.append(buffer.data(), n);
  ran.status = pclose(pipe);
  return ran;
}

// A fresh directory under the system temp dir, removed when the test passes.
class TempDir {
public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "inwriting-test-XXXXXX").string();
    m_path = mkdtemp(pattern.data()) ? pattern : std::string();
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
  }
  const std::string& path() const { return m_path; }
  std::string operator/(const std::string& name) const { return m_path + "/" + name; }

private:
  std::string m_path;
};

}  // namespace test
