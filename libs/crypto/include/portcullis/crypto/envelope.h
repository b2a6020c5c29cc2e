#pragma once
// Envelope encryption: AES-256-GCM under a KeyRing, in a self-describing binary blob.
//
// Format, version 1 (all lengths in bytes):
//
//   0x01 | id_len (1) | key id (id_len, 1..64) | nonce (12, random) | ciphertext | tag (16)
//
// The GCM associated data is the header (version byte, id_len, key id) followed by the caller's
// associated data, so neither the key id nor the caller's context can be swapped without the
// tag failing. Bind ciphertext to where it lives by passing e.g. "sessions.access_token:<row id>"
// as associated data; the same bytes must be passed to Open.
//
//   Result<Bytes> blob = Seal(ring, AsBytes(token), AsBytes("sessions.refresh_token:" + key));
//   Result<SecretBytes> token = Open(ring, *blob, AsBytes("sessions.refresh_token:" + key));
//
// Nonces are random (96 bits): keep well under 2^32 seals per key (NIST SP 800-38D §8.3);
// rotate keys long before that. Thread-safe: pure functions over an immutable ring.

#include <cstddef>
#include <cstdint>
#include <string>

#include "portcullis/common/result.h"
#include "portcullis/crypto/bytes.h"
#include "portcullis/crypto/key_ring.h"
#include "portcullis/crypto/secret_bytes.h"

namespace portcullis::crypto {

inline constexpr uint8_t kEnvelopeVersion = 1;
inline constexpr size_t kEnvelopeNonceSize = 12;
inline constexpr size_t kEnvelopeTagSize = 16;

// Encrypts `plaintext` with the ring's active key and a fresh random nonce, returning a new
// envelope. CryptoError::kInternal when the CSPRNG or OpenSSL fails.
Result<Bytes> Seal(const KeyRing& ring, ByteView plaintext, ByteView associated_data);

// Decrypts an envelope made by Seal with any key of `ring`. Errors (CryptoErrorOf):
//   kMalformed             not version 1, or too short for its header, nonce and tag
//   kUnknownKeyId          the key id is not in the ring (e.g. retired too early)
//   kAuthenticationFailed  ciphertext, tag, header or associated data were changed
// Nothing of the plaintext is returned unless the tag verified.
Result<SecretBytes> Open(const KeyRing& ring, ByteView envelope, ByteView associated_data);

// The key id an envelope names, without decrypting it (to find rows still sealed under an old
// key). kMalformed as in Open.
Result<std::string> EnvelopeKeyId(ByteView envelope);

}  // namespace portcullis::crypto
