#include "upstream_headers.h"

#include <cctype>

#include "portcullis/http/cookie.h"

namespace portcullis::gateway {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool ListedIn(const std::vector<std::string_view>& names, std::string_view name) {
  for (std::string_view n : names) {
    if (EqualsIgnoreCase(n, name)) return true;
  }
  return false;
}

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
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool IsHopByHop(std::string_view name) {
  for (std::string_view h :
       {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
        "te", "trailer", "trailers", "transfer-encoding", "upgrade"}) {
    if (EqualsIgnoreCase(name, h)) return true;
  }
  return false;
}

HeaderList BuildUpstreamHeaders(const HeaderList& client_headers, const ForwardContext& ctx) {
  std::vector<std::string_view> connection_listed;
  for (const auto& [name, value] : client_headers) {
    if (!EqualsIgnoreCase(name, "connection")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view token = Trim(rest.substr(0, comma));
      if (!token.empty()) connection_listed.push_back(token);
      if (comma == std::string_view::npos) break;
      rest = rest.substr(comma + 1);
    }
  }
  HeaderList out;
  out.reserve(client_headers.size() + 6);
  for (const auto& [name, value] : client_headers) {
    if (IsHopByHop(name) || ListedIn(connection_listed, name)) continue;
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
  if (!ctx.bearer_token.empty()) out.emplace_back("Authorization", "Bearer " + ctx.bearer_token);
  out.emplace_back("X-Request-Id", ctx.request_id);
  out.emplace_back("X-Forwarded-For", ctx.client_address);
  out.emplace_back("X-Forwarded-Proto", ctx.proto);
  if (!ctx.host.empty()) out.emplace_back("X-Forwarded-Host", ctx.host);
  return out;
}

}  // namespace portcullis::gateway
