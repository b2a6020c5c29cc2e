#pragma once
// AES-256-GCM with a 96-bit IV and a 128-bit tag: the primitive under envelope.h, kept separate
// so it can be checked against published known-answer vectors. Private to libs/crypto.

#include <array>
#include <cstddef>
#include <cstdint>

#include "portcullis/common/result.h"
#include "portcullis/crypto/bytes.h"
#include "portcullis/crypto/secret_bytes.h"

namespace portcullis::crypto {

inline constexpr size_t kAesGcmKeySize = 32;
inline constexpr size_t kAesGcmIvSize = 12;
inline constexpr size_t kAesGcmTagSize = 16;

struct GcmSealed {
  Bytes ciphertext;  // same length as the plaintext
  std::array<uint8_t, kAesGcmTagSize> tag{};
};

// Preconditions (asserted): key is 32 bytes, iv 12. CryptoError::kInternal if OpenSSL fails.
Result<GcmSealed> Aes256GcmEncrypt(ByteView key, ByteView iv, ByteView plaintext, ByteView aad);

// Preconditions as above and tag is 16 bytes. CryptoError::kAuthenticationFailed when the tag
// does not verify; the plaintext is then wiped and not returned.
Result<SecretBytes> Aes256GcmDecrypt(ByteView key, ByteView iv, ByteView ciphertext, ByteView aad,
                                     ByteView tag);

}  // namespace portcullis::crypto
