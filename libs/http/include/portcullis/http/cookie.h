#pragma once
// Cookies on the server side: parsing a request's `Cookie` header and serialising `Set-Cookie`
// (RFC 6265 §4). Pure functions, thread-safe.
//
//   Result<std::vector<CookiePair>> jar = ParseCookieHeader(raw_cookie_header);
//   if (!jar.ok()) return Reply(400);                       // malformed: never guessed at
//   std::optional<std::string_view> sid = FindCookie(*jar, "__Host-portcullis");
//   SetCookie c{.name = "__Host-portcullis", .value = id, .secure = true};
//   Result<std::string> header = SerializeSetCookie(c);     // "name=v; Path=/; Secure; ..."

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/common/result.h"

namespace portcullis::http {

struct CookiePair {
  std::string name;
  std::string value;  // surrounding double quotes removed
};

// Parses `name=value; name2=value2` (RFC 6265 §4.2.1, with the optional space after ';'
// tolerated as browsers send it). Names must be tokens (RFC 7230 tchar), values cookie-octets,
// optionally in double quotes. Empty header → empty list. Errors: kBadRequest naming the problem
// (a pair without '=', an empty or non-token name, a control character or other forbidden octet
// in a value, more than `max_pairs` pairs).
Result<std::vector<CookiePair>> ParseCookieHeader(std::string_view header, size_t max_pairs = 100);

// The value of the first cookie named `name` (case-sensitive, as browsers send them), or nullopt.
std::optional<std::string_view> FindCookie(const std::vector<CookiePair>& cookies,
                                           std::string_view name);

enum class SameSite { kUnset, kLax, kStrict, kNone };

struct SetCookie {
  std::string name;
  std::string value;
  std::string path = "/";
  std::string domain;                // "" omits Domain (host-only, required by __Host-)
  std::optional<int64_t> max_age_s;  // nullopt: a session cookie; 0 deletes it
  bool secure = false;
  bool http_only = true;
  SameSite same_site = SameSite::kLax;
};

// The Set-Cookie header value. Errors: kBadRequest for a non-token name, a value outside
// cookie-octets, a path or domain with ';' or control characters, SameSite=None without Secure,
// a `__Secure-` name without Secure, or a `__Host-` name without Secure, with a Domain or with a
// Path other than "/" (RFC 6265bis §4.1.3).
Result<std::string> SerializeSetCookie(const SetCookie& cookie);

// True when `c` is an RFC 7230 tchar.
bool IsTokenChar(char c);

}  // namespace portcullis::http
