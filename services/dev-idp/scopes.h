#pragma once
// Scope resolution as Entra does it: OpenID scopes (openid, profile, email, offline_access) plus
// scopes of at most one resource, written "<app id URI or client id>/<scope>" or ".../.default".
// Pure.

#include <string>
#include <string_view>
#include <vector>

#include "directory.h"
#include "oauth_error.h"

namespace portcullis::dev_idp {

struct ScopeRequest {
  bool openid = false;
  bool profile = false;
  bool email = false;
  bool offline_access = false;
  const Client* resource = nullptr;  // nullptr: no resource scope was asked for
  std::vector<std::string> scp;      // delegated scope names on `resource`
  bool default_scope = false;        // "<resource>/.default" was asked for

  // The OpenID scopes asked for, space-separated ("openid profile email offline_access").
  std::string OidcScopes() const;
};

// invalid_scope when a scope is unknown, a resource exposes no such scope, or scopes of two
// resources are mixed (Entra answers AADSTS28000 for that).
OAuthResult<ScopeRequest> ResolveScopes(const Directory& dir, std::string_view scope);

std::vector<std::string> SplitSpaces(std::string_view text);
std::string JoinSpaces(const std::vector<std::string>& items);

}  // namespace portcullis::dev_idp
