#pragma once
// The per-login secrets of the authorization code flow: `state` (login CSRF, single use),
// `nonce` (binds the id token to this login) and the PKCE S256 pair (RFC 7636). Pure apart from
// the CSPRNG.

#include <string>
#include <string_view>

#include "portcullis/common/result.h"

namespace portcullis::gateway {

struct LoginSecrets {
  std::string state;           // 43 base64url characters, 256 bits
  std::string nonce;           // 43 base64url characters, 256 bits
  std::string code_verifier;   // 43 base64url characters (RFC 7636 §4.1 allows 43-128)
  std::string code_challenge;  // S256Challenge(code_verifier)
};

// Fresh secrets from the CSPRNG. kInternal when it fails.
Result<LoginSecrets> NewLoginSecrets();

// BASE64URL(SHA256(ASCII(verifier))).
std::string S256Challenge(std::string_view code_verifier);

}  // namespace portcullis::gateway
