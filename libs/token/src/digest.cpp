#include "digest.h"

namespace portcullis::token {

const EVP_MD* DigestFor(Algorithm alg) {
  // Fetched once and kept for the life of the process.
  static const EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  static const EVP_MD* const sha384 = EVP_MD_fetch(nullptr, "SHA384", nullptr);
  static const EVP_MD* const sha512 = EVP_MD_fetch(nullptr, "SHA512", nullptr);
  switch (HashSize(alg)) {
    case 32:
      return sha256;
    case 48:
      return sha384;
    default:
      return sha512;
  }
}

unsigned int Hash(Algorithm alg, std::string_view data, unsigned char* out) {
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, DigestFor(alg), nullptr) != 1) return 0;
  return len;
}

}  // namespace portcullis::token
