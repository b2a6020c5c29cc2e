#pragma once
// The gateway's own documents: the landing page, the login error page, /auth/capabilities and
// the RFC 9728 protected-resource metadata. Pure.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "portcullis/common/html_escape.h"

namespace portcullis::gateway {

// A tiny page with a "Sign in" button (/auth/login) and a link to /auth/me.
std::string LandingPage(const std::string& provider_label);

// A page saying what went wrong (text escaped) with a link to sign in again.
std::string LoginErrorPage(const std::string& message);

struct CapabilitiesInput {
  std::string provider_name;
  std::string provider_label;  // "Sign in with <label>"
  bool bearer_enabled = false;
  std::string resource_metadata_url;
};

nlohmann::json Capabilities(const CapabilitiesInput& input);

// RFC 9728 §2: resource, authorization_servers, bearer_methods_supported, scopes_supported.
nlohmann::json ProtectedResourceMetadata(const std::string& resource,
                                         const std::vector<std::string>& authorization_servers,
                                         const std::vector<std::string>& scopes);

}  // namespace portcullis::gateway
