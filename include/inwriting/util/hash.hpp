#pragma once
#include <string>
#include <string_view>

namespace inwriting::hash {
std::string sha256_hex(std::string_view bytes);
std::string sha512_hex(std::string_view bytes);
// By BagIt's algorithm names (md5, sha1, sha224, sha256, sha384, sha512); "" for a name not known.
std::string digest_hex(std::string_view algorithm, std::string_view bytes);
}  // namespace inwriting::hash
