#include "route_table.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace portcullis::gateway {
namespace {

bool IsReservedPrefix(std::string_view p) {
  for (std::string_view reserved : {"/auth", "/.well-known", "/healthz", "/readyz", "/metrics"}) {
    if (p == reserved || p.starts_with(std::string(reserved) + "/")) return true;
  }
  return p == "/";
}

bool ValidUpstream(std::string_view u) {
  if (!u.starts_with("http://")) return false;
  std::string_view authority = u.substr(7);
  if (authority.empty() || authority.back() == '/') return false;
  for (char c : authority) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
          c == '[' || c == ']')) {
      return false;
    }
  }
  return true;
}

// A segment with "%2e"/"%2E" decoded, so "%2e%2e" is recognised as "..".
std::string DecodeDots(std::string_view seg) {
  std::string out;
  for (size_t i = 0; i < seg.size(); ++i) {
    if (seg[i] == '%' && seg.size() - i >= 3 &&
        (seg.substr(i + 1, 2) == "2e" || seg.substr(i + 1, 2) == "2E")) {
      out += '.';
      i += 2;
    } else {
      out += seg[i];
    }
  }
  return out;
}

}  // namespace

Result<Route> ParseRoute(std::string_view spec) {
  std::istringstream in{std::string(spec)};
  std::string prefix, upstream, access, extra;
  in >> prefix >> upstream >> access >> extra;
  if (prefix.empty() || prefix.front() != '/' || !IsCleanPath(prefix)) {
    return Error{ErrorCode::kBadRequest, "route '" + std::string(spec) + "': bad prefix"};
  }
  if (IsReservedPrefix(prefix)) {
    return Error{ErrorCode::kBadRequest,
                 "route '" + std::string(spec) + "': the prefix is the gateway's own"};
  }
  if (!ValidUpstream(upstream)) {
    return Error{ErrorCode::kBadRequest,
                 "route '" + std::string(spec) + "': upstream must be http://host[:port]"};
  }
  Route r{prefix, upstream, RouteAccess::kAuthenticated};
  if (access == "public") {
    r.access = RouteAccess::kPublic;
  } else if (!access.empty() && access != "authenticated") {
    return Error{ErrorCode::kBadRequest,
                 "route '" + std::string(spec) + "': access must be public or authenticated"};
  }
  if (!extra.empty()) {
    return Error{ErrorCode::kBadRequest, "route '" + std::string(spec) + "': trailing words"};
  }
  return r;
}

Result<RouteTable> RouteTable::Make(std::vector<Route> routes) {
  std::sort(routes.begin(), routes.end(),
            [](const Route& a, const Route& b) { return a.prefix.size() > b.prefix.size(); });
  for (size_t i = 1; i < routes.size(); ++i) {
    if (routes[i].prefix == routes[i - 1].prefix) {
      return Error{ErrorCode::kBadRequest, "duplicate route prefix " + routes[i].prefix};
    }
  }
  RouteTable t;
  t.routes_ = std::move(routes);
  return t;
}

const Route* RouteTable::Match(std::string_view path) const {
  for (const Route& r : routes_) {
    std::string_view p = r.prefix;
    if (!path.starts_with(p)) continue;
    if (path.size() == p.size() || p.back() == '/' || path[p.size()] == '/') return &r;
  }
  return nullptr;
}

bool IsCleanPath(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u == 0x7F || c == '\\') return false;
  }
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    std::string_view seg = path.substr(start, end == std::string_view::npos ? end : end - start);
    std::string dots = DecodeDots(seg);
    if (dots == "." || dots == "..") return false;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  // An encoded slash, backslash or NUL can become a separator (or a terminator) upstream.
  std::string lower(path);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("%2f") != std::string::npos || lower.find("%5c") != std::string::npos ||
      lower.find("%00") != std::string::npos) {
    return false;
  }
  return true;
}

}  // namespace portcullis::gateway
