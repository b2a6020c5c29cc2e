#include "discovery.h"

namespace portcullis::dev_idp {

nlohmann::json DiscoveryDocument(const IssuerInfo& issuer) {
  const std::string& tid = issuer.tenant_id;
  return nlohmann::json{
      {"issuer", issuer.V2()},
      {"authorization_endpoint", issuer.base + EndpointPaths::Authorize(tid)},
      {"token_endpoint", issuer.base + EndpointPaths::Token(tid)},
      {"end_session_endpoint", issuer.base + EndpointPaths::Logout(tid)},
      {"jwks_uri", issuer.base + EndpointPaths::Jwks(tid)},
      {"response_types_supported", {"code"}},
      {"response_modes_supported", {"query"}},
      {"grant_types_supported",
       {"authorization_code", "refresh_token", "client_credentials",
        "urn:ietf:params:oauth:grant-type:jwt-bearer"}},
      {"subject_types_supported", {"pairwise"}},
      {"id_token_signing_alg_values_supported", {"RS256"}},
      {"token_endpoint_auth_methods_supported", {"client_secret_post", "client_secret_basic"}},
      {"code_challenge_methods_supported", {"S256"}},
      {"scopes_supported", {"openid", "profile", "email", "offline_access"}},
      {"claims_supported",
       {"sub", "iss", "aud", "exp", "iat", "nbf", "nonce", "oid", "tid", "name",
        "preferred_username", "upn", "email", "roles", "groups", "ver", "_claim_names",
        "_claim_sources"}},
      {"request_uri_parameter_supported", false},
      {"frontchannel_logout_supported", false},
      {"tenant_region_scope", nullptr},
      {"cloud_instance_name", "dev-idp.local"},
      {"msgraph_host", issuer.graph_base.substr(issuer.graph_base.find("://") + 3)},
  };
}

}  // namespace portcullis::dev_idp
