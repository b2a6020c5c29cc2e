#pragma once
// IdentityProvider: what the login flow needs from the OpenID provider. OidcIdentityProvider
// (oidc_identity_provider.h) implements it from discovery alone (libs/oidc + libs/token), so
// Entra, dev-idp or any compliant provider is a configuration change; tests use a fake.
// Calls block (HTTP to the provider): run them on worker threads. Thread-safe.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "portcullis/common/result.h"
#include "session_client.h"

namespace portcullis::gateway {

// The verified id token's facts the gateway keeps.
struct IdTokenClaims {
  UserInfo user;      // id = oid, else sub
  std::string nonce;  // "" when absent
  std::vector<std::string> groups;
  std::vector<std::string> roles;
  std::map<std::string, std::string> snapshot;  // selected string claims for the session
};

class IdentityProvider {
 public:
  virtual ~IdentityProvider() = default;
  virtual const std::string& name() const = 0;    // the configured provider name
  virtual const std::string& issuer() const = 0;  // exactly as discovery says
  virtual const std::string& authorization_endpoint() const = 0;
  virtual const std::string& end_session_endpoint() const = 0;  // "" when none
  // authorization_code grant with the PKCE verifier. Errors: kUnauthorized (invalid_grant: a
  // used, expired or foreign code), kUnavailable (provider down, 429, 5xx), kUpstreamError.
  virtual Result<TokenSet> ExchangeCode(const std::string& code, const std::string& code_verifier,
                                        const std::string& redirect_uri) = 0;
  // Signature via the provider's JWKS, iss, aud (our client id), exp (with leeway). The nonce is
  // the caller's to compare. Errors: kUnauthorized with the token library's precise reason in the
  // detail, kUnavailable when the key set cannot be fetched.
  virtual Result<IdTokenClaims> VerifyIdToken(const std::string& id_token) = 0;
};

}  // namespace portcullis::gateway
