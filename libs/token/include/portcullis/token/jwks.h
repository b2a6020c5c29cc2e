#pragma once
// A JWK Set (RFC 7517 §5) and key selection exactly as JWT-RULES.md §8 decides it.
//
//   TokenResult<JwkSet> set = JwkSet::Parse(file_text);
//   TokenResult<const Jwk*> key = set->Select(Algorithm::kRS256, header.kid);
//
// Immutable after Parse; share it as std::shared_ptr<const JwkSet> across threads. Keys hold
// EVP_PKEYs built once at parse time.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/token/jwk.h"

namespace portcullis::token {

// How the token header named its key: no kid, a string kid, or a kid of another JSON type
// (which matches nothing).
struct KeyId {
  bool present = false;
  bool is_string = false;
  std::string value;

  static KeyId None() { return {}; }
  static KeyId Of(std::string v) { return {true, true, std::move(v)}; }
};

class JwkSet {
 public:
  JwkSet() = default;
  explicit JwkSet(std::vector<Jwk> keys) : keys_(std::move(keys)) {}

  // Parses {"keys":[...]}. Members other than "keys", and unknown members of each key, are
  // ignored. A key that cannot be used (unknown kty or crv, bad or off-curve material) is left
  // out and described in skipped(); it can never verify. kMalformed when the text is not a strict
  // JSON object with a "keys" array.
  static TokenResult<JwkSet> Parse(std::string_view json);

  const std::vector<Jwk>& keys() const { return keys_; }
  const std::vector<std::string>& skipped() const { return skipped_; }
  bool ContainsKid(std::string_view kid) const;

  // Chooses the one key that may verify a token of `alg` (JWT-RULES.md §8):
  // - a string kid must equal (case-sensitively) the kid of exactly one key, with no fallback to
  //   other keys: kUnknownKeyId when none or several do; kKeyRejected when that key does not fit
  //   `alg` (kty, crv, declared alg, use, key_ops) or is too weak;
  // - a kid of another JSON type matches nothing: kUnknownKeyId;
  // - without a kid, exactly one key must fit `alg`: kUnknownKeyId for none or several;
  //   kKeyRejected when it is too weak.
  // The pointer stays valid while this set lives.
  TokenResult<const Jwk*> Select(Algorithm alg, const KeyId& kid) const;

  // {"keys":[...]} with every public key (oct keys are never published).
  std::string PublicJson() const;

 private:
  std::vector<Jwk> keys_;
  std::vector<std::string> skipped_;
};

}  // namespace portcullis::token
