#pragma once
// SigningKey and SigningKeyFactory over libs/token's Signer: RS256 keys generated with OpenSSL
// (RSA-2048) or loaded from a PEM file; kid = the RFC 7638 thumbprint. The published JWK has
// Entra's shape (kty, use, kid, x5t, n, e; no alg).

#include <memory>
#include <string>

#include "signing_key.h"

namespace portcullis::dev_idp {

class RsaSigningKeyFactory final : public SigningKeyFactory {
 public:
  // A new RSA-2048 key pair each call. kInternal when OpenSSL fails.
  Result<std::shared_ptr<const SigningKey>> Generate() override;
};

// Loads a PEM private key (PKCS#8 or traditional RSA/EC) from `path`. kNotFound when the file
// cannot be read, kBadRequest when libs/token rejects the key.
Result<std::shared_ptr<const SigningKey>> LoadPemSigningKey(const std::string& path);

}  // namespace portcullis::dev_idp
