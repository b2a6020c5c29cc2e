#pragma once
// The port through which dev-idp signs and checks its own tokens. The logic never touches key
// material: adapters/libtoken_signing_key.cpp implements it over libs/token, and
// testing/fake_signing_key.h gives tests a deterministic stand-in.
//
//   std::shared_ptr<const SigningKey> key = factory.Generate().value();
//   Result<std::string> jwt = key->SignJwt(claims);   // header {alg, typ:"JWT", kid}
//   Result<nlohmann::json> claims = key->VerifyJwt(jwt);

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "portcullis/common/result.h"

namespace portcullis::dev_idp {

class SigningKey {
 public:
  virtual ~SigningKey() = default;
  // The JWK thumbprint (RFC 7638) of the public key; also the JWKS `kid` and `x5t`.
  virtual const std::string& kid() const = 0;
  // The public JWK as Entra publishes it: kty, use "sig", kid, x5t, n, e (no `alg`).
  virtual nlohmann::json PublicJwk() const = 0;
  // A compact JWS over `claims` with header {"alg", "typ":"JWT", "kid"}. kInternal on failure.
  virtual Result<std::string> SignJwt(const nlohmann::json& claims) const = 0;
  // Checks the signature of `jwt` with this key and returns its claims (no time or audience
  // checks). kUnauthorized when the token is malformed or the signature does not verify.
  virtual Result<nlohmann::json> VerifyJwt(std::string_view jwt) const = 0;
};

class SigningKeyFactory {
 public:
  virtual ~SigningKeyFactory() = default;
  // A fresh key pair. kInternal when key generation fails. Thread-safe.
  virtual Result<std::shared_ptr<const SigningKey>> Generate() = 0;
};

}  // namespace portcullis::dev_idp
