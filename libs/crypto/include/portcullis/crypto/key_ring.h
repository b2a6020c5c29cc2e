#pragma once
// KeyRing: the named AES-256 keys envelope encryption uses. One key is active (new data is
// sealed with it); every key in the ring can open data (so old rows stay readable while keys
// rotate). Rotation: add k2, make it active, re-seal old rows at leisure, then drop k1.
//
// Text format (an env var or a file; surrounding whitespace and newlines are ignored):
//
//   k1:<base64url of 32 bytes>,k2:<base64url of 32 bytes>;active=k2
//
// Key ids are 1-64 characters of [A-Za-z0-9._-] and unique. `;active=<id>` may be left out only
// when the ring holds a single key. Generate a key with `openssl rand 32 | basenc --base64url`
// (strip the '=' padding).
//
//   Result<KeyRing> ring = KeyRing::FromEnvironment("PORTCULLIS_SESSION_KEYS");
//   if (!ring.ok()) { log(ring.error().ToString()); return 1; }   // never contains key bytes
//
// Ownership: the ring owns its keys (SecretBytes, wiped on destruction). Move-only.
// Thread-safety: immutable after construction; const methods are safe from any thread.

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "portcullis/common/result.h"
#include "portcullis/crypto/secret_bytes.h"

namespace portcullis::crypto {

class KeyRing {
 public:
  static constexpr size_t kKeySize = 32;       // AES-256
  static constexpr size_t kMaxKeyIdSize = 64;  // fits the envelope's one-byte length prefix

  // Builds a ring from decoded keys. CryptoError::kBadKey when a key is not kKeySize bytes, an
  // id is invalid or repeated, the ring is empty, or `active_id` is not one of the ids.
  static Result<KeyRing> Create(std::vector<std::pair<std::string, SecretBytes>>&& keys,
                                std::string active_id);

  // Parses the text format above. kBadKey on any syntax error; the detail names the key id or
  // position, never key bytes.
  static Result<KeyRing> Parse(std::string_view spec);

  // Reads and parses the file at `path`. kBadKey when it cannot be read or parsed.
  static Result<KeyRing> FromFile(const std::filesystem::path& path);

  // Parses the environment variable `name`; when it is unset, reads the file named by the
  // variable `<name>_FILE`. kBadKey when neither is set, or as Parse/FromFile.
  static Result<KeyRing> FromEnvironment(std::string_view name);

  KeyRing(KeyRing&&) noexcept = default;
  KeyRing& operator=(KeyRing&&) noexcept = default;

  const std::string& active_id() const { return active_id_; }
  // The active key (never null).
  const SecretBytes& active_key() const;
  // The key named `id`, or nullptr when the ring does not hold it. Borrowed from the ring.
  const SecretBytes* Find(std::string_view id) const;
  // All ids, sorted.
  std::vector<std::string> ids() const;

  // True for 1-64 characters of [A-Za-z0-9._-].
  static bool IsValidKeyId(std::string_view id);

 private:
  KeyRing() = default;

  std::map<std::string, SecretBytes, std::less<>> keys_;
  std::string active_id_;
};

}  // namespace portcullis::crypto
