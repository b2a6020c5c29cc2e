#include "digest.h"

#include <memory>

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
  // One context per thread, re-initialised per hash: EVP_Digest would allocate and free one on
  // every call.
  struct CtxDeleter {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
  };
  thread_local std::unique_ptr<EVP_MD_CTX, CtxDeleter> ctx(EVP_MD_CTX_new());
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex2(ctx.get(), DigestFor(alg), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out, &len) != 1) {
    return 0;
  }
  return len;
}

}  // namespace portcullis::token
