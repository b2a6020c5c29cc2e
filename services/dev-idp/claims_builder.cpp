#include "claims_builder.h"

#include "portcullis/crypto/encoding.h"
#include "portcullis/crypto/hash.h"

namespace portcullis::dev_idp {
namespace {

using nlohmann::json;

void AddTimes(json& c, TimePoint now, std::chrono::seconds lifetime) {
  c["iat"] = ToUnixSeconds(now);
  c["nbf"] = ToUnixSeconds(now);
  c["exp"] = ToUnixSeconds(now + lifetime);
}

void AddUser(json& c, const Directory& dir, const IssuerInfo& issuer, const User& user,
             const std::string& app_id) {
  c["oid"] = user.oid;
  c["tid"] = dir.tenant_id;
  c["sub"] = PairwiseSubject(dir.tenant_id, user.oid, app_id);
  c["name"] = user.name;
  c["preferred_username"] = user.upn;
  c["upn"] = user.upn;
  c["email"] = user.email;
  if (static_cast<int>(user.group_ids.size()) > issuer.group_overage_limit) {
    c["_claim_names"] = {{"groups", "src1"}};
    c["_claim_sources"] = {
        {"src1",
         {{"endpoint", issuer.graph_base + "/v1.0/users/" + user.oid + "/getMemberObjects"}}}};
  } else {
    c["groups"] = user.group_ids;
  }
}

}  // namespace

std::string PairwiseSubject(const std::string& tenant_id, const std::string& oid,
                            const std::string& app_id) {
  return crypto::Base64UrlEncode(
      crypto::Sha256(crypto::AsBytes(tenant_id + "|" + oid + "|" + app_id)));
}

json UserAccessTokenClaims(const Directory& dir, const IssuerInfo& issuer,
                           const UserTokenRequest& req, const std::string& uti) {
  const Client& resource = req.resource != nullptr ? *req.resource : *req.caller;
  bool v1 = resource.access_token_version == 1;
  json c = json::object();
  c["iss"] = v1 ? issuer.V1() : issuer.V2();
  c["aud"] = v1 && !resource.app_id_uri.empty() ? resource.app_id_uri : resource.client_id;
  AddTimes(c, req.now, req.lifetime);
  AddUser(c, dir, issuer, *req.user, resource.client_id);
  std::string scp;
  for (const std::string& s : req.scp) scp += (scp.empty() ? "" : " ") + s;
  c["scp"] = scp;
  std::vector<std::string> roles = dir.UserRoles(*req.user, resource);
  if (!roles.empty()) c["roles"] = roles;
  if (v1) {
    c["appid"] = req.caller->client_id;
    c["appidacr"] = req.caller->confidential() ? "1" : "0";
    c["unique_name"] = req.user->upn;
    c["ver"] = "1.0";
  } else {
    c["azp"] = req.caller->client_id;
    c["azpacr"] = req.caller->confidential() ? "1" : "0";
    c["ver"] = "2.0";
  }
  c["uti"] = uti;
  return c;
}

json IdTokenClaims(const Directory& dir, const IssuerInfo& issuer, const UserTokenRequest& req,
                   const std::string& nonce, const std::string& uti) {
  json c = json::object();
  c["iss"] = issuer.V2();
  c["aud"] = req.caller->client_id;
  AddTimes(c, req.now, req.lifetime);
  AddUser(c, dir, issuer, *req.user, req.caller->client_id);
  std::vector<std::string> roles = dir.UserRoles(*req.user, *req.caller);
  if (!roles.empty()) c["roles"] = roles;
  if (!nonce.empty()) c["nonce"] = nonce;
  c["uti"] = uti;
  c["ver"] = "2.0";
  return c;
}

json AppAccessTokenClaims(const Directory& dir, const IssuerInfo& issuer, const Client& caller,
                          const Client& resource, TimePoint now, std::chrono::seconds lifetime,
                          const std::string& uti) {
  bool v1 = resource.access_token_version == 1;
  json c = json::object();
  c["iss"] = v1 ? issuer.V1() : issuer.V2();
  c["aud"] = v1 && !resource.app_id_uri.empty() ? resource.app_id_uri : resource.client_id;
  AddTimes(c, now, lifetime);
  c["oid"] = caller.object_id;
  c["sub"] = caller.object_id;
  c["tid"] = dir.tenant_id;
  c["idtyp"] = "app";
  std::vector<std::string> roles = dir.ClientRoles(caller, resource);
  if (!roles.empty()) c["roles"] = roles;
  if (v1) {
    c["appid"] = caller.client_id;
    c["appidacr"] = "1";
    c["ver"] = "1.0";
  } else {
    c["azp"] = caller.client_id;
    c["azpacr"] = "1";
    c["ver"] = "2.0";
  }
  c["uti"] = uti;
  return c;
}

}  // namespace portcullis::dev_idp
