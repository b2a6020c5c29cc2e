// GatewayService::GateProxy: who is calling a proxied route, which token goes upstream, and may
// they. Split from gateway_service.cpp because it is the hot path.
#include "bearer_challenge.h"
#include "csrf.h"
#include "gateway_service.h"
#include "portcullis/token/token_error.h"

namespace portcullis::gateway {
namespace {

Principal SessionPrincipal(const SessionInfo& s) {
  Principal p;
  p.kind = PrincipalKind::kSession;
  p.subject = s.user.id;
  p.tenant = s.user.tenant;
  p.issuer = s.user.issuer;
  p.name = s.user.name;
  p.provider = "session";
  p.groups = s.groups;
  p.roles = s.roles;
  return p;
}

Principal BearerPrincipal(const token::AcceptedCredential& c) {
  Principal p;
  p.provider = c.provider;
  if (!c.token) {
    p.kind = PrincipalKind::kService;
    p.subject = c.subject;
    return p;
  }
  const token::Claims& claims = c.token->claims;
  p.kind = PrincipalKind::kBearer;
  auto str = [](std::optional<std::string_view> v) { return v ? std::string(*v) : ""; };
  p.subject = claims.Oid() ? str(claims.Oid()) : str(claims.Subject());
  p.tenant = str(claims.Tid());
  p.issuer = str(claims.Issuer());
  p.name = str(claims.Name());
  for (auto g : claims.Groups()) p.groups.emplace_back(g);
  for (auto r : claims.Roles()) p.roles.emplace_back(r);
  for (auto s : claims.Scopes()) p.scopes.emplace_back(s);
  return p;
}

// The most telling decline: a JWT provider's reason beats "not a service token".
std::string DeclineReason(const token::CompositeResult& r) {
  std::string reason = "token_rejected";
  for (const token::ProviderDecline& d : r.declined) {
    if (d.error.code != token::TokenErrorCode::kNotRecognized) {
      return std::string(token::ToString(d.error.code));
    }
  }
  return reason;
}

}  // namespace

GateResult GatewayService::Reply(HttpReply r) const {
  GateResult g;
  g.kind = GateResult::Kind::kReply;
  g.reply = std::move(r);
  return g;
}

GateResult GatewayService::GateBearer(const RequestView& request, const Route& route,
                                      std::string_view token) {
  if (!deps_.bearer) return Reply(Unauthorized(true, "bearer tokens are not accepted here"));
  token::CompositeResult verified = deps_.bearer->Verify(token, deps_.clock.Now());
  if (!verified.ok()) {
    std::string reason = DeclineReason(verified);
    deps_.metrics.AuthFailure("token_rejected");
    AuditRequest(request, "gateway.token_rejected", "denied", reason, nullptr);
    return Reply(Unauthorized(true, "the access token is not valid"));
  }
  GateResult g;
  g.kind = GateResult::Kind::kForward;
  g.grant.principal = BearerPrincipal(*verified.accepted);
  g.grant.bearer_token = std::string(token);
  g.grant.authenticated = true;
  AuthzDecision d =
      deps_.authorizer.Decide({g.grant.principal, request.method, request.path, route});
  if (!d.allowed) return Reply(HttpReply::Error(403, "forbidden", d.reason));
  return g;
}

GateResult GatewayService::GateProxy(const RequestView& request, const Route& route,
                                     bool may_block) {
  if (std::optional<std::string_view> auth = request.Header("Authorization")) {
    std::string_view v = *auth;
    if (v.size() > 7 && EqualsIgnoreCase(v.substr(0, 7), "bearer ")) {
      std::string_view token = v.substr(7);
      while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
      return GateBearer(request, route, token);
    }
    deps_.metrics.AuthFailure("token_rejected");
    return Reply(Unauthorized(true, "only Bearer credentials are accepted"));
  }

  SessionLookup s = LookupSession(request, may_block);
  GateResult g;
  switch (s.kind) {
    case SessionLookup::Kind::kNeedsBlocking:
      g.kind = GateResult::Kind::kNeedsBlocking;
      return g;
    case SessionLookup::Kind::kMalformed:
      return Reply(HttpReply::Error(400, "bad_request", "malformed Cookie header"));
    case SessionLookup::Kind::kUnavailable:
      return Reply(HttpReply::Error(503, "unavailable", "sessions are unavailable"));
    case SessionLookup::Kind::kGone:
    case SessionLookup::Kind::kNone: {
      if (route.access == RouteAccess::kPublic) {
        g.kind = GateResult::Kind::kForward;
        return g;
      }
      HttpReply r = Unauthorized(false, "sign in or present a Bearer token");
      if (s.kind == SessionLookup::Kind::kGone) ClearCookie(r);
      return Reply(std::move(r));
    }
    case SessionLookup::Kind::kFound:
      break;
  }
  const SessionInfo& info = s.session->session;
  CsrfVerdict v = CheckUnsafeRequest({request.method, request.Header("X-CSRF-Token"),
                                      request.Header("Origin"), request.Header("Sec-Fetch-Site")},
                                     options_.csrf_key, s.session_id, options_.allowed_origins);
  if (v != CsrfVerdict::kOk) return Reply(CsrfRejected(request, info, ToString(v)));

  g.grant.principal = SessionPrincipal(info);
  g.grant.authenticated = true;
  AuthzDecision d =
      deps_.authorizer.Decide({g.grant.principal, request.method, request.path, route});
  if (!d.allowed) return Reply(HttpReply::Error(403, "forbidden", d.reason));

  if (s.session->HasToken(deps_.clock.Now(), options_.token_min_remaining)) {
    g.grant.bearer_token = s.session->access_token->token;
  } else {
    if (!may_block) {
      g.kind = GateResult::Kind::kNeedsBlocking;
      return g;
    }
    uint64_t generation = deps_.cache.generation();
    Result<AccessToken> token =
        deps_.sessions.GetAccessToken(s.session_id, options_.token_min_remaining);
    if (!token.ok()) {
      if (token.code() == ErrorCode::kUnauthorized || token.code() == ErrorCode::kNotFound) {
        deps_.cache.Drop(s.session_id);
        HttpReply r = Unauthorized(false, "the session has ended");
        ClearCookie(r);
        return Reply(std::move(r));
      }
      return Reply(HttpReply::Error(503, "unavailable", "no access token available"));
    }
    deps_.cache.PutToken(s.session_id, *token, generation);
    g.grant.bearer_token = std::move(token->token);
  }
  g.kind = GateResult::Kind::kForward;
  return g;
}

}  // namespace portcullis::gateway
