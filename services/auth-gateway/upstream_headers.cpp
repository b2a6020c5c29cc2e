#include "upstream_headers.h"

#include "portcullis/http/cookie.h"
#include "portcullis/proxy/hop_by_hop.h"

namespace portcullis::gateway {
namespace {

// Our cookie removed from a Cookie header; "" when nothing else is left. A header we cannot
// parse is dropped entirely rather than passed on with our cookie possibly inside.
std::string WithoutCookie(std::string_view header, std::string_view ours) {
  auto parsed = http::ParseCookieHeader(header);
  if (!parsed.ok()) return "";
  std::string out;
  for (const http::CookiePair& c : *parsed) {
    if (c.name == ours) continue;
    if (!out.empty()) out += "; ";
    out += c.name + "=" + c.value;
  }
  return out;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return proxy::HeaderNameEquals(a, b);
}

HeaderList BuildUpstreamHeaders(const HeaderList& client_headers, const ForwardContext& ctx) {
  HeaderList out;
  out.reserve(client_headers.size() + 6);
  for (const auto& [name, value] : client_headers) {
    if (EqualsIgnoreCase(name, "authorization") || EqualsIgnoreCase(name, "host") ||
        EqualsIgnoreCase(name, "x-csrf-token") || EqualsIgnoreCase(name, "x-request-id") ||
        EqualsIgnoreCase(name, "forwarded") || EqualsIgnoreCase(name, "x-forwarded-for") ||
        EqualsIgnoreCase(name, "x-forwarded-proto") || EqualsIgnoreCase(name, "x-forwarded-host") ||
        EqualsIgnoreCase(name, "content-length")) {
      continue;
    }
    if (EqualsIgnoreCase(name, "cookie")) {
      std::string rest = WithoutCookie(value, ctx.session_cookie_name);
      if (!rest.empty()) out.emplace_back("Cookie", std::move(rest));
      continue;
    }
    out.emplace_back(name, value);
  }
  // Hop-by-hop names, fixed and listed in Connection, go before ours are added.
  proxy::RemoveHopByHopHeaders(out);
  if (!ctx.bearer_token.empty()) out.emplace_back("Authorization", "Bearer " + ctx.bearer_token);
  out.emplace_back("X-Request-Id", ctx.request_id);
  out.emplace_back("X-Forwarded-For", ctx.client_address);
  out.emplace_back("X-Forwarded-Proto", ctx.proto);
  if (!ctx.host.empty()) out.emplace_back("X-Forwarded-Host", ctx.host);
  return out;
}

}  // namespace portcullis::gateway
