#include "token_logic.h"

#include "client_auth.h"
#include "pkce.h"
#include "portcullis/crypto/random.h"

namespace portcullis::dev_idp {
namespace {

using nlohmann::json;

HttpReply FaultReply(const TokenFault& fault) {
  HttpReply r = HttpReply::Json(
      fault.status,
      json{{"error", fault.status == 429 ? "temporarily_unavailable" : "server_error"},
           {"error_description", "injected by a dev-idp test control"}});
  if (fault.retry_after_seconds) {
    r.headers.emplace_back(ReplyHeader::kRetryAfter, std::to_string(*fault.retry_after_seconds));
  }
  return r;
}

}  // namespace

Result<std::string> NewTokenId() {
  Result<std::string> id = crypto::RandomId();
  if (!id.ok()) return id.error();
  return id->substr(0, 22);
}

std::string GrantedScope(const ScopeRequest& scopes) {
  std::vector<std::string> parts;
  if (scopes.resource != nullptr) {
    const Client& r = *scopes.resource;
    std::string prefix = r.app_id_uri.empty() ? r.client_id : r.app_id_uri;
    for (const std::string& s : scopes.scp) parts.push_back(prefix + "/" + s);
  }
  std::string oidc = scopes.OidcScopes();
  if (!oidc.empty()) parts.push_back(oidc);
  return JoinSpaces(parts);
}

TokenService::TokenService(const Clock& clock, const Directory& dir, const IssuerInfo& issuer,
                           KeySet& keys, CodeStore& codes, RefreshStore& refresh,
                           ProviderState& state)
    : clock_(clock),
      dir_(dir),
      issuer_(issuer),
      keys_(keys),
      codes_(codes),
      refresh_(refresh),
      state_(state) {}

HttpReply TokenService::Handle(const TokenRequest& request) {
  if (std::optional<TokenFault> fault = state_.TakeTokenFault()) return FaultReply(*fault);
  OAuthResult<const Client*> client = AuthenticateClient(dir_, request.form, request.authorization);
  if (!client.ok()) return client.error().ToReply();
  const std::string* grant_type = NonEmptyParam(request.form, "grant_type");
  if (grant_type == nullptr) return OAuthError::InvalidRequest("grant_type is missing").ToReply();
  OAuthResult<json> result = OAuthError::UnsupportedGrantType("grant_type " + *grant_type);
  std::string counter = *grant_type;
  if (*grant_type == "authorization_code") {
    result = AuthorizationCode(**client, request.form);
  } else if (*grant_type == "refresh_token") {
    result = RefreshToken(**client, request.form);
  } else if (*grant_type == "client_credentials") {
    result = ClientCredentials(**client, request.form);
  } else if (*grant_type == kJwtBearerGrant) {
    counter = "on_behalf_of";
    result = OnBehalfOf(**client, request.form);
  }
  if (!result.ok()) return result.error().ToReply();
  state_.Count(counter);
  return HttpReply::Json(200, result.value());
}

OAuthResult<std::string> TokenService::Sign(const json& claims) {
  Result<std::string> jwt = keys_.Sign(claims);
  if (!jwt.ok()) return OAuthError{"server_error", "signing failed", 500};
  return *jwt;
}

OAuthResult<json> TokenService::IssueUserTokens(UserGrant grant, std::string* family) {
  if (grant.scopes.resource != nullptr && grant.scopes.resource->IsGraph()) {
    return OAuthError::InvalidScope(
        "dev-idp issues Microsoft Graph tokens only through On-Behalf-Of");
  }
  Lifetimes lifetimes = state_.lifetimes();
  TimePoint now = clock_.Now();
  UserTokenRequest req{grant.user,       grant.caller, grant.scopes.resource,
                       grant.scopes.scp, now,          lifetimes.access_token};
  if (req.resource == nullptr) req.scp = SplitSpaces(grant.scopes.OidcScopes());
  Result<std::string> uti = NewTokenId();
  if (!uti.ok()) return OAuthError{"server_error", "no randomness", 500};
  OAuthResult<std::string> access = Sign(UserAccessTokenClaims(dir_, issuer_, req, *uti));
  if (!access.ok()) return access.error();
  json body{{"token_type", "Bearer"},
            {"scope", GrantedScope(grant.scopes)},
            {"expires_in", lifetimes.access_token.count()},
            {"ext_expires_in", lifetimes.access_token.count()},
            {"access_token", *access}};
  if (grant.scopes.openid) {
    req.lifetime = lifetimes.id_token;
    Result<std::string> id_uti = NewTokenId();
    if (!id_uti.ok()) return OAuthError{"server_error", "no randomness", 500};
    OAuthResult<std::string> id = Sign(IdTokenClaims(dir_, issuer_, req, grant.nonce, *id_uti));
    if (!id.ok()) return id.error();
    body["id_token"] = *id;
  }
  family->clear();
  if (grant.scopes.offline_access) {
    RefreshGrant rg{grant.family, grant.caller->client_id, grant.user->username, grant.scope_text,
                    grant.auth_time};
    Result<std::string> rt = refresh_.Issue(rg, lifetimes.refresh_token);
    if (!rt.ok()) return OAuthError{"server_error", "no randomness", 500};
    body["refresh_token"] = *rt;
    *family = rg.family;
  }
  return body;
}

OAuthResult<json> TokenService::AuthorizationCode(const Client& client, const Params& form) {
  const std::string* code = NonEmptyParam(form, "code");
  const std::string* redirect_uri = NonEmptyParam(form, "redirect_uri");
  const std::string* verifier = NonEmptyParam(form, "code_verifier");
  if (code == nullptr) return OAuthError::InvalidRequest("code is missing");
  if (redirect_uri == nullptr) return OAuthError::InvalidRequest("redirect_uri is missing");
  // Redeem before any other check: a code is burnt by its first presentation, right or wrong.
  CodeStore::Redemption r = codes_.Redeem(*code);
  switch (r.outcome) {
    case CodeStore::Outcome::kUnknown:
      return OAuthError::InvalidGrant("unknown authorization code");
    case CodeStore::Outcome::kExpired:
      return OAuthError::InvalidGrant("the authorization code has expired");
    case CodeStore::Outcome::kReused:
      for (const std::string& f : r.families) refresh_.RevokeFamily(f);
      return OAuthError::InvalidGrant(
          "the authorization code was already redeemed; tokens issued from it are revoked");
    case CodeStore::Outcome::kOk:
      break;
  }
  if (r.grant.client_id != client.client_id) {
    return OAuthError::InvalidGrant("the code was issued to another client");
  }
  if (r.grant.redirect_uri != *redirect_uri) {
    return OAuthError::InvalidGrant("redirect_uri differs from the authorization request");
  }
  if (verifier == nullptr) return OAuthError::InvalidGrant("code_verifier is missing");
  if (!VerifierMatches(*verifier, r.grant.code_challenge)) {
    return OAuthError::InvalidGrant("code_verifier does not match the code_challenge");
  }
  const User* user = dir_.FindUser(r.grant.username);
  OAuthResult<ScopeRequest> scopes = ResolveScopes(dir_, r.grant.scope);
  if (user == nullptr || !scopes.ok()) return OAuthError::InvalidGrant("the grant is stale");
  std::string family;
  OAuthResult<json> body = IssueUserTokens(
      UserGrant{&client, user, scopes.value(), r.grant.scope, r.grant.nonce, r.grant.auth_time, ""},
      &family);
  if (body.ok() && !family.empty()) codes_.LinkFamily(*code, family);
  return body;
}

OAuthResult<json> TokenService::RefreshToken(const Client& client, const Params& form) {
  const std::string* token = NonEmptyParam(form, "refresh_token");
  if (token == nullptr) return OAuthError::InvalidRequest("refresh_token is missing");
  // As Entra: a refresh token may ask for another resource. A bad scope is refused before the
  // token is spent, so the client keeps a usable one.
  std::optional<ScopeRequest> requested;
  if (const std::string* scope = NonEmptyParam(form, "scope")) {
    OAuthResult<ScopeRequest> s = ResolveScopes(dir_, *scope);
    if (!s.ok()) return s.error();
    if (s->resource != nullptr && s->resource->IsGraph()) {
      return OAuthError::InvalidScope(
          "dev-idp issues Microsoft Graph tokens only through On-Behalf-Of");
    }
    requested = s.value();
  }
  RefreshStore::Redemption r = refresh_.Redeem(*token, client.client_id);
  switch (r.outcome) {
    case RefreshStore::Outcome::kUnknown:
      return OAuthError::InvalidGrant("unknown refresh token");
    case RefreshStore::Outcome::kExpired:
      return OAuthError::InvalidGrant("the refresh token has expired");
    case RefreshStore::Outcome::kRevoked:
      return OAuthError::InvalidGrant("the refresh token has been revoked");
    case RefreshStore::Outcome::kWrongClient:
      return OAuthError::InvalidGrant("the refresh token was issued to another client");
    case RefreshStore::Outcome::kReused:
      return OAuthError::InvalidGrant(
          "the refresh token was already used; its whole family is revoked");
    case RefreshStore::Outcome::kOk:
      break;
  }
  OAuthResult<ScopeRequest> granted = ResolveScopes(dir_, r.grant.scope);
  const User* user = dir_.FindUser(r.grant.username);
  if (!granted.ok() || user == nullptr) return OAuthError::InvalidGrant("the grant is stale");
  // OpenID scopes stay as first granted, whatever resource is asked for now.
  ScopeRequest scopes = requested.value_or(granted.value());
  scopes.openid = granted->openid;
  scopes.profile = granted->profile;
  scopes.email = granted->email;
  scopes.offline_access = true;
  std::string family;
  return IssueUserTokens(
      UserGrant{&client, user, scopes, r.grant.scope, "", r.grant.auth_time, r.grant.family},
      &family);
}

}  // namespace portcullis::dev_idp
