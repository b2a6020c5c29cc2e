#include "gateway_service.h"

#include <gtest/gtest.h>

#include "csrf.h"
#include "testing/gateway_fixture.h"

namespace portcullis::gateway {
namespace {

using testing::GatewayFixture;
using Kind = GateResult::Kind;

class GatewayServiceTest : public ::testing::Test, public GatewayFixture {
 protected:
  RequestView Unsafe(const std::string& sid, std::optional<std::string> csrf,
                     std::string origin = testing::kBase) {
    RequestView r = Request("POST", "/api/echo", sid);
    r.headers.emplace_back("Origin", origin);
    if (csrf) r.headers.emplace_back("X-CSRF-Token", *csrf);
    return r;
  }
  GateResult Gate(const RequestView& r) {
    GateResult g = service->GateProxy(r, route, false);
    if (g.kind == Kind::kNeedsBlocking) g = service->GateProxy(r, route, true);
    return g;
  }
};

TEST_F(GatewayServiceTest, CookiePathForwardsTheSessionsAccessToken) {
  std::string sid = AddSession();
  RequestView r = Request("GET", "/api/whoami", sid);
  EXPECT_EQ(service->GateProxy(r, route, false).kind, Kind::kNeedsBlocking);
  GateResult g = service->GateProxy(r, route, true);
  ASSERT_EQ(g.kind, Kind::kForward);
  EXPECT_EQ(g.grant.bearer_token, "access-1");
  EXPECT_EQ(g.grant.principal.subject, "alice-oid");
}

TEST_F(GatewayServiceTest, CachedSessionAndTokenNeedNoRoundTrip) {
  std::string sid = AddSession();
  RequestView r = Request("GET", "/api/whoami", sid);
  ASSERT_EQ(Gate(r).kind, Kind::kForward);
  int gets = sessions.get_calls, tokens = sessions.token_calls;
  for (int i = 0; i < 5; ++i) {
    GateResult g = service->GateProxy(r, route, /*may_block=*/false);
    ASSERT_EQ(g.kind, Kind::kForward);
    EXPECT_EQ(g.grant.bearer_token, "access-1");
  }
  EXPECT_EQ(sessions.get_calls, gets);
  EXPECT_EQ(sessions.token_calls, tokens);
}

TEST_F(GatewayServiceTest, TokenNearExpiryIsAskedForAgain) {
  std::string sid = AddSession(std::chrono::seconds(90));
  RequestView r = Request("GET", "/api/whoami", sid);
  ASSERT_EQ(Gate(r).kind, Kind::kForward);
  clock.Advance(std::chrono::seconds(31));  // 59 s left < 60 s minimum
  sessions.SetToken(sid, {"access-2", ToUnixSeconds(clock.Now()) + 3600});
  EXPECT_EQ(service->GateProxy(r, route, false).kind, Kind::kNeedsBlocking);
  GateResult g = service->GateProxy(r, route, true);
  ASSERT_EQ(g.kind, Kind::kForward);
  EXPECT_EQ(g.grant.bearer_token, "access-2");
  EXPECT_EQ(sessions.last_min_remaining, std::chrono::seconds(60));
}

TEST_F(GatewayServiceTest, NoCredentialsGet401WithResourceMetadata) {
  GateResult g = Gate(Request("GET", "/api/whoami"));
  ASSERT_EQ(g.kind, Kind::kReply);
  EXPECT_EQ(g.reply.status, 401);
  EXPECT_EQ(g.reply.Header(ReplyHeader::kWwwAuthenticate),
            "Bearer resource_metadata=\"https://gw.example/.well-known/oauth-protected-resource\"");
}

TEST_F(GatewayServiceTest, PublicRouteForwardsAnonymousCalls) {
  GateResult g = service->GateProxy(Request("GET", "/pub/x"), public_route, false);
  ASSERT_EQ(g.kind, Kind::kForward);
  EXPECT_FALSE(g.grant.authenticated);
  EXPECT_TRUE(g.grant.bearer_token.empty());
}

TEST_F(GatewayServiceTest, EndedSessionGets401AndTheCookieCleared) {
  GateResult g = Gate(Request("GET", "/api/whoami", "sid-unknown"));
  ASSERT_EQ(g.kind, Kind::kReply);
  EXPECT_EQ(g.reply.status, 401);
  ASSERT_TRUE(g.reply.Header(ReplyHeader::kSetCookie));
  EXPECT_NE(g.reply.Header(ReplyHeader::kSetCookie)->find("Max-Age=0"), std::string::npos);
}

TEST_F(GatewayServiceTest, MalformedCookieIs400) {
  RequestView r = Request("GET", "/api/whoami");
  r.headers.emplace_back("Cookie", "garbage-without-equals");
  GateResult g = Gate(r);
  ASSERT_EQ(g.kind, Kind::kReply);
  EXPECT_EQ(g.reply.status, 400);
}

TEST_F(GatewayServiceTest, SessionStoreDownIs503) {
  std::string sid = AddSession();
  sessions.unavailable = true;
  GateResult g = Gate(Request("GET", "/api/whoami", sid));
  ASSERT_EQ(g.kind, Kind::kReply);
  EXPECT_EQ(g.reply.status, 503);
}

TEST_F(GatewayServiceTest, RejectsUnsafeRequestWithoutCsrfToken) {
  std::string sid = AddSession();
  GateResult g = Gate(Unsafe(sid, std::nullopt));
  ASSERT_EQ(g.kind, Kind::kReply);
  EXPECT_EQ(g.reply.status, 403);
  EXPECT_EQ(audit.Count("gateway.csrf_rejected"), 1u);
}

TEST_F(GatewayServiceTest, RejectsUnsafeRequestWithWrongCsrfToken) {
  std::string sid = AddSession();
  std::string other = AddSession();
  GateResult g = Gate(Unsafe(sid, DeriveCsrfToken(service->options().csrf_key, other)));
  ASSERT_EQ(g.kind, Kind::kReply);
  EXPECT_EQ(g.reply.status, 403);
}

TEST_F(GatewayServiceTest, RejectsCrossSiteOrigin) {
  std::string sid = AddSession();
  std::string csrf = DeriveCsrfToken(service->options().csrf_key, sid);
  GateResult g = Gate(Unsafe(sid, csrf, "https://evil.example"));
  ASSERT_EQ(g.kind, Kind::kReply);
  EXPECT_EQ(g.reply.status, 403);
  RequestView fetch = Unsafe(sid, csrf);
  fetch.headers.emplace_back("Sec-Fetch-Site", "cross-site");
  EXPECT_EQ(Gate(fetch).reply.status, 403);
}

TEST_F(GatewayServiceTest, UnsafeRequestWithCsrfTokenIsForwarded) {
  std::string sid = AddSession();
  GateResult g = Gate(Unsafe(sid, DeriveCsrfToken(service->options().csrf_key, sid)));
  EXPECT_EQ(g.kind, Kind::kForward);
}

TEST_F(GatewayServiceTest, BearerServiceTokenIsAccepted) {
  RequestView r = Request("POST", "/api/echo");
  r.headers.emplace_back("Authorization", std::string("Bearer ") + testing::kServiceToken);
  GateResult g = Gate(r);  // no CSRF: Bearer callers are not browsers riding a cookie
  ASSERT_EQ(g.kind, Kind::kForward);
  EXPECT_EQ(g.grant.principal.kind, PrincipalKind::kService);
  EXPECT_EQ(g.grant.principal.subject, "ci-bot");
  EXPECT_EQ(g.grant.bearer_token, testing::kServiceToken);
}

TEST_F(GatewayServiceTest, BadBearerGets401InvalidTokenAndAnAuditEvent) {
  RequestView r = Request("GET", "/api/whoami");
  r.headers.emplace_back("Authorization", "Bearer not-a-token");
  GateResult g = Gate(r);
  ASSERT_EQ(g.kind, Kind::kReply);
  EXPECT_EQ(g.reply.status, 401);
  EXPECT_EQ(g.reply.Header(ReplyHeader::kWwwAuthenticate),
            "Bearer error=\"invalid_token\", "
            "resource_metadata=\"https://gw.example/.well-known/oauth-protected-resource\"");
  EXPECT_EQ(audit.Count("gateway.token_rejected"), 1u);
  RequestView basic = Request("GET", "/api/whoami");
  basic.headers.emplace_back("Authorization", "Basic YTpi");
  EXPECT_EQ(Gate(basic).reply.status, 401);
}

TEST_F(GatewayServiceTest, MeShowsTheUserAndTheCsrfToken) {
  std::string sid = AddSession();
  HttpReply r = service->Me(Request("GET", "/auth/me", sid));
  ASSERT_EQ(r.status, 200);
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["user"]["id"], "alice-oid");
  EXPECT_EQ(body["csrf_token"], DeriveCsrfToken(service->options().csrf_key, sid));
  EXPECT_EQ(service->Me(Request("GET", "/auth/me")).status, 401);
}

TEST_F(GatewayServiceTest, LogoutNeedsCsrfThenEndsTheSession) {
  std::string sid = AddSession();
  RequestView bad = Request("POST", "/auth/logout", sid);
  bad.headers.emplace_back("Origin", testing::kBase);
  EXPECT_EQ(service->Logout(bad).status, 403);
  EXPECT_TRUE(sessions.HasSession(sid));

  RequestView good = bad;
  good.headers.emplace_back("X-CSRF-Token", DeriveCsrfToken(service->options().csrf_key, sid));
  HttpReply out = service->Logout(good);
  EXPECT_EQ(out.status, 200);
  EXPECT_FALSE(sessions.HasSession(sid));
  ASSERT_TRUE(out.Header(ReplyHeader::kSetCookie));
  EXPECT_NE(out.Header(ReplyHeader::kSetCookie)->find("Max-Age=0"), std::string::npos);
  EXPECT_NE(out.body.find("end_session_url"), std::string::npos);
  EXPECT_EQ(audit.Count("session.logout"), 1u);
  EXPECT_EQ(service->Me(Request("GET", "/auth/me", sid)).status, 401);
}

TEST_F(GatewayServiceTest, CallbackSetsTheCookieAndRedirects) {
  HttpReply start = service->Login(Request("GET", "/auth/login?return_to=%2Fagents"));
  ASSERT_EQ(start.status, 302);
  auto binding = start.Header(ReplyHeader::kSetCookie);
  ASSERT_TRUE(binding);
  EXPECT_EQ(binding->rfind("__Host-portcullis-login=", 0), 0u);
  EXPECT_NE(binding->find("HttpOnly"), std::string::npos);
  auto pending = sessions.LastPending();
  ASSERT_TRUE(pending);
  provider.AddCode("c1", {.access_token = "at", .id_token = "idt"});
  IdTokenClaims claims;
  claims.user.id = "alice-oid";
  claims.nonce = pending->nonce;
  provider.AddIdToken("idt", claims);
  RequestView cb = Request("GET", "/auth/callback?code=c1&state=" + pending->state);
  cb.headers.emplace_back("Cookie", binding->substr(0, binding->find(';')));
  HttpReply done = service->Callback(cb);
  ASSERT_EQ(done.status, 302);
  EXPECT_EQ(done.Header(ReplyHeader::kLocation), "/agents");
  auto cookie = done.Header(ReplyHeader::kSetCookie);
  ASSERT_TRUE(cookie);
  EXPECT_EQ(cookie->rfind("__Host-portcullis=sid-", 0), 0u);
  EXPECT_NE(cookie->find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie->find("Secure"), std::string::npos);
  EXPECT_NE(cookie->find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(audit.Count("session.login_succeeded"), 1u);
}

TEST_F(GatewayServiceTest, RejectsCallbackWithAnotherBrowsersState) {
  // The attacker starts a login in their browser and gets a code for their own account ...
  HttpReply attacker = service->Login(Request("GET", "/auth/login"));
  auto attacker_pending = sessions.LastPending();
  ASSERT_TRUE(attacker_pending);
  provider.AddCode("attacker-code", {.access_token = "at", .id_token = "idt"});
  IdTokenClaims claims;
  claims.user.id = "mallory";
  claims.nonce = attacker_pending->nonce;
  provider.AddIdToken("idt", claims);
  // ... and makes the victim's browser (which started its own login) open the callback.
  HttpReply victim = service->Login(Request("GET", "/auth/login"));
  auto victim_binding = victim.Header(ReplyHeader::kSetCookie);
  RequestView cb =
      Request("GET", "/auth/callback?code=attacker-code&state=" + attacker_pending->state);
  cb.headers.emplace_back("Cookie", victim_binding->substr(0, victim_binding->find(';')));
  HttpReply done = service->Callback(cb);
  EXPECT_EQ(done.status, 400);
  EXPECT_FALSE(done.Header(ReplyHeader::kSetCookie));
  EXPECT_TRUE(sessions.created.empty());
  // Without any binding cookie at all, too.
  RequestView bare =
      Request("GET", "/auth/callback?code=attacker-code&state=" + attacker_pending->state);
  EXPECT_EQ(service->Callback(bare).status, 400);
  EXPECT_TRUE(sessions.created.empty());
  EXPECT_EQ(audit.Count("session.login_failed"), 2u);
}

TEST_F(GatewayServiceTest, LoginRefusesOpenRedirect) {
  EXPECT_EQ(service->Login(Request("GET", "/auth/login?return_to=%2F%2Fevil.example")).status, 400);
  EXPECT_EQ(
      service->Login(Request("GET", "/auth/login?return_to=https%3A%2F%2Fevil.example")).status,
      400);
}

TEST_F(GatewayServiceTest, RefreshForcesANewAccessToken) {
  std::string sid = AddSession();
  RequestView r = Request("POST", "/auth/refresh", sid);
  r.headers.emplace_back("Origin", testing::kBase);
  r.headers.emplace_back("X-CSRF-Token", DeriveCsrfToken(service->options().csrf_key, sid));
  EXPECT_EQ(service->Refresh(r).status, 200);
  EXPECT_GT(sessions.last_min_remaining, std::chrono::hours(24 * 365));
  sessions.refresh_fails = true;
  EXPECT_EQ(service->Refresh(r).status, 401);
}

TEST_F(GatewayServiceTest, MetricsCountCacheHitsAndFailures) {
  std::string sid = AddSession();
  RequestView r = Request("GET", "/api/whoami", sid);
  (void)Gate(r);
  (void)Gate(r);
  (void)Gate(Unsafe(sid, std::nullopt));
  std::string text = metrics.Render();
  EXPECT_NE(text.find("portcullis_gateway_session_cache_total{result=\"hit\"}"), std::string::npos);
  EXPECT_NE(text.find("portcullis_gateway_auth_failures_total{reason=\"csrf_token_missing\"}"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace portcullis::gateway
