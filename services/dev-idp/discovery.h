#pragma once
// The OpenID Provider metadata (discovery document) dev-idp publishes at
// /{tenant}/v2.0/.well-known/openid-configuration, with Entra's endpoint layout. Pure.

#include <nlohmann/json.hpp>

#include "claims_builder.h"

namespace portcullis::dev_idp {

struct EndpointPaths {
  static std::string Discovery(const std::string& tid) {
    return "/" + tid + "/v2.0/.well-known/openid-configuration";
  }
  static std::string Authorize(const std::string& tid) {
    return "/" + tid + "/oauth2/v2.0/authorize";
  }
  static std::string Token(const std::string& tid) { return "/" + tid + "/oauth2/v2.0/token"; }
  static std::string Logout(const std::string& tid) { return "/" + tid + "/oauth2/v2.0/logout"; }
  static std::string Jwks(const std::string& tid) { return "/" + tid + "/discovery/v2.0/keys"; }
};

nlohmann::json DiscoveryDocument(const IssuerInfo& issuer);

}  // namespace portcullis::dev_idp
