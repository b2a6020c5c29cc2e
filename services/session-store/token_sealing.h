#pragma once
// Envelope encryption of stored secrets (libs/crypto AES-256-GCM under the key ring) with
// associated data that binds each ciphertext to its table, row and column:
//
//   "session-store/v1|sessions|<id hash hex>|access_token"
//
// so an envelope copied into another row or column (by someone with write access to the
// database) fails to open instead of handing one user's token to another session.
//
//   Result<SealedTokens> s = SealTokens(ring, id_hash, tokens);
//   Result<std::string> access = OpenColumn(ring, kSessionsTable, id_hash, "access_token", env);
//
// Pure functions over an immutable ring; thread-safe.

#include <string>
#include <string_view>

#include "portcullis/common/result.h"
#include "portcullis/crypto/bytes.h"
#include "portcullis/crypto/key_ring.h"
#include "session_record.h"

namespace portcullis::session_store {

// The associated data for `column` of row `row_key` in `table`.
std::string AssociatedData(std::string_view table, std::string_view row_key,
                           std::string_view column);

// Hex SHA-256 of a secret (session id, OAuth state): the row key that is stored.
std::string HashSecret(std::string_view secret);

// Seals `plaintext` for (table, row_key, column) with the ring's active key.
Result<crypto::Bytes> SealColumn(const crypto::KeyRing& ring, std::string_view table,
                                 std::string_view row_key, std::string_view column,
                                 std::string_view plaintext);

// Opens an envelope sealed by SealColumn for the same (table, row_key, column). kBadRequest
// (from libs/crypto) when it was moved, altered or its key is not in the ring; callers treat
// that as corruption (kInternal), never as "not found".
Result<std::string> OpenColumn(const crypto::KeyRing& ring, std::string_view table,
                               std::string_view row_key, std::string_view column,
                               crypto::ByteView envelope);

struct PlainTokens {
  std::string access_token;
  std::string refresh_token;
  std::string id_token;
};

// Seals the three tokens of session `id_hash` under the active key.
Result<SealedTokens> SealTokens(const crypto::KeyRing& ring, std::string_view id_hash,
                                const PlainTokens& tokens);

}  // namespace portcullis::session_store
