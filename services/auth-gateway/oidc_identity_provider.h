#pragma once
// OidcIdentityProvider: IdentityProvider from an issuer URL and discovery only (libs/oidc for
// discovery and the token endpoint, libs/token for the id token against the discovered
// jwks_uri). Works with Entra, dev-idp and any compliant provider.
//
//   auto p = OidcIdentityProvider::Discover(fetcher, clock, {.name = "dev-idp", .issuer = ...,
//                                            .client_id = ..., .client_secret = ...});
//   if (!p.ok()) ExitOnConfigError(p.error());
//
// Blocking (HTTP through the fetcher). Thread-safe. `fetcher` and `clock` must outlive it.

#include <chrono>
#include <memory>
#include <string>

#include "identity_provider.h"
#include "portcullis/common/clock.h"
#include "portcullis/common/secret.h"
#include "portcullis/http/http_fetcher.h"
#include "portcullis/oidc/provider_metadata.h"
#include "portcullis/oidc/token_endpoint.h"
#include "portcullis/token/verifier.h"

namespace portcullis::gateway {

struct OidcProviderOptions {
  std::string name;    // "dev-idp", "entra", ...
  std::string issuer;  // without a trailing slash
  std::string client_id;
  SecretString client_secret;
  std::chrono::seconds leeway{60};
  std::chrono::milliseconds timeout{5000};
};

class OidcIdentityProvider final : public IdentityProvider {
 public:
  // Fetches the discovery document. Errors as oidc::FetchProviderMetadata; kBadRequest when the
  // provider does not advertise S256 (when it advertises PKCE methods at all).
  static Result<std::unique_ptr<OidcIdentityProvider>> Discover(http::HttpFetcher& fetcher,
                                                                const Clock& clock,
                                                                OidcProviderOptions options);

  const std::string& name() const override { return options_.name; }
  const std::string& issuer() const override { return metadata_.issuer; }
  const std::string& authorization_endpoint() const override {
    return metadata_.authorization_endpoint;
  }
  const std::string& end_session_endpoint() const override {
    return metadata_.end_session_endpoint;
  }
  Result<TokenSet> ExchangeCode(const std::string& code, const std::string& code_verifier,
                                const std::string& redirect_uri) override;
  Result<IdTokenClaims> VerifyIdToken(const std::string& id_token) override;

  // The verifier for access tokens this provider issues to `audiences` (Bearer mode), sharing
  // this provider's key set.
  std::shared_ptr<const token::Verifier> AccessTokenVerifier(
      std::vector<std::string> audiences) const;

 private:
  OidcIdentityProvider(const Clock& clock, OidcProviderOptions options,
                       oidc::ProviderMetadata metadata,
                       std::unique_ptr<oidc::TokenEndpointClient> token_client,
                       std::shared_ptr<token::KeySource> keys);

  const Clock& clock_;
  OidcProviderOptions options_;
  oidc::ProviderMetadata metadata_;
  std::unique_ptr<oidc::TokenEndpointClient> token_client_;
  std::shared_ptr<token::KeySource> keys_;
  std::unique_ptr<token::Verifier> id_verifier_;
};

// The IdTokenClaims of verified claims: user id = oid, else sub; tenant = tid; a snapshot of
// the display claims. Pure.
IdTokenClaims ToIdTokenClaims(const token::Claims& claims);

}  // namespace portcullis::gateway
