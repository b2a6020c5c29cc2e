#pragma once
// Precise crypto failures and their mapping onto the suite's ErrorCode.
//
// Crypto functions return portcullis::Result. The Error's code is the coarse ErrorCode (what a
// client may learn); its detail starts with the precise name ("authentication_failed: ...") so
// logs and audit events carry it, and CryptoErrorOf() recovers it for callers and tests:
//
//   Result<SecretBytes> plain = Open(ring, blob, aad);
//   if (!plain.ok() && CryptoErrorOf(plain.error()) == CryptoError::kUnknownKeyId) { ... }
//
// Mapping: an envelope that cannot be opened (kMalformed, kAuthenticationFailed, kUnknownKeyId)
// blames the input -> kBadRequest. A caller opening data it stored itself should treat any of
// them as kInternal (its own data or key configuration is wrong). kBadKey (a key ring that
// cannot be loaded) and kInternal (OpenSSL failed) -> kInternal.

#include <optional>
#include <string>
#include <string_view>

#include "portcullis/common/error.h"

namespace portcullis::crypto {

enum class CryptoError {
  kMalformed,             // not an envelope of a version we know, or truncated
  kAuthenticationFailed,  // the GCM tag does not match: tampered data, or wrong associated data
  kUnknownKeyId,          // the envelope names a key id the ring does not hold
  kBadKey,                // a key or key-ring specification is missing or invalid
  kInternal,              // OpenSSL itself failed (allocation, no entropy)
};

// "malformed", "authentication_failed", "unknown_key_id", "bad_key", "internal".
std::string_view ToString(CryptoError error);

// The coarse code a precise error maps to (see the header comment).
ErrorCode ToErrorCode(CryptoError error);

// Error{ToErrorCode(error), "<ToString(error)>: <detail>"}. `detail` must not contain secrets.
Error MakeCryptoError(CryptoError error, std::string_view detail);

// The precise error carried by `error`, or nullopt when it was not made by MakeCryptoError.
std::optional<CryptoError> CryptoErrorOf(const Error& error);

}  // namespace portcullis::crypto
