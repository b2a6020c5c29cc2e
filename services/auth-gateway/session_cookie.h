#pragma once
// The session cookie's name and attributes (ARCHITECTURE.md "Security model"): HttpOnly,
// SameSite=Lax, Path=/, and over HTTPS Secure with the `__Host-` prefix. Plain http is allowed
// only for a loopback public URL (http://localhost, 127.0.0.1, [::1]) and only when the operator
// sets `cookie.allow_insecure_localhost` - for local runs, never for a deployment. Pure.

#include <cstdint>
#include <string>
#include <string_view>

#include "portcullis/common/result.h"
#include "portcullis/http/cookie.h"

namespace portcullis::gateway {

struct SessionCookiePolicy {
  std::string name;  // the full cookie name, "__Host-" included when secure
  bool secure = true;

  // Set-Cookie for a new session; `max_age_s` is the session's absolute lifetime left.
  http::SetCookie Issue(std::string value, int64_t max_age_s) const;
  // Set-Cookie that deletes the cookie (Max-Age=0, empty value, same name and attributes).
  http::SetCookie Clear() const;
};

// From the public base URL: https → "__Host-<base_name>", Secure. http → "<base_name>", not
// Secure, only when `allow_insecure_localhost` and the host is loopback. Errors: kBadRequest
// naming the problem (not an absolute http(s) URL, http without the switch or off loopback,
// a base name that is not a cookie token).
Result<SessionCookiePolicy> MakeSessionCookiePolicy(std::string_view public_base_url,
                                                    std::string_view base_name,
                                                    bool allow_insecure_localhost);

}  // namespace portcullis::gateway
