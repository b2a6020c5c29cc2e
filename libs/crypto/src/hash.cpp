#include "portcullis/crypto/hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdio>
#include <cstdlib>

namespace portcullis::crypto {
namespace {

// These one-shot calls fail only when OpenSSL cannot allocate a context; there is no sensible
// value to return then, and a wrong digest would be worse than stopping.
[[noreturn]] void DieOpenSsl(const char* what) {
  std::fprintf(stderr, "portcullis::crypto: %s failed\n", what);
  std::abort();
}

}  // namespace

Digest Sha256(ByteView data) {
  Digest out{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 ||
      len != out.size()) {
    DieOpenSsl("SHA-256");
  }
  return out;
}

Digest HmacSha256(ByteView key, ByteView data) {
  Digest out{};
  unsigned int len = 0;
  // HMAC() rejects a null key pointer even for an empty key.
  static const uint8_t kEmpty = 0;
  const uint8_t* key_ptr = key.empty() ? &kEmpty : key.data();
  if (HMAC(EVP_sha256(), key_ptr, static_cast<int>(key.size()), data.data(), data.size(),
           out.data(), &len) == nullptr ||
      len != out.size()) {
    DieOpenSsl("HMAC-SHA256");
  }
  return out;
}

bool ConstantTimeEquals(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace portcullis::crypto
