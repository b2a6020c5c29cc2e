#pragma once
// One JSON Web Key (RFC 7517) as a verification key: RSA (n, e), EC P-256/384/521 (x, y), OKP
// Ed25519 (x) or oct (k). The EVP_PKEY is built once at parse time and shared by every copy, so a
// verification never re-imports key material. Unknown members are ignored (RFC 7517 §4).
//
//   TokenResult<Jwk> key = Jwk::Parse(json_object);
//   if (key->Fits(Algorithm::kRS256) && !key->Weakness(Algorithm::kRS256)) Verify(...);
//
// A Jwk is immutable after Parse; copies share the key and are safe to use from many threads.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "portcullis/token/algorithm.h"
#include "portcullis/token/json.h"
#include "portcullis/token/token_error.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace portcullis::token {

class Jwk {
 public:
  // Parses a JWK object. kMalformed when kty is missing or unknown, or the key material for the
  // kty is missing, not strict base64url, of the wrong size, or not a valid key (e.g. an EC point
  // off the curve). Private members ("d", ...) are ignored: this is the public half.
  static TokenResult<Jwk> Parse(JsonValue object);
  static TokenResult<Jwk> ParseText(std::string_view json);
  // Wraps an existing public key (RSA, EC P-256/384/521 or Ed25519) or an HMAC secret.
  static TokenResult<Jwk> FromPublicKey(std::shared_ptr<EVP_PKEY> key);
  static Jwk FromSecret(std::string secret);

  KeyFamily family() const { return family_; }
  const std::optional<std::string>& kid() const { return kid_; }
  const std::optional<std::string>& alg() const { return alg_; }  // as declared, may be unknown
  const std::optional<std::string>& use() const { return use_; }
  const std::optional<std::vector<std::string>>& key_ops() const { return key_ops_; }
  const std::string& crv() const { return crv_; }  // "P-256"... or "Ed25519"; empty otherwise
  int bits() const { return bits_; }               // RSA modulus / EC field size / 8*len(secret)

  // The verification key (nullptr for oct). Owned by the Jwk; valid while any copy lives.
  EVP_PKEY* pkey() const { return pkey_.get(); }
  const std::shared_ptr<EVP_PKEY>& shared_pkey() const { return pkey_; }
  const std::string& secret() const { return secret_; }  // oct only

  // Whether this key may verify tokens of `alg` (JWT-RULES.md §7/§8): the kty and crv match, a
  // declared "alg" equals it exactly, "use" is absent or "sig", and "key_ops" is absent or
  // contains "verify". Strength is a separate question (Weakness).
  bool Fits(Algorithm alg) const;
  // Why the key is too weak for `alg` (RSA under 2048 bits, an HMAC secret shorter than the hash
  // output), or nullopt.
  std::optional<std::string> Weakness(Algorithm alg) const;

  // The public JWK as compact JSON (secrets are never written; oct keys give "{}"), with kid,
  // alg and use when set.
  std::string PublicJson() const;
  void set_kid(std::string kid) { kid_ = std::move(kid); }
  void set_alg(std::string alg) { alg_ = std::move(alg); }
  void set_use(std::string use) { use_ = std::move(use); }

 private:
  Jwk() = default;

  KeyFamily family_ = KeyFamily::kOct;
  std::optional<std::string> kid_, alg_, use_;
  std::optional<std::vector<std::string>> key_ops_;
  std::string crv_;
  int bits_ = 0;
  std::shared_ptr<EVP_PKEY> pkey_;
  std::string secret_;
};

// RFC 7638 JWK thumbprint (SHA-256, base64url) of a public key; a stable default kid.
std::string Thumbprint(const Jwk& key);

}  // namespace portcullis::token
