#pragma once
#include <string>
#include <string_view>

namespace inwriting::hash {
std::string sha256_hex(std::string_view bytes);
std::string sha512_hex(std::string_view bytes);
}  // namespace inwriting::hash
