#pragma once
// CSRF defence for cookie-authenticated requests (ARCHITECTURE.md "Security model"): a per-session
// token derived, never stored, as HMAC-SHA256(gateway key, session id), sent back by the SPA in
// X-CSRF-Token on unsafe methods and compared in constant time; plus Origin and Sec-Fetch-Site
// checks. Pure and thread-safe.
//
//   std::string token = DeriveCsrfToken(key, session_id);              // handed out by /auth/me
//   CsrfVerdict v = CheckUnsafeRequest({.method = "POST", .csrf_header = ..., .origin = ...},
//                                      key, session_id, allowed_origins);
//   if (v != CsrfVerdict::kOk) return Forbidden(ToString(v));

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/common/secret.h"

namespace portcullis::gateway {

// GET, HEAD, OPTIONS and TRACE are safe; everything else (including unknown methods) is not.
bool IsUnsafeMethod(std::string_view method);

// base64url(HMAC-SHA256(key, "portcullis-csrf-v1|" + session_id)): 43 characters.
std::string DeriveCsrfToken(const SecretString& key, std::string_view session_id);

// Constant-time comparison of `presented` with the token derived for `session_id`.
bool CsrfTokenMatches(const SecretString& key, std::string_view session_id,
                      std::string_view presented);

struct CsrfInput {
  std::string_view method;
  std::optional<std::string_view> csrf_header;     // X-CSRF-Token
  std::optional<std::string_view> origin;          // Origin
  std::optional<std::string_view> sec_fetch_site;  // Sec-Fetch-Site
};

enum class CsrfVerdict {
  kOk,
  kCrossSite,      // Sec-Fetch-Site: cross-site
  kBadOrigin,      // Origin missing, "null" or not allowed
  kMissingToken,   // no X-CSRF-Token
  kTokenMismatch,  // X-CSRF-Token differs from the derived token
};

std::string_view ToString(CsrfVerdict verdict);

// For safe methods: kOk. For unsafe methods, in this order: Sec-Fetch-Site "cross-site" →
// kCrossSite; Origin absent, "null" or not exactly one of `allowed_origins` → kBadOrigin;
// token absent → kMissingToken; token wrong → kTokenMismatch.
CsrfVerdict CheckUnsafeRequest(const CsrfInput& input, const SecretString& key,
                               std::string_view session_id,
                               const std::vector<std::string>& allowed_origins);

// "scheme://host[:port]" of an absolute URL, lower-cased scheme and host, default ports
// dropped; nullopt when `url` is not absolute http(s).
std::optional<std::string> OriginOf(std::string_view url);

}  // namespace portcullis::gateway
