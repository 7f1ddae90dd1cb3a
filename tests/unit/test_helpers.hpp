#pragma once
// Shared by the unit tests: temporary directories and reading test data.
#include <filesystem>
#include <string>

#include "inwriting/util/file.hpp"

namespace test {

inline std::string data_path(const std::string& relative) { return std::string(INWRITING_TEST_DATA) + "/" + relative; }

inline std::string read_data(const std::string& relative) {
  auto bytes = inwriting::file::read_all(data_path(relative));
  return bytes ? *bytes : std::string();
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
