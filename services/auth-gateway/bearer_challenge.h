#pragma once
// WWW-Authenticate for Bearer resources (RFC 6750 §3) with the RFC 9728 `resource_metadata`
// parameter, so MCP and API clients can discover the authorization server from a 401. Pure.
//
//   BearerChallenge({.error = "invalid_token", .resource_metadata = base + kMetadataPath})
//   // -> Bearer error="invalid_token",
//   resource_metadata="https://gw/.well-known/oauth-protected-resource"

#include <string>
#include <string_view>

namespace portcullis::gateway {

inline constexpr std::string_view kProtectedResourceMetadataPath =
    "/.well-known/oauth-protected-resource";

struct ChallengeParams {
  std::string realm;              // omitted when ""
  std::string error;              // "invalid_token", "insufficient_scope", or "" (no credentials)
  std::string error_description;  // omitted when ""; never a token or a precise failure reason
  std::string resource_metadata;  // absolute URL of the RFC 9728 document
};

// Quoted-string parameters; '"' and '\' escaped, control characters dropped.
std::string BearerChallenge(const ChallengeParams& params);

}  // namespace portcullis::gateway
