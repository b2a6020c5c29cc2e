#include "graph_logic.h"

#include <charconv>

namespace portcullis::dev_idp {
namespace {

using nlohmann::json;

HttpReply GraphError(int status, const std::string& code, const std::string& message) {
  return HttpReply::Json(status, json{{"error", {{"code", code}, {"message", message}}}});
}

HttpReply Unauthenticated(const std::string& message) {
  return GraphError(401, "InvalidAuthenticationToken", message);
}

}  // namespace

GraphService::GraphService(const Clock& clock, const Directory& dir, const IssuerInfo& issuer,
                           const KeySet& keys, int page_size)
    : clock_(clock), dir_(dir), issuer_(issuer), keys_(keys), page_size_(page_size) {}

std::variant<GraphService::Caller, HttpReply> GraphService::Authenticate(
    const std::optional<std::string>& authorization) const {
  if (!authorization || authorization->rfind("Bearer ", 0) != 0) {
    return Unauthenticated("Access token is empty.");
  }
  Result<json> claims = keys_.Verify(authorization->substr(7));
  if (!claims.ok()) return Unauthenticated("Access token validation failure.");
  const json& c = *claims;
  std::string aud = c.value("aud", "");
  if (aud != kGraphAppId && aud != kGraphResource) {
    return Unauthenticated("Invalid audience.");
  }
  std::string iss = c.value("iss", "");
  if (iss != issuer_.V2() && iss != issuer_.V1()) return Unauthenticated("Invalid issuer.");
  if (!c.contains("exp") || !c["exp"].is_number_integer() ||
      c["exp"].get<int64_t>() <= ToUnixSeconds(clock_.Now())) {
    return Unauthenticated("Lifetime validation failed, the token is expired.");
  }
  if (!c.contains("scp") || c.value("idtyp", "") == "app") {
    return GraphError(403, "Authorization_RequestDenied", "A delegated token is required.");
  }
  const User* user = dir_.FindUserByOid(c.value("oid", ""));
  if (user == nullptr) return GraphError(404, "Request_ResourceNotFound", "Unknown user.");
  return Caller{user};
}

HttpReply GraphService::Me(const std::optional<std::string>& authorization) const {
  auto caller = Authenticate(authorization);
  if (auto* reply = std::get_if<HttpReply>(&caller)) return *reply;
  const User& u = *std::get<Caller>(caller).user;
  return HttpReply::Json(
      200, json{{"@odata.context", issuer_.graph_base + "/v1.0/$metadata#users/$entity"},
                {"id", u.oid},
                {"displayName", u.name},
                {"userPrincipalName", u.upn},
                {"mail", u.email}});
}

HttpReply GraphService::MemberObjects(const std::optional<std::string>& authorization,
                                      const std::string& target_oid,
                                      const std::string& skip) const {
  auto caller = Authenticate(authorization);
  if (auto* reply = std::get_if<HttpReply>(&caller)) return *reply;
  const User& u = *std::get<Caller>(caller).user;
  if (!target_oid.empty() && target_oid != u.oid) {
    return GraphError(403, "Authorization_RequestDenied",
                      "dev-idp lets a user read only their own memberships.");
  }
  size_t start = 0;
  if (!skip.empty()) {
    auto [end, ec] = std::from_chars(skip.data(), skip.data() + skip.size(), start);
    if (ec != std::errc() || end != skip.data() + skip.size() || start > u.group_ids.size()) {
      return GraphError(400, "BadRequest", "Invalid $skiptoken.");
    }
  }
  size_t stop = std::min(u.group_ids.size(), start + static_cast<size_t>(page_size_));
  json body{
      {"@odata.context", issuer_.graph_base + "/v1.0/$metadata#Collection(Edm.String)"},
      {"value", std::vector<std::string>(u.group_ids.begin() + start, u.group_ids.begin() + stop)}};
  if (stop < u.group_ids.size()) {
    std::string path = target_oid.empty() ? "/v1.0/me" : "/v1.0/users/" + target_oid;
    body["@odata.nextLink"] =
        issuer_.graph_base + path + "/getMemberObjects?$skiptoken=" + std::to_string(stop);
  }
  return HttpReply::Json(200, body);
}

}  // namespace portcullis::dev_idp
