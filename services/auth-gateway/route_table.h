#pragma once
// The proxy's route table: path prefix → upstream base URL, and whether the route needs an
// authenticated caller. Longest prefix wins; a prefix matches at a segment boundary only ("/api"
// matches "/api" and "/api/x", not "/apiary"). Pure; immutable after Make, so thread-safe.
//
//   auto table = RouteTable::Make({*ParseRoute("/api/ http://127.0.0.1:9500"),
//                                  *ParseRoute("/api/public/ http://127.0.0.1:9500 public")});
//   const Route* r = table->Match("/api/whoami");          // -> the first route
//   std::string url = r->UpstreamUrl("/api/whoami?x=1");   //
//   "http://127.0.0.1:9500/api/whoami?x=1"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/common/result.h"

namespace portcullis::gateway {

enum class RouteAccess { kAuthenticated, kPublic };

struct Route {
  std::string prefix;    // starts with '/'
  std::string upstream;  // "http://host:port" (no trailing slash); the path is appended as is
  RouteAccess access = RouteAccess::kAuthenticated;

  std::string UpstreamUrl(std::string_view path_and_query) const {
    return upstream + std::string(path_and_query);
  }
};

// "<prefix> <upstream> [public|authenticated]", whitespace-separated. Errors: kBadRequest naming
// the problem (prefix without a leading '/', an upstream that is not http://host[:port], an
// unknown access word, a reserved prefix under /auth/, /.well-known/ or the gateway's own paths).
Result<Route> ParseRoute(std::string_view spec);

class RouteTable {
 public:
  // kBadRequest on a duplicate prefix.
  static Result<RouteTable> Make(std::vector<Route> routes);
  // The route with the longest prefix matching `path` (no query), or nullptr.
  const Route* Match(std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;  // longest prefix first
};

// False for paths a proxy must not pass on: not starting with '/', containing "." or ".."
// segments (also percent-encoded), backslashes, NUL or other control characters. Such paths
// could be normalised by the upstream into a route the table did not authorise.
bool IsCleanPath(std::string_view path);

}  // namespace portcullis::gateway
