#pragma once
// Key material for the crypto library's tests.

#include <cstddef>
#include <cstdint>
#include <string>

#include "portcullis/crypto/encoding.h"
#include "portcullis/crypto/key_ring.h"

namespace portcullis::crypto::testing {

// A base64url key of `size` bytes, every byte `fill`: distinct fills give distinct keys, and a
// wrong size exercises KeyRing's length check.
inline std::string EncodedKey(uint8_t fill, size_t size = KeyRing::kKeySize) {
  return Base64UrlEncode(Bytes(size, fill));
}

}  // namespace portcullis::crypto::testing
