#pragma once
// Random bytes and identifiers from OpenSSL's CSPRNG (RAND_bytes). Thread-safe.
//
//   Result<std::string> id = RandomId();      // 43 characters, 256 bits: session ids, state

#include <cstddef>
#include <span>
#include <string>

#include "portcullis/common/result.h"
#include "portcullis/crypto/bytes.h"

namespace portcullis::crypto {

inline constexpr size_t kMinIdBytes = 32;  // 256 bits

// Fills `out` with random bytes. CryptoError::kInternal (-> kInternal) when the CSPRNG has no
// entropy or fails; `out` is then unspecified and must not be used.
Status FillRandom(std::span<uint8_t> out);

// `size` random bytes. Errors as FillRandom.
Result<Bytes> RandomBytes(size_t size);

// A base64url identifier of `bytes` random bytes (at least kMinIdBytes; asserted).
// 32 bytes give 43 characters. Errors as FillRandom.
Result<std::string> RandomId(size_t bytes = kMinIdBytes);

}  // namespace portcullis::crypto
