#include "scopes.h"

#include <algorithm>

namespace portcullis::dev_idp {

std::vector<std::string> SplitSpaces(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    size_t sp = text.find(' ');
    if (sp != 0) out.emplace_back(text.substr(0, sp));
    text = sp == std::string_view::npos ? std::string_view() : text.substr(sp + 1);
  }
  return out;
}

std::string JoinSpaces(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out.push_back(' ');
    out += s;
  }
  return out;
}

std::string ScopeRequest::OidcScopes() const {
  std::vector<std::string> s;
  if (openid) s.emplace_back("openid");
  if (profile) s.emplace_back("profile");
  if (email) s.emplace_back("email");
  if (offline_access) s.emplace_back("offline_access");
  return JoinSpaces(s);
}

OAuthResult<ScopeRequest> ResolveScopes(const Directory& dir, std::string_view scope) {
  ScopeRequest req;
  for (const std::string& s : SplitSpaces(scope)) {
    if (s == "openid") {
      req.openid = true;
    } else if (s == "profile") {
      req.profile = true;
    } else if (s == "email") {
      req.email = true;
    } else if (s == "offline_access") {
      req.offline_access = true;
    } else {
      size_t slash = s.rfind('/');
      if (slash == std::string::npos || slash + 1 == s.size()) {
        return OAuthError::InvalidScope("unknown scope '" + s +
                                        "'; resource scopes are '<app id URI>/<scope>'");
      }
      const Client* resource = dir.FindResource(s.substr(0, slash));
      std::string name = s.substr(slash + 1);
      if (resource == nullptr) {
        return OAuthError::InvalidScope("no resource '" + s.substr(0, slash) + "' in this tenant");
      }
      if (req.resource != nullptr && req.resource != resource) {
        return OAuthError::InvalidScope("scopes of more than one resource were requested");
      }
      req.resource = resource;
      if (name == ".default") {
        req.default_scope = true;
        for (const std::string& exposed : resource->scopes) {
          if (std::find(req.scp.begin(), req.scp.end(), exposed) == req.scp.end()) {
            req.scp.push_back(exposed);
          }
        }
      } else if (std::find(resource->scopes.begin(), resource->scopes.end(), name) ==
                 resource->scopes.end()) {
        return OAuthError::InvalidScope("resource '" + resource->client_id +
                                        "' exposes no scope '" + name + "'");
      } else if (std::find(req.scp.begin(), req.scp.end(), name) == req.scp.end()) {
        req.scp.push_back(name);
      }
    }
  }
  return req;
}

}  // namespace portcullis::dev_idp
