// The grants where a client acts for itself (client_credentials) or passes a user's token on to a
// downstream API (On-Behalf-Of). Part of TokenService (token_logic.h).
#include <algorithm>

#include "token_logic.h"

namespace portcullis::dev_idp {
namespace {

using nlohmann::json;

bool AudienceIs(const json& aud, const Client& client) {
  if (!aud.is_string()) return false;
  const std::string& a = aud.get_ref<const std::string&>();
  return a == client.client_id || (!client.app_id_uri.empty() && a == client.app_id_uri);
}

}  // namespace

OAuthResult<json> TokenService::ClientCredentials(const Client& client, const Params& form) {
  if (!client.confidential()) {
    return OAuthError::UnauthorizedClient("client_credentials needs a confidential client");
  }
  const std::string* scope = NonEmptyParam(form, "scope");
  if (scope == nullptr) return OAuthError::InvalidRequest("scope is missing");
  OAuthResult<ScopeRequest> scopes = ResolveScopes(dir_, *scope);
  if (!scopes.ok()) return scopes.error();
  if (scopes->resource == nullptr || !scopes->default_scope ||
      scopes->scp.size() != scopes->resource->scopes.size() || !scopes->OidcScopes().empty()) {
    return OAuthError::InvalidScope("client_credentials takes exactly one '<resource>/.default'");
  }
  if (scopes->resource->IsGraph()) {
    return OAuthError::InvalidScope("the dev-idp Graph stand-in serves delegated tokens only");
  }
  Lifetimes lifetimes = state_.lifetimes();
  Result<std::string> uti = NewTokenId();
  if (!uti.ok()) return OAuthError{"server_error", "no randomness", 500};
  OAuthResult<std::string> access = Sign(AppAccessTokenClaims(
      dir_, issuer_, client, *scopes->resource, clock_.Now(), lifetimes.access_token, *uti));
  if (!access.ok()) return access.error();
  return json{{"token_type", "Bearer"},
              {"expires_in", lifetimes.access_token.count()},
              {"ext_expires_in", lifetimes.access_token.count()},
              {"access_token", *access}};
}

OAuthResult<json> TokenService::OnBehalfOf(const Client& client, const Params& form) {
  if (!client.confidential()) {
    return OAuthError::UnauthorizedClient("On-Behalf-Of needs a confidential client");
  }
  const std::string* use = NonEmptyParam(form, "requested_token_use");
  if (use == nullptr || *use != "on_behalf_of") {
    return OAuthError::InvalidRequest("requested_token_use must be on_behalf_of");
  }
  const std::string* assertion = NonEmptyParam(form, "assertion");
  const std::string* scope = NonEmptyParam(form, "scope");
  if (assertion == nullptr) return OAuthError::InvalidRequest("assertion is missing");
  if (scope == nullptr) return OAuthError::InvalidRequest("scope is missing");

  // The assertion must be a live user token from this provider, issued for the calling client.
  Result<json> claims = keys_.Verify(*assertion);
  if (!claims.ok()) return OAuthError::InvalidGrant("the assertion failed signature validation");
  const json& c = *claims;
  if (!c.contains("iss") || (c["iss"] != issuer_.V2() && c["iss"] != issuer_.V1())) {
    return OAuthError::InvalidGrant("the assertion was not issued by this tenant");
  }
  int64_t now = ToUnixSeconds(clock_.Now());
  if (!c.contains("exp") || !c["exp"].is_number_integer() || c["exp"].get<int64_t>() <= now) {
    return OAuthError::InvalidGrant("the assertion has expired");
  }
  if (c.contains("nbf") && c["nbf"].is_number_integer() && c["nbf"].get<int64_t>() > now + 300) {
    return OAuthError::InvalidGrant("the assertion is not valid yet");
  }
  if (!AudienceIs(c.value("aud", json()), client)) {
    return OAuthError::InvalidGrant(
        "the assertion's audience does not match the client presenting it");
  }
  if (c.value("idtyp", "") == "app" || !c.contains("scp") || !c.contains("oid") ||
      !c["oid"].is_string()) {
    return OAuthError::InvalidGrant("the assertion is not a user's delegated token");
  }
  const User* user = dir_.FindUserByOid(c["oid"].get<std::string>());
  if (user == nullptr) return OAuthError::InvalidGrant("the assertion's user is unknown");

  OAuthResult<ScopeRequest> scopes = ResolveScopes(dir_, *scope);
  if (!scopes.ok()) return scopes.error();
  if (scopes->resource == nullptr) {
    return OAuthError::InvalidScope("On-Behalf-Of needs a downstream resource scope");
  }
  if (scopes->resource == &client) {
    return OAuthError::InvalidScope("On-Behalf-Of for the caller's own audience is pointless");
  }
  Lifetimes lifetimes = state_.lifetimes();
  UserTokenRequest req{user,        &client,      scopes->resource,
                       scopes->scp, clock_.Now(), lifetimes.access_token};
  Result<std::string> uti = NewTokenId();
  if (!uti.ok()) return OAuthError{"server_error", "no randomness", 500};
  OAuthResult<std::string> access = Sign(UserAccessTokenClaims(dir_, issuer_, req, *uti));
  if (!access.ok()) return access.error();
  ScopeRequest resource_only = scopes.value();
  resource_only.openid = resource_only.profile = resource_only.email = false;
  resource_only.offline_access = false;
  return json{{"token_type", "Bearer"},
              {"scope", GrantedScope(resource_only)},
              {"expires_in", lifetimes.access_token.count()},
              {"ext_expires_in", lifetimes.access_token.count()},
              {"access_token", *access}};
}

}  // namespace portcullis::dev_idp
