#pragma once
// Entra-shaped token claims. Pure functions of the directory, the parties and `now`.
//
// v2 access tokens: iss "<base>/<tid>/v2.0", aud = the resource's client id, azp, azpacr, oid,
// tid, pairwise sub, name, preferred_username, upn, email, scp, roles, groups, uti, ver "2.0".
// v1 (resource with access_token_version 1): iss "https://sts.windows.net/<tid>/", aud = the app
// id URI, appid, appidacr, unique_name, ver "1.0". Id tokens: aud = client, nonce, ver "2.0".
// More groups than the overage limit: no `groups`, but `_claim_names`/`_claim_sources` pointing
// at "<graph base>/v1.0/users/<oid>/getMemberObjects", as Entra does.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "directory.h"
#include "portcullis/common/clock.h"

namespace portcullis::dev_idp {

struct IssuerInfo {
  std::string base;  // "http://127.0.0.1:9400": scheme, host and port of this provider
  std::string tenant_id;
  std::string graph_base;  // where the Graph stand-in answers; normally == base
  int group_overage_limit = 200;

  std::string V2() const { return base + "/" + tenant_id + "/v2.0"; }
  std::string V1() const { return "https://sts.windows.net/" + tenant_id + "/"; }
};

struct UserTokenRequest {
  const User* user = nullptr;
  const Client* caller = nullptr;    // the client the token is issued to (azp)
  const Client* resource = nullptr;  // the audience; nullptr: the caller itself
  std::vector<std::string> scp;
  TimePoint now;
  std::chrono::seconds lifetime{3600};
};

// Claims of a delegated access token.
nlohmann::json UserAccessTokenClaims(const Directory& dir, const IssuerInfo& issuer,
                                     const UserTokenRequest& req, const std::string& uti);

// Claims of an id token for `req.caller`; `nonce` is left out when empty.
nlohmann::json IdTokenClaims(const Directory& dir, const IssuerInfo& issuer,
                             const UserTokenRequest& req, const std::string& nonce,
                             const std::string& uti);

// Claims of an app-only (client_credentials) access token for `resource`.
nlohmann::json AppAccessTokenClaims(const Directory& dir, const IssuerInfo& issuer,
                                    const Client& caller, const Client& resource, TimePoint now,
                                    std::chrono::seconds lifetime, const std::string& uti);

// Entra's pairwise subject: stable per (tenant, user, application), opaque, 43 characters.
std::string PairwiseSubject(const std::string& tenant_id, const std::string& oid,
                            const std::string& app_id);

}  // namespace portcullis::dev_idp
