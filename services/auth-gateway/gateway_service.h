#pragma once
// GatewayService: the gateway's request logic without an HTTP server - the /auth endpoints and
// the gate in front of the proxy (who is calling, CSRF, which token goes upstream, may they).
// The HTTP adapter (adapters/http_server) turns requests into RequestViews, calls these and
// writes the HttpReply, or hands a granted request to the proxy engine.
//
// Threading: Landing/Capabilities/ResourceMetadata never block. GateProxy(may_block=false)
// never blocks: it answers kNeedsBlocking when the session or its token is not cached, and the
// adapter repeats the call with may_block=true on a worker thread. Everything else blocks
// (session-store, provider) and runs on worker threads. Thread-safe.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit_sink.h"
#include "authorizer.h"
#include "gateway_metrics.h"
#include "http_reply.h"
#include "login_service.h"
#include "portcullis/common/clock.h"
#include "portcullis/common/secret.h"
#include "portcullis/token/composite_verifier.h"
#include "request_view.h"
#include "route_table.h"
#include "session_cache.h"
#include "session_client.h"
#include "session_cookie.h"

namespace portcullis::gateway {

struct GatewayOptions {
  std::string public_base_url;  // no trailing slash
  SessionCookiePolicy cookie;
  SecretString csrf_key;
  std::vector<std::string> allowed_origins;  // exact origins; the base URL's origin included
  std::chrono::seconds token_min_remaining{60};
  std::string provider_label = "your identity provider";
  std::vector<std::string> authorization_servers;  // issuers, for RFC 9728
  std::vector<std::string> scopes_supported;
  std::string post_logout_redirect_uri;  // "" = the base URL + "/"
  std::string client_id;                 // for the end-session URL
};

struct GatewayDeps {
  const Clock& clock;
  SessionClient& sessions;
  SessionCache& cache;
  LoginService& login;
  IdentityProvider& provider;
  const token::CompositeVerifier* bearer;  // nullptr: Bearer mode off
  const Authorizer& authorizer;
  AuditSink& audit;
  GatewayMetrics& metrics;
};

struct ProxyGrant {
  std::string bearer_token;  // "" for anonymous calls on public routes
  Principal principal;
  bool authenticated = false;
};

struct GateResult {
  enum class Kind { kForward, kReply, kNeedsBlocking };
  Kind kind = Kind::kReply;
  ProxyGrant grant;  // kForward
  HttpReply reply;   // kReply
};

class GatewayService {
 public:
  GatewayService(GatewayOptions options, GatewayDeps deps);

  HttpReply Landing() const;
  HttpReply Capabilities() const;
  HttpReply ResourceMetadata() const;

  HttpReply Login(const RequestView& request);     // GET /auth/login
  HttpReply Callback(const RequestView& request);  // GET /auth/callback
  HttpReply Logout(const RequestView& request);    // POST /auth/logout
  HttpReply Refresh(const RequestView& request);   // POST /auth/refresh
  HttpReply Me(const RequestView& request);        // GET /auth/me

  GateResult GateProxy(const RequestView& request, const Route& route, bool may_block);

  // 401 with `WWW-Authenticate: Bearer [error="invalid_token",] resource_metadata="..."`.
  HttpReply Unauthorized(bool invalid_token, std::string_view description) const;
  std::string ResourceMetadataUrl() const;
  const GatewayOptions& options() const { return options_; }

 private:
  struct SessionLookup {
    enum class Kind { kNone, kMalformed, kFound, kGone, kUnavailable, kNeedsBlocking };
    Kind kind = Kind::kNone;
    std::string session_id;
    std::shared_ptr<const CachedSession> session;
    std::string detail;
  };
  SessionLookup LookupSession(const RequestView& request, bool may_block);
  // The reply for a request that needs a live session and has none (400, 503, 401); nullopt when
  // the session was found.
  std::optional<HttpReply> RefuseWithoutSession(const SessionLookup& s) const;
  // Clears the cookie on the reply (the session is gone).
  void ClearCookie(HttpReply& reply) const;
  // The login-binding cookie: its name, and its value for a state (HMAC, so the cookie reveals
  // nothing and cannot be forged for another state).
  std::string LoginCookieName() const;
  std::string LoginBinding(std::string_view state) const;
  HttpReply CsrfRejected(const RequestView& request, const SessionInfo& session,
                         std::string_view verdict);
  GateResult Reply(HttpReply r) const;
  GateResult GateBearer(const RequestView& request, const Route& route, std::string_view token);
  void AuditRequest(const RequestView& request, std::string action, std::string outcome,
                    std::string reason, const UserInfo* user) const;

  GatewayOptions options_;
  GatewayDeps deps_;
};

}  // namespace portcullis::gateway
