#include "inwriting/util/hash.hpp"

#include <openssl/evp.h>

namespace inwriting::hash {

static std::string digest_hex(const EVP_MD* md, std::string_view bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), out, &length, md, nullptr);
  static const char* hex = "0123456789abcdef";
  std::string result;
  result.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    result += hex[out[i] >> 4];
    result += hex[out[i] & 15];
  }
  return result;
}

std::string sha256_hex(std::string_view bytes) { return digest_hex(EVP_sha256(), bytes); }
std::string sha512_hex(std::string_view bytes) { return digest_hex(EVP_sha512(), bytes); }

std::string digest_hex(std::string_view algorithm, std::string_view bytes) {
  const EVP_MD* md = algorithm == "sha256"   ? EVP_sha256()
                     : algorithm == "sha512" ? EVP_sha512()
                     : algorithm == "sha384" ? EVP_sha384()
                     : algorithm == "sha224" ? EVP_sha224()
                     : algorithm == "sha1"   ? EVP_sha1()
                     : algorithm == "md5"    ? EVP_md5()
                                             : nullptr;
  return md ? digest_hex(md, bytes) : std::string();
}

}  // namespace inwriting::hash
