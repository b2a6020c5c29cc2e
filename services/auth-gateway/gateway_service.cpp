#include "gateway_service.h"

#include "bearer_challenge.h"
#include "csrf.h"
#include "pages.h"
#include "portcullis/crypto/encoding.h"
#include "portcullis/crypto/hash.h"
#include "portcullis/http/cookie.h"
#include "portcullis/oidc/token_endpoint.h"

namespace portcullis::gateway {
namespace {

// session.access_token refreshes when less than min_remaining is left; asking for more than any
// access token lives makes /auth/refresh refresh now.
constexpr std::chrono::seconds kForceRefresh{366 * 24 * 3600};
constexpr std::string_view kLoginBindingLabel = "portcullis-login-v1|";

nlohmann::json UserJson(const UserInfo& u) {
  return {{"id", u.id},
          {"tenant", u.tenant},
          {"issuer", u.issuer},
          {"name", u.name},
          {"email", u.email}};
}

std::string UserAgent(const RequestView& r) {
  return std::string(r.Header("User-Agent").value_or("")).substr(0, 256);
}

}  // namespace

GatewayService::GatewayService(GatewayOptions options, GatewayDeps deps)
    : options_(std::move(options)), deps_(deps) {}

std::string GatewayService::ResourceMetadataUrl() const {
  return options_.public_base_url + std::string(kProtectedResourceMetadataPath);
}

HttpReply GatewayService::Landing() const {
  HttpReply r = HttpReply::Html(200, LandingPage(options_.provider_label));
  return r;
}

HttpReply GatewayService::Capabilities() const {
  HttpReply r =
      HttpReply::Json(200, gateway::Capabilities({deps_.provider.name(), options_.provider_label,
                                                  deps_.bearer != nullptr, ResourceMetadataUrl()}));
  r.no_store = false;
  return r;
}

HttpReply GatewayService::ResourceMetadata() const {
  HttpReply r = HttpReply::Json(
      200, ProtectedResourceMetadata(options_.public_base_url, options_.authorization_servers,
                                     options_.scopes_supported));
  r.no_store = false;
  return r;
}

HttpReply GatewayService::Unauthorized(bool invalid_token, std::string_view description) const {
  HttpReply r =
      HttpReply::Error(401, invalid_token ? "invalid_token" : "unauthorized", description);
  r.headers.emplace_back(ReplyHeader::kWwwAuthenticate,
                         BearerChallenge({.error = invalid_token ? "invalid_token" : "",
                                          .resource_metadata = ResourceMetadataUrl()}));
  return r;
}

void GatewayService::ClearCookie(HttpReply& reply) const {
  Result<std::string> cookie = http::SerializeSetCookie(options_.cookie.Clear());
  if (cookie.ok()) reply.headers.emplace_back(ReplyHeader::kSetCookie, std::move(*cookie));
}

void GatewayService::AuditRequest(const RequestView& request, std::string action,
                                  std::string outcome, std::string reason,
                                  const UserInfo* user) const {
  AuditRecord a;
  a.action = std::move(action);
  a.outcome = std::move(outcome);
  a.reason = std::move(reason);
  a.ip = request.client_address;
  a.user_agent = UserAgent(request);
  a.request_id = request.request_id;
  a.resource_type = "route";
  a.resource_id = request.path;
  if (user && !user->id.empty()) {
    a.actor_type = "user";
    a.actor_id = user->id;
    a.actor_name = user->name;
    a.tenant = user->tenant;
  }
  deps_.audit.Emit(a);
}

GatewayService::SessionLookup GatewayService::LookupSession(const RequestView& request,
                                                            bool may_block) {
  SessionLookup out;
  std::optional<std::string_view> header = request.Header("Cookie");
  if (!header) return out;
  auto cookies = http::ParseCookieHeader(*header);
  if (!cookies.ok()) {
    out.kind = SessionLookup::Kind::kMalformed;
    out.detail = cookies.error().detail;
    return out;
  }
  std::optional<std::string_view> id = http::FindCookie(*cookies, options_.cookie.name);
  if (!id || id->empty()) return out;
  out.session_id = std::string(*id);
  out.session = deps_.cache.Get(out.session_id);
  // A worker repeating a reactor-thread miss does not count it twice.
  if (!may_block || out.session) deps_.metrics.SessionCache(out.session != nullptr);
  if (out.session) {
    out.kind = SessionLookup::Kind::kFound;
    return out;
  }
  if (!may_block) {
    out.kind = SessionLookup::Kind::kNeedsBlocking;
    return out;
  }
  uint64_t generation = deps_.cache.generation();
  Result<SessionInfo> s = deps_.sessions.Get(out.session_id);
  if (!s.ok()) {
    out.kind = s.code() == ErrorCode::kNotFound ? SessionLookup::Kind::kGone
                                                : SessionLookup::Kind::kUnavailable;
    out.detail = s.error().ToString();
    return out;
  }
  deps_.cache.Put(out.session_id, *s, generation);
  out.session = std::make_shared<const CachedSession>(CachedSession{std::move(*s), std::nullopt});
  out.kind = SessionLookup::Kind::kFound;
  return out;
}

HttpReply GatewayService::CsrfRejected(const RequestView& request, const SessionInfo& session,
                                       std::string_view verdict) {
  deps_.metrics.AuthFailure(verdict);
  AuditRequest(request, "gateway.csrf_rejected", "denied", std::string(verdict), &session.user);
  return HttpReply::Error(403, "csrf_rejected", verdict);
}

std::string GatewayService::LoginCookieName() const { return options_.cookie.name + "-login"; }

std::string GatewayService::LoginBinding(std::string_view state) const {
  std::string message(kLoginBindingLabel);
  message += state;
  return crypto::Base64UrlEncode(
      crypto::HmacSha256(crypto::AsBytes(options_.csrf_key.reveal()), crypto::AsBytes(message)));
}

HttpReply GatewayService::Login(const RequestView& request) {
  Result<StartedLogin> started = deps_.login.Begin(
      {request.Query("return_to"), request.Query("login_hint"), request.Query("prompt")});
  if (!started.ok()) {
    if (started.code() == ErrorCode::kBadRequest) {
      return HttpReply::Html(
          400, LoginErrorPage("The sign-in request was refused: " + started.error().detail + "."));
    }
    return HttpReply::Html(503, LoginErrorPage("Sign-in is unavailable, try again shortly."));
  }
  HttpReply reply = HttpReply::Redirect(std::move(started->location));
  // Login CSRF defence: the callback must come from the browser that started this login, so the
  // state is bound to it with a short-lived cookie (SameSite=Lax still rides the top-level
  // redirect back from the provider).
  http::SetCookie binding = options_.cookie.Issue(LoginBinding(started->state),
                                                  deps_.login.options().pending_ttl.count());
  binding.name = LoginCookieName();
  if (auto header = http::SerializeSetCookie(binding); header.ok()) {
    reply.headers.emplace_back(ReplyHeader::kSetCookie, std::move(*header));
  }
  return reply;
}

HttpReply GatewayService::Callback(const RequestView& request) {
  const std::string state = request.Query("state");
  std::optional<std::string> bound;
  if (auto header = request.Header("Cookie")) {
    if (auto cookies = http::ParseCookieHeader(*header); cookies.ok()) {
      if (auto v = http::FindCookie(*cookies, LoginCookieName())) bound = std::string(*v);
    }
  }
  if (!bound || state.empty() ||
      !crypto::ConstantTimeEquals(crypto::AsBytes(*bound), crypto::AsBytes(LoginBinding(state)))) {
    deps_.metrics.Login("failure", "login_csrf");
    AuditRequest(request, "session.login_failed", "failure", "login_csrf", nullptr);
    return HttpReply::Html(
        400, LoginErrorPage("This sign-in was not started in this browser. Please sign in again."));
  }
  LoginResult r = deps_.login.Complete({request.Query("code"), request.Query("state"),
                                        request.Query("error"), request.Query("error_description"),
                                        request.client_address, UserAgent(request)});
  if (!r.ok()) {
    deps_.metrics.Login("failure", r.failure.reason);
    AuditRequest(request, "session.login_failed", "failure", r.failure.reason, nullptr);
    return HttpReply::Html(r.failure.http_status, LoginErrorPage(r.failure.message));
  }
  const CompletedLogin& done = *r.completed;
  int64_t max_age = done.session.absolute_expires_at - ToUnixSeconds(deps_.clock.Now());
  Result<std::string> cookie =
      http::SerializeSetCookie(options_.cookie.Issue(done.session.session_id, max_age));
  if (!cookie.ok()) {
    return HttpReply::Html(500, LoginErrorPage("The session could not be started."));
  }
  deps_.metrics.Login("success", "");
  AuditRequest(request, "session.login_succeeded", "success", "", &done.user);
  HttpReply reply = HttpReply::Redirect(done.return_to);
  reply.headers.emplace_back(ReplyHeader::kSetCookie, std::move(*cookie));
  http::SetCookie clear_binding = options_.cookie.Clear();
  clear_binding.name = LoginCookieName();
  if (auto header = http::SerializeSetCookie(clear_binding); header.ok()) {
    reply.headers.emplace_back(ReplyHeader::kSetCookie, std::move(*header));
  }
  return reply;
}

std::optional<HttpReply> GatewayService::RefuseWithoutSession(const SessionLookup& s) const {
  switch (s.kind) {
    case SessionLookup::Kind::kMalformed:
      return HttpReply::Error(400, "bad_request", "malformed Cookie header");
    case SessionLookup::Kind::kUnavailable:
    case SessionLookup::Kind::kNeedsBlocking:
      return HttpReply::Error(503, "unavailable", "sessions are unavailable");
    case SessionLookup::Kind::kNone:
      return Unauthorized(false, "no session");
    case SessionLookup::Kind::kGone: {
      HttpReply r = Unauthorized(false, "the session has ended");
      ClearCookie(r);
      return r;
    }
    case SessionLookup::Kind::kFound:
      break;
  }
  return std::nullopt;
}

HttpReply GatewayService::Me(const RequestView& request) {
  SessionLookup s = LookupSession(request, /*may_block=*/true);
  if (std::optional<HttpReply> refused = RefuseWithoutSession(s)) return std::move(*refused);
  const SessionInfo& info = s.session->session;
  return HttpReply::Json(200, {{"user", UserJson(info.user)},
                               {"groups", info.groups},
                               {"roles", info.roles},
                               {"session",
                                {{"ref", info.session_ref},
                                 {"created_at", info.created_at},
                                 {"idle_expires_at", info.idle_expires_at},
                                 {"absolute_expires_at", info.absolute_expires_at},
                                 {"access_expires_at", info.access_expires_at}}},
                               {"csrf_token", DeriveCsrfToken(options_.csrf_key, s.session_id)}});
}

HttpReply GatewayService::Logout(const RequestView& request) {
  SessionLookup s = LookupSession(request, /*may_block=*/true);
  if (s.kind == SessionLookup::Kind::kMalformed) {
    return HttpReply::Error(400, "bad_request", "malformed Cookie header");
  }
  if (s.kind == SessionLookup::Kind::kUnavailable) {
    return HttpReply::Error(503, "unavailable", "sessions are unavailable");
  }
  const UserInfo* user = nullptr;
  if (s.kind == SessionLookup::Kind::kFound) {
    CsrfVerdict v = CheckUnsafeRequest({request.method, request.Header("X-CSRF-Token"),
                                        request.Header("Origin"), request.Header("Sec-Fetch-Site")},
                                       options_.csrf_key, s.session_id, options_.allowed_origins);
    if (v != CsrfVerdict::kOk) return CsrfRejected(request, s.session->session, ToString(v));
    user = &s.session->session.user;
    Result<bool> destroyed = deps_.sessions.Destroy(s.session_id, "logout");
    if (!destroyed.ok() && destroyed.code() != ErrorCode::kNotFound) {
      return HttpReply::Error(503, "unavailable", "the session could not be ended");
    }
    deps_.cache.Drop(s.session_id);
    AuditRequest(request, "session.logout", "success", "", user);
  }
  nlohmann::json body = {{"logged_out", s.kind == SessionLookup::Kind::kFound}};
  const std::string& end_session = deps_.provider.end_session_endpoint();
  if (!end_session.empty()) {
    std::string post_logout = options_.post_logout_redirect_uri.empty()
                                  ? options_.public_base_url + "/"
                                  : options_.post_logout_redirect_uri;
    body["end_session_url"] = end_session +
                              (end_session.find('?') == std::string::npos ? "?" : "&") +
                              oidc::FormUrlEncode({{"client_id", options_.client_id},
                                                   {"post_logout_redirect_uri", post_logout}});
  }
  HttpReply reply = HttpReply::Json(200, body);
  if (request.Query("redirect") == "provider" && body.contains("end_session_url")) {
    reply = HttpReply::Redirect(body["end_session_url"].get<std::string>());
    reply.status = 303;
  }
  ClearCookie(reply);
  return reply;
}

HttpReply GatewayService::Refresh(const RequestView& request) {
  SessionLookup s = LookupSession(request, /*may_block=*/true);
  if (std::optional<HttpReply> refused = RefuseWithoutSession(s)) return std::move(*refused);
  CsrfVerdict v = CheckUnsafeRequest({request.method, request.Header("X-CSRF-Token"),
                                      request.Header("Origin"), request.Header("Sec-Fetch-Site")},
                                     options_.csrf_key, s.session_id, options_.allowed_origins);
  if (v != CsrfVerdict::kOk) return CsrfRejected(request, s.session->session, ToString(v));
  uint64_t generation = deps_.cache.generation();
  Result<AccessToken> token = deps_.sessions.GetAccessToken(s.session_id, kForceRefresh);
  if (!token.ok()) {
    if (token.code() == ErrorCode::kUnauthorized || token.code() == ErrorCode::kNotFound) {
      deps_.cache.Drop(s.session_id);
      HttpReply r = Unauthorized(false, "the session can no longer be refreshed");
      ClearCookie(r);
      return r;
    }
    return HttpReply::Error(503, "unavailable", "the provider or session store is unavailable");
  }
  deps_.cache.PutToken(s.session_id, *token, generation);
  return HttpReply::Json(200, {{"access_expires_at", token->expires_at}});
}

}  // namespace portcullis::gateway
