#include "token_sealing.h"

#include "portcullis/crypto/encoding.h"
#include "portcullis/crypto/envelope.h"
#include "portcullis/crypto/hash.h"

namespace portcullis::session_store {

std::string AssociatedData(std::string_view table, std::string_view row_key,
                           std::string_view column) {
  std::string ad = "session-store/v1|";
  ad.append(table).append("|").append(row_key).append("|").append(column);
  return ad;
}

std::string HashSecret(std::string_view secret) {
  return crypto::HexEncode(crypto::Sha256(crypto::AsBytes(secret)));
}

Result<crypto::Bytes> SealColumn(const crypto::KeyRing& ring, std::string_view table,
                                 std::string_view row_key, std::string_view column,
                                 std::string_view plaintext) {
  const std::string ad = AssociatedData(table, row_key, column);
  return crypto::Seal(ring, crypto::AsBytes(plaintext), crypto::AsBytes(ad));
}

Result<std::string> OpenColumn(const crypto::KeyRing& ring, std::string_view table,
                               std::string_view row_key, std::string_view column,
                               crypto::ByteView envelope) {
  const std::string ad = AssociatedData(table, row_key, column);
  Result<crypto::SecretBytes> plain = crypto::Open(ring, envelope, crypto::AsBytes(ad));
  if (!plain.ok()) return plain.error();
  return std::string(plain->AsStringView());
}

Result<SealedTokens> SealTokens(const crypto::KeyRing& ring, std::string_view id_hash,
                                const PlainTokens& tokens) {
  SealedTokens out;
  out.key_id = ring.active_id();
  auto access = SealColumn(ring, kSessionsTable, id_hash, "access_token", tokens.access_token);
  if (!access.ok()) return access.error();
  auto refresh = SealColumn(ring, kSessionsTable, id_hash, "refresh_token", tokens.refresh_token);
  if (!refresh.ok()) return refresh.error();
  auto id = SealColumn(ring, kSessionsTable, id_hash, "id_token", tokens.id_token);
  if (!id.ok()) return id.error();
  out.access_token = std::move(*access);
  out.refresh_token = std::move(*refresh);
  out.id_token = std::move(*id);
  return out;
}

}  // namespace portcullis::session_store
