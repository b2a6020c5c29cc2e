// auth-gateway end to end: a cookie-jar client logs in through the real dev-idp, calls the real
// demo-upstream through the gateway, and every attack of issue 7 is tried against the running
// binaries. Each test starts its own stack (ctest runs every case in its own process anyway).
#include <gtest/gtest.h>

#include <thread>

#include <nlohmann/json.hpp>

#include <nats/nats.h>
#include "browser.h"
#include "gateway_stack.h"

#include "portcullis/bus/client.h"
#include "portcullis/bus/codec.h"
#include "portcullis/bus/connection.h"
#include "portcullis/crypto/encoding.h"
#include "portcullis/proto/audit/v1/event.h"
#include "portcullis/proto/session/v1/messages.h"
#include "portcullis/proto/session/v1/subjects.h"
#include "portcullis/testsupport/nats_server.h"

namespace portcullis::e2e {
namespace {

using nlohmann::json;

class AuthGatewayE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = std::make_unique<GatewayStack>(Env());
    ASSERT_TRUE(stack_->ok());
  }
  void TearDown() override { stack_.reset(); }
  virtual std::map<std::string, std::string> Env() { return {}; }

  std::string Url(const std::string& path) const { return stack_->base() + path; }
  // An unsafe request as the SPA sends it: Origin of the gateway, and the CSRF header if given.
  Response Post(Browser& b, const std::string& path, const std::string& body,
                std::optional<std::string> csrf, std::string origin = "") {
    Call c{.method = "POST", .url = Url(path), .body = body};
    c.headers = {"Content-Type: application/json",
                 "Origin: " + (origin.empty() ? stack_->base() : origin)};
    if (csrf) c.headers.push_back("X-CSRF-Token: " + *csrf);
    return b.Send(c);
  }
  Response BearerGet(const std::string& path, const std::string& token) {
    Browser b;
    return b.Send({.url = Url(path), .headers = {"Authorization: Bearer " + token}});
  }
  void ExpectInvalidTokenChallenge(const Response& r) {
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(r.Header("www-authenticate"), "Bearer error=\"invalid_token\", resource_metadata=\"" +
                                                stack_->base() +
                                                "/.well-known/oauth-protected-resource\"");
  }

  std::unique_ptr<GatewayStack> stack_;
};

TEST_F(AuthGatewayE2eTest, CookieJarClientLogsInCallsTheApiPostsWithCsrfAndLogsOut) {
  Browser browser;
  Response landed = stack_->Login(browser);
  ASSERT_EQ(landed.status, 200) << landed.body << "\n" << stack_->GatewayLog();
  EXPECT_EQ(landed.final_url, Url("/auth/me"));
  json me = json::parse(landed.body);
  EXPECT_EQ(me["user"]["id"], kAliceOid);
  EXPECT_EQ(me["user"]["email"], "alice@portcullis.dev");
  const std::string csrf = me["csrf_token"];
  ASSERT_EQ(csrf.size(), 43u);
  EXPECT_FALSE(browser.CookieValue("portcullis").empty());
  EXPECT_TRUE(browser.CookieValue("portcullis-login").empty());  // cleared after the callback

  // The upstream sees alice's claims from the access token the gateway attached.
  Response whoami = browser.Get(Url("/api/whoami"));
  ASSERT_EQ(whoami.status, 200) << whoami.body << "\n--- gateway\n"
                                << stack_->GatewayLog() << "\n--- upstream\n"
                                << stack_->Log("demo-upstream");
  EXPECT_NE(whoami.body.find(kAliceOid), std::string::npos) << whoami.body;
  EXPECT_NE(whoami.body.find("Alice"), std::string::npos) << whoami.body;
  EXPECT_FALSE(whoami.Header("x-request-id").empty());
  // Our cookie never reaches the upstream.
  EXPECT_EQ(whoami.body.find(browser.CookieValue("portcullis")), std::string::npos);

  Response echo = Post(browser, "/api/echo", R"({"hello":"agent"})", csrf);
  ASSERT_EQ(echo.status, 200) << echo.body;
  EXPECT_NE(echo.body.find("agent"), std::string::npos);

  Response out = Post(browser, "/auth/logout", "", csrf);
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_TRUE(browser.CookieValue("portcullis").empty());
  EXPECT_EQ(browser.Get(Url("/api/whoami")).status, 401);
  EXPECT_EQ(browser.Get(Url("/auth/me")).status, 401);
}

TEST_F(AuthGatewayE2eTest, RevokedSessionIsDroppedFromTheCacheAtOnce) {
  Browser browser;
  ASSERT_EQ(stack_->Login(browser).status, 200);
  ASSERT_EQ(browser.Get(Url("/api/whoami")).status, 200);  // session and token now cached
  // Another party (an admin, another gateway's logout) ends the session in session-store.
  auto conn = bus::Connection::Connect({.url = testsupport::SharedNats().url(), .name = "e2e"});
  ASSERT_TRUE(conn.ok()) << conn.error().ToString();
  bus::Client client(**conn);
  proto::session::v1::DestroyRequest destroy;
  destroy.session_id = browser.CookieValue("portcullis");
  destroy.reason = "admin";
  auto destroyed =
      client.Request<proto::session::v1::DestroyRequest, proto::session::v1::DestroyReply>(
          proto::session::v1::DestroySubject(stack_->prefix()), destroy, std::chrono::seconds(5));
  ASSERT_TRUE(destroyed.ok()) << destroyed.error().ToString();
  ASSERT_TRUE(destroyed->destroyed);
  // The revoked broadcast reaches the gateway well within the cache TTL (30 s).
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  long status = 200;
  while (status == 200 && std::chrono::steady_clock::now() < until) {
    status = browser.Get(Url("/api/whoami")).status;
    if (status == 200) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(status, 401);
}

TEST_F(AuthGatewayE2eTest, RejectsLoginCsrfWithAnotherBrowsersState) {
  // The attacker completes the provider leg in their own browser but stops at the callback ...
  Browser attacker;
  Response to_idp = attacker.Get(Url("/auth/login?login_hint=bob%40portcullis.dev"));
  ASSERT_EQ(to_idp.status, 302);
  Response to_callback = attacker.Get(to_idp.Header("location"));
  ASSERT_EQ(to_callback.status, 302) << to_callback.body;
  const std::string callback = to_callback.Header("location");
  ASSERT_NE(callback.find("/auth/callback?"), std::string::npos) << callback;
  // ... and makes the victim's browser (which started a login of its own) open it.
  Browser victim;
  ASSERT_EQ(victim.Get(Url("/auth/login")).status, 302);
  Response r = victim.Get(callback);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_TRUE(victim.CookieValue("portcullis").empty());
  EXPECT_EQ(victim.Get(Url("/auth/me")).status, 401);
}

TEST_F(AuthGatewayE2eTest, RejectsReplayedCallbackState) {
  Browser browser;
  Response to_idp = browser.Get(Url("/auth/login?login_hint=alice%40portcullis.dev"));
  ASSERT_EQ(to_idp.status, 302);
  Response to_callback = browser.Get(to_idp.Header("location"));
  ASSERT_EQ(to_callback.status, 302);
  const std::string callback = to_callback.Header("location");
  const std::string binding = browser.CookieValue("portcullis-login");
  Response first = browser.Get(callback);
  ASSERT_EQ(first.status, 302) << first.body;
  // Replayed with the binding cookie put back: the state was taken once and is gone.
  Browser replayer;
  replayer.SetCookie("portcullis-login", binding);
  Response replay = replayer.Get(callback);
  EXPECT_EQ(replay.status, 400) << replay.body;
  EXPECT_TRUE(replayer.CookieValue("portcullis").empty());
}

TEST_F(AuthGatewayE2eTest, DoesNotFollowOpenRedirect) {
  for (std::string target : {"//evil.example", "https://evil.example", "/\\evil.example"}) {
    Browser browser;
    Response r = browser.Get(
        Url("/auth/login?login_hint=alice%40portcullis.dev&return_to=" + UrlEncode(target)),
        /*follow=*/true);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(r.final_url.rfind(stack_->base() + "/auth/login?", 0), 0u) << r.final_url;
    EXPECT_TRUE(r.Header("location").empty()) << target;
  }
}

TEST_F(AuthGatewayE2eTest, RejectsUnsafeRequestsWithoutOrWithWrongCsrfTokenOrCrossSite) {
  Browser browser;
  ASSERT_EQ(stack_->Login(browser).status, 200);
  const std::string csrf = stack_->CsrfToken(browser);
  ASSERT_FALSE(csrf.empty());
  EXPECT_EQ(Post(browser, "/api/echo", "{}", std::nullopt).status, 403);
  std::string wrong = csrf;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Post(browser, "/api/echo", "{}", wrong).status, 403);
  EXPECT_EQ(Post(browser, "/api/echo", "{}", csrf, "https://evil.example").status, 403);
  Call cross{.method = "POST", .url = Url("/api/echo"), .body = "{}"};
  cross.headers = {"Origin: " + stack_->base(), "Sec-Fetch-Site: cross-site",
                   "X-CSRF-Token: " + csrf};
  EXPECT_EQ(browser.Send(cross).status, 403);
  EXPECT_EQ(Post(browser, "/auth/logout", "", std::nullopt).status, 403);
  // The session survived every attempt and the real request still works.
  EXPECT_EQ(Post(browser, "/api/echo", "{}", csrf).status, 200);
}

TEST_F(AuthGatewayE2eTest, RejectsBearerAlgNone) {
  std::string header = crypto::Base64UrlEncode(crypto::AsBytes(R"({"alg":"none","typ":"JWT"})"));
  std::string claims = crypto::Base64UrlEncode(crypto::AsBytes(
      json{{"iss", stack_->issuer()}, {"aud", kClientId}, {"sub", "x"}, {"exp", 4102444800}}
          .dump()));
  ExpectInvalidTokenChallenge(BearerGet("/api/whoami", header + "." + claims + "."));
}

TEST_F(AuthGatewayE2eTest, AcceptsValidBearerAndRejectsWrongAudience) {
  std::string ours = stack_->ClientCredentialsToken("api://portcullis-gateway/.default");
  ASSERT_FALSE(ours.empty());
  Response ok = BearerGet("/api/whoami", ours);
  EXPECT_EQ(ok.status, 200) << ok.body << "\n" << stack_->GatewayLog();
  std::string other = stack_->ClientCredentialsToken("api://portcullis-downstream/.default");
  ASSERT_FALSE(other.empty());
  ExpectInvalidTokenChallenge(BearerGet("/api/whoami", other));
}

TEST_F(AuthGatewayE2eTest, RejectsExpiredBearer) {
  ASSERT_EQ(stack_->IdpControl("lifetimes", {{"access_token", 1}}), 200);
  std::string token = stack_->ClientCredentialsToken("api://portcullis-gateway/.default");
  ASSERT_FALSE(token.empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  ExpectInvalidTokenChallenge(BearerGet("/api/whoami", token));
}

TEST_F(AuthGatewayE2eTest, StaticServiceTokenIsAccepted) {
  EXPECT_EQ(BearerGet("/api/ping", kServiceToken).status, 200);
  ExpectInvalidTokenChallenge(BearerGet("/api/ping", std::string(kServiceToken) + "x"));
}

TEST_F(AuthGatewayE2eTest, OversizedHeaderIsRefusedWithoutACrash) {
  Browser b;
  Response r =
      b.Send({.url = Url("/api/ping"), .headers = {"X-Big: " + std::string(128 * 1024, 'a')}});
  EXPECT_TRUE(r.status == 431 || r.status == 413 || r.status == 400 || r.status == 0) << r.status;
  Browser fresh;  // the refused connection is not reused
  EXPECT_EQ(fresh.Get(Url("/healthz")).status, 200);
}

TEST_F(AuthGatewayE2eTest, MalformedCookieIs400) {
  // Pistache itself answers 500 to a pair without '=' before the gateway sees the request
  // (README "Departures"); every cookie it passes on is parsed strictly by the gateway.
  for (std::string cookie : {"portcullis=a b", "portcullis=a\\b", "portcullis=x; a b=1"}) {
    Browser b;
    Response r = b.Send({.url = Url("/api/ping"), .headers = {"Cookie: " + cookie}});
    EXPECT_EQ(r.status, 400) << cookie;
  }
  Browser b;
  EXPECT_EQ(b.Get(Url("/healthz")).status, 200);
}

TEST_F(AuthGatewayE2eTest, StreamReachesTheClientBeforeTheUpstreamFinishes) {
  Browser browser;
  ASSERT_EQ(stack_->Login(browser).status, 200);
  Response r = browser.Send(
      {.url = Url("/api/stream?n=100&interval_ms=10"), .headers = {"Accept: text/event-stream"}});
  ASSERT_EQ(r.status, 200) << r.body;
  size_t events = 0;
  for (size_t pos = 0; (pos = r.body.find("data:", pos)) != std::string::npos; ++pos) ++events;
  EXPECT_EQ(events, 100u) << r.body.substr(0, 200);
  // 100 events 10 ms apart take about a second; the first must not wait for the last.
  EXPECT_GE(r.last_byte_s - r.first_byte_s, 0.5)
      << "first " << r.first_byte_s << " s, last " << r.last_byte_s << " s";
}

TEST_F(AuthGatewayE2eTest, UpstreamDownIs502AndCounted) {
  ASSERT_EQ(BearerGet("/api/ping", kServiceToken).status, 200);
  stack_->StopChild("demo-upstream");
  Response r = BearerGet("/api/ping", kServiceToken);
  EXPECT_EQ(r.status, 502) << r.body;
  Browser b;
  Response metrics = b.Get(Url("/metrics"));
  EXPECT_NE(metrics.body.find(
                "portcullis_gateway_upstream_errors_total{route=\"/api/\",code=\"refused\"} 1"),
            std::string::npos)
      << metrics.body;
  EXPECT_EQ(b.Get(Url("/healthz")).status, 200);
}

TEST_F(AuthGatewayE2eTest, PublicDocumentsAndMetrics) {
  Browser b;
  Response meta = b.Get(Url("/.well-known/oauth-protected-resource"));
  ASSERT_EQ(meta.status, 200);
  json doc = json::parse(meta.body);
  EXPECT_EQ(doc["resource"], stack_->base());
  EXPECT_EQ(doc["authorization_servers"][0], stack_->issuer());
  Response caps = b.Get(Url("/auth/capabilities"));
  ASSERT_EQ(caps.status, 200);
  EXPECT_EQ(json::parse(caps.body)["login"]["methods"][0]["login_url"], "/auth/login");
  Response landing = b.Get(Url("/"));
  EXPECT_EQ(landing.status, 200);
  EXPECT_NE(landing.body.find("/auth/login"), std::string::npos);
  Response unauth = b.Get(Url("/api/whoami"));
  EXPECT_EQ(unauth.status, 401);
  EXPECT_EQ(unauth.Header("www-authenticate"), "Bearer resource_metadata=\"" + stack_->base() +
                                                   "/.well-known/oauth-protected-resource\"");
  Response metrics = b.Get(Url("/metrics"));
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(
      metrics.body.find("portcullis_gateway_requests_total{route=\"/api/\",status=\"401\"} 1"),
      std::string::npos)
      << metrics.body;
}

class AuditedGatewayTest : public AuthGatewayE2eTest {
  std::map<std::string, std::string> Env() override {
    return {{"PORTCULLIS_GATEWAY_AUDIT_SPOOL_PATH", ""}};  // "": the stack's own temp dir
  }
};

TEST_F(AuditedGatewayTest, LoginAndRejectedCsrfAreAuditEventsOnJetStream) {
  auto conn = bus::Connection::Connect({.url = testsupport::SharedNats().url(), .name = "e2e"});
  ASSERT_TRUE(conn.ok()) << conn.error().ToString();
  natsSubscription* raw = nullptr;
  std::string subject = stack_->prefix() + ".audit.events.>";
  ASSERT_EQ(natsConnection_SubscribeSync(&raw, (*conn)->raw(), subject.c_str()), NATS_OK);
  bus::NatsSubscriptionPtr sub(raw);

  Browser browser;
  ASSERT_EQ(stack_->Login(browser).status, 200);
  ASSERT_EQ(Post(browser, "/api/echo", "{}", std::nullopt).status, 403);

  std::map<std::string, proto::audit::v1::Event> seen;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  // session-store publishes its own events under the same prefix; wait for the gateway's two.
  while ((!seen.count("session.login_succeeded") || !seen.count("gateway.csrf_rejected")) &&
         std::chrono::steady_clock::now() < until) {
    natsMsg* msg = nullptr;
    if (natsSubscription_NextMsg(&msg, sub.get(), 500) != NATS_OK) continue;
    bus::NatsMsgPtr owned(msg);
    auto event = bus::Decode<proto::audit::v1::Event>(
        std::string_view(natsMsg_GetData(msg), static_cast<size_t>(natsMsg_GetDataLength(msg))));
    ASSERT_TRUE(event.ok()) << event.error().ToString();
    seen[event->action] = *event;
  }
  ASSERT_EQ(seen.count("session.login_succeeded"), 1u) << stack_->GatewayLog();
  EXPECT_EQ(seen["session.login_succeeded"].actor.id, kAliceOid);
  EXPECT_EQ(seen["session.login_succeeded"].source.service, "auth-gateway");
  ASSERT_EQ(seen.count("gateway.csrf_rejected"), 1u);
  EXPECT_EQ(seen["gateway.csrf_rejected"].outcome, "denied");
  EXPECT_EQ(seen["gateway.csrf_rejected"].reason, "csrf_token_missing");
}

class RateLimitedGatewayTest : public AuthGatewayE2eTest {
  std::map<std::string, std::string> Env() override {
    return {{"PORTCULLIS_GATEWAY_RATE_AUTH_PER_SECOND", "0.1"},
            {"PORTCULLIS_GATEWAY_RATE_AUTH_BURST", "3"}};
  }
};

TEST_F(RateLimitedGatewayTest, AuthEndpointsAreRateLimitedPerClient) {
  Browser b;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(b.Get(Url("/auth/capabilities")).status, 200);
  Response limited = b.Get(Url("/auth/capabilities"));
  EXPECT_EQ(limited.status, 429);
  EXPECT_GE(std::stoi(limited.Header("retry-after").empty() ? "0" : limited.Header("retry-after")),
            1);
  EXPECT_EQ(b.Get(Url("/healthz")).status, 200);  // only /auth/* is limited
}

}  // namespace
}  // namespace portcullis::e2e
