#include "oidc_identity_provider.h"

#include <algorithm>

#include "portcullis/token/remote_key_set.h"
#include "portcullis/token/token_error.h"

namespace portcullis::gateway {
namespace {

std::string Str(std::optional<std::string_view> v) { return v ? std::string(*v) : std::string(); }

}  // namespace

IdTokenClaims ToIdTokenClaims(const token::Claims& c) {
  IdTokenClaims out;
  out.user.id = c.Oid() ? Str(c.Oid()) : Str(c.Subject());
  out.user.tenant = Str(c.Tid());
  out.user.issuer = Str(c.Issuer());
  out.user.name = Str(c.Name());
  out.user.email = c.Email() ? Str(c.Email()) : Str(c.PreferredUsername());
  out.nonce = Str(c.String("nonce"));
  for (std::string_view g : c.Groups()) out.groups.emplace_back(g);
  for (std::string_view r : c.Roles()) out.roles.emplace_back(r);
  for (const char* name :
       {"sub", "oid", "tid", "iss", "name", "preferred_username", "email", "upn", "idp", "amr"}) {
    if (auto v = c.String(name)) out.snapshot[name] = std::string(*v);
  }
  return out;
}

Result<std::unique_ptr<OidcIdentityProvider>> OidcIdentityProvider::Discover(
    http::HttpFetcher& fetcher, const Clock& clock, OidcProviderOptions options) {
  http::FetchOptions fetch{.timeout = options.timeout, .max_body_bytes = 1 << 20};
  Result<oidc::ProviderMetadata> meta = oidc::FetchProviderMetadata(fetcher, options.issuer, fetch);
  if (!meta.ok()) return meta.error();
  const auto& methods = meta->code_challenge_methods_supported;
  if (!methods.empty() && std::find(methods.begin(), methods.end(), "S256") == methods.end()) {
    return Error{ErrorCode::kBadRequest, "provider " + options.issuer + " does not support S256"};
  }
  auto token_client = std::make_unique<oidc::TokenEndpointClient>(
      fetcher, clock, meta->token_endpoint,
      oidc::ClientCredentials{options.client_id, options.client_secret,
                              oidc::ClientAuthMethod::kClientSecretBasic},
      fetch);
  token::RemoteKeySetOptions keys_options;
  keys_options.jwks_uri = meta->jwks_uri;
  keys_options.fetch = fetch;
  auto keys = std::make_shared<token::RemoteKeySet>(fetcher, clock, keys_options);
  return std::unique_ptr<OidcIdentityProvider>(new OidcIdentityProvider(
      clock, std::move(options), std::move(*meta), std::move(token_client), std::move(keys)));
}

OidcIdentityProvider::OidcIdentityProvider(const Clock& clock, OidcProviderOptions options,
                                           oidc::ProviderMetadata metadata,
                                           std::unique_ptr<oidc::TokenEndpointClient> token_client,
                                           std::shared_ptr<token::KeySource> keys)
    : clock_(clock),
      options_(std::move(options)),
      metadata_(std::move(metadata)),
      token_client_(std::move(token_client)),
      keys_(std::move(keys)) {
  token::VerifyPolicy policy;
  policy.issuers = {metadata_.issuer};
  policy.audiences = {options_.client_id};
  policy.leeway = options_.leeway;
  // Id tokens are verified once per login: caching them would only hold memory.
  id_verifier_ = std::make_unique<token::Verifier>(keys_, policy, /*cache_capacity=*/0);
}

Result<TokenSet> OidcIdentityProvider::ExchangeCode(const std::string& code,
                                                    const std::string& code_verifier,
                                                    const std::string& redirect_uri) {
  oidc::TokenEndpointResult r = token_client_->ExchangeCode(code, code_verifier, redirect_uri);
  if (!r.ok()) {
    const oidc::TokenEndpointError& e = r.error();
    return Error{e.ToErrorCode(), "token endpoint: " + std::string(oidc::ToString(e.kind)) +
                                      (e.oauth_error.empty() ? "" : " " + e.oauth_error)};
  }
  TokenSet t;
  t.access_token = r->access_token;
  t.refresh_token = r->refresh_token;
  t.id_token = r->id_token;
  t.scope = r->scope;
  int64_t lifetime = r->expires_in ? r->expires_in->count() : 3600;
  t.access_expires_at = ToUnixSeconds(clock_.Now()) + lifetime;
  return t;
}

Result<IdTokenClaims> OidcIdentityProvider::VerifyIdToken(const std::string& id_token) {
  auto r = id_verifier_->Verify(id_token, clock_.Now());
  if (!r.ok()) return token::ToError(r.error());
  return ToIdTokenClaims((*r)->claims);
}

std::shared_ptr<const token::Verifier> OidcIdentityProvider::AccessTokenVerifier(
    std::vector<std::string> audiences) const {
  token::VerifyPolicy policy;
  policy.issuers = {metadata_.issuer};
  policy.audiences = std::move(audiences);
  policy.leeway = options_.leeway;
  return std::make_shared<const token::Verifier>(keys_, policy);
}

}  // namespace portcullis::gateway
