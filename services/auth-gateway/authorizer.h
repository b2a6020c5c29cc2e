#pragma once
// Authorizer: the one decision point between authentication and the proxy (issue 7: "until the
// rbac service exists, every authenticated user may use every route"). The rbac client will be
// another implementation of this interface; the proxy does not change.
//
//   AuthzDecision d = authorizer.Decide({principal, "GET", "/api/agents", route});
//   if (!d.allowed) return Forbidden(d.reason);

#include <string>
#include <vector>

#include "route_table.h"

namespace portcullis::gateway {

enum class PrincipalKind { kSession, kBearer, kService };

// Who is calling, from verified data only (a session, a verified JWT, a static service token).
struct Principal {
  PrincipalKind kind = PrincipalKind::kSession;
  std::string subject;  // user id (oid/sub) or service name
  std::string tenant;
  std::string issuer;
  std::string name;
  std::string provider;  // the provider that accepted a bearer token; "session" for cookies
  std::vector<std::string> groups;
  std::vector<std::string> roles;
  std::vector<std::string> scopes;
};

struct AuthzRequest {
  const Principal& principal;
  std::string_view method;
  std::string_view path;
  const Route& route;
};

struct AuthzDecision {
  bool allowed = false;
  std::string reason;  // "allow_all", "role:admin", "default_deny", ...
};

class Authorizer {
 public:
  virtual ~Authorizer() = default;
  // Must not block for long: it runs on the request path. Thread-safe.
  virtual AuthzDecision Decide(const AuthzRequest& request) const = 0;
};

// Every authenticated principal may use every route.
class AllowAllAuthorizer final : public Authorizer {
 public:
  AuthzDecision Decide(const AuthzRequest&) const override { return {true, "allow_all"}; }
};

}  // namespace portcullis::gateway
