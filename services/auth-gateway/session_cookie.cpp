#include "session_cookie.h"

#include "csrf.h"

namespace portcullis::gateway {

http::SetCookie SessionCookiePolicy::Issue(std::string value, int64_t max_age_s) const {
  return http::SetCookie{.name = name,
                         .value = std::move(value),
                         .path = "/",
                         .max_age_s = max_age_s,
                         .secure = secure,
                         .http_only = true,
                         .same_site = http::SameSite::kLax};
}

http::SetCookie SessionCookiePolicy::Clear() const { return Issue("", 0); }

Result<SessionCookiePolicy> MakeSessionCookiePolicy(std::string_view public_base_url,
                                                    std::string_view base_name,
                                                    bool allow_insecure_localhost) {
  if (base_name.empty() || base_name.starts_with("__")) {
    return Error{ErrorCode::kBadRequest, "cookie.name must be a plain name (the prefix is added)"};
  }
  for (char c : base_name) {
    if (!http::IsTokenChar(c)) {
      return Error{ErrorCode::kBadRequest, "cookie.name is not a cookie token"};
    }
  }
  std::optional<std::string> origin = OriginOf(public_base_url);
  if (!origin) {
    return Error{ErrorCode::kBadRequest, "public_base_url must be an absolute http(s) URL"};
  }
  if (origin->starts_with("https://")) {
    return SessionCookiePolicy{"__Host-" + std::string(base_name), true};
  }
  std::string_view host = std::string_view(*origin).substr(7);
  if (size_t colon = host.rfind(':'); colon != std::string_view::npos && host.back() != ']') {
    host = host.substr(0, colon);
  } else if (host.starts_with("[") && host.find("]:") != std::string_view::npos) {
    host = host.substr(0, host.find("]:") + 1);
  }
  bool loopback = host == "localhost" || host == "127.0.0.1" || host == "[::1]";
  if (!allow_insecure_localhost || !loopback) {
    return Error{ErrorCode::kBadRequest,
                 "public_base_url is plain http: only allowed for localhost/127.0.0.1 with "
                 "cookie.allow_insecure_localhost=true"};
  }
  return SessionCookiePolicy{std::string(base_name), false};
}

}  // namespace portcullis::gateway
