#pragma once
// TokenService: the token endpoint. Grants: authorization_code (PKCE S256 verifier, single-use
// code, reuse revokes what the first redemption issued), refresh_token (rotation, reuse of a
// rotated token revokes the family), client_credentials, and On-Behalf-Of
// (urn:ietf:params:oauth:grant-type:jwt-bearer with requested_token_use=on_behalf_of).
// Errors are OAuth JSON (oauth_error.h). Thread-safe; every collaborator must outlive it.
//
//   TokenService tokens(clock, dir, issuer, keys, codes, refresh, state);
//   HttpReply reply = tokens.Handle({.form = params, .authorization = header});

#include <optional>
#include <string>

#include "claims_builder.h"
#include "code_store.h"
#include "directory.h"
#include "form.h"
#include "http_reply.h"
#include "key_set.h"
#include "oauth_error.h"
#include "provider_state.h"
#include "refresh_store.h"
#include "scopes.h"

namespace portcullis::dev_idp {

inline constexpr std::string_view kJwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

struct TokenRequest {
  Params form;
  std::optional<std::string> authorization;  // the raw Authorization header, if any
};

class TokenService {
 public:
  TokenService(const Clock& clock, const Directory& dir, const IssuerInfo& issuer, KeySet& keys,
               CodeStore& codes, RefreshStore& refresh, ProviderState& state);

  // Answers one token request: 200 with tokens, an OAuth error, or an injected fault.
  HttpReply Handle(const TokenRequest& request);

 private:
  struct UserGrant {
    const Client* caller = nullptr;
    const User* user = nullptr;
    ScopeRequest scopes;
    std::string scope_text;  // as it was granted, kept for the refresh token
    std::string nonce;
    TimePoint auth_time;
    std::string family;  // refresh family to continue; empty: start one if offline_access
  };
  OAuthResult<nlohmann::json> AuthorizationCode(const Client& client, const Params& form);
  OAuthResult<nlohmann::json> RefreshToken(const Client& client, const Params& form);
  OAuthResult<nlohmann::json> ClientCredentials(const Client& client, const Params& form);
  OAuthResult<nlohmann::json> OnBehalfOf(const Client& client, const Params& form);
  // Access token, id token when openid, refresh token when offline_access. `family` receives
  // the refresh family (empty when none was issued).
  OAuthResult<nlohmann::json> IssueUserTokens(UserGrant grant, std::string* family);
  OAuthResult<std::string> Sign(const nlohmann::json& claims);

  const Clock& clock_;
  const Directory& dir_;
  const IssuerInfo& issuer_;
  KeySet& keys_;
  CodeStore& codes_;
  RefreshStore& refresh_;
  ProviderState& state_;
};

// The unique token identifier (`uti`) for a new token. kInternal when the CSPRNG fails.
Result<std::string> NewTokenId();

// The "scope" member of a token response: resource scopes in full, then OpenID scopes.
std::string GrantedScope(const ScopeRequest& scopes);

}  // namespace portcullis::dev_idp
