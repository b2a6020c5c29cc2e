#pragma once
// The raw JWS signature check: does `signature` sign `signing_input` under `key` with `alg`?
// Used by VerifyJws after key selection, and directly for non-JWT payloads (RFC 8037 examples).
//
//   TokenStatus s = VerifySignature(Algorithm::kES256, key, "eyJ...eyJ...", raw_signature);
//
// Encoding rules (JWT-RULES.md §17/§18) are enforced here, before any cryptography:
// - ES256/384/512: exactly R||S of 64/96/132 bytes; r or s zero or >= n is refused
//   (CVE-2022-21449); leading zero bytes and high-S are fine; DER is refused (wrong length).
// - RS*/PS*: exactly the modulus length; PSS salt must equal the hash length.
// - EdDSA: exactly 64 bytes with S < L.
// - HS*: exactly the hash length, compared in constant time.
// Returns kBadSignature on any failure, kKeyRejected if `key` cannot do `alg` at all.
// Thread-safe: keeps a few per-thread OpenSSL verify contexts so hot keys are not re-initialised.

#include <string>
#include <string_view>

#include "portcullis/token/algorithm.h"
#include "portcullis/token/jwk.h"
#include "portcullis/token/token_error.h"

namespace portcullis::token {

TokenStatus VerifySignature(Algorithm alg, const Jwk& key, std::string_view signing_input,
                            std::string_view signature);

}  // namespace portcullis::token
