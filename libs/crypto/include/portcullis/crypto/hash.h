#pragma once
// SHA-256, HMAC-SHA256 and constant-time comparison (OpenSSL). Pure functions, thread-safe.
//
//   Digest key = Sha256(AsBytes(session_id));                 // store this, never the id
//   Digest mac = HmacSha256(secret.view(), AsBytes(message));
//   if (!ConstantTimeEquals(mac, presented)) return Reject();

#include <array>
#include <cstdint>

#include "portcullis/crypto/bytes.h"

namespace portcullis::crypto {

using Digest = std::array<uint8_t, 32>;

// SHA-256 of `data`. OpenSSL fails here only when it cannot allocate; that aborts.
Digest Sha256(ByteView data);

// HMAC-SHA256 of `data` under `key` (any length, as RFC 2104). Aborts like Sha256.
Digest HmacSha256(ByteView key, ByteView data);

// True when `a` and `b` hold the same bytes. Time depends on the lengths only, never on the
// contents (CRYPTO_memcmp), so MACs and tokens can be compared without a timing oracle.
bool ConstantTimeEquals(ByteView a, ByteView b);

}  // namespace portcullis::crypto
