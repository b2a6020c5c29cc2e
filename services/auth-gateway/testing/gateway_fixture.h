#pragma once
// A GatewayService wired to fakes (session client, identity provider, audit sink) and a
// FakeClock, with helpers to build requests. For unit tests of the gateway logic.

#include <memory>

#include "gateway_service.h"
#include "portcullis/common/testing/fake_clock.h"
#include "testing/fake_identity_provider.h"
#include "testing/fake_session_client.h"
#include "testing/recording_audit_sink.h"

namespace portcullis::gateway::testing {

inline constexpr const char* kBase = "https://gw.example";
inline constexpr const char* kServiceToken = "static-service-token-0123456789";

class GatewayFixture {
 public:
  GatewayFixture()
      : cache(clock, std::chrono::seconds(30), 1000),
        login(sessions, provider, clock,
              {.client_id = "portcullis-gateway",
               .redirect_uri = std::string(kBase) + "/auth/callback"}),
        route(*ParseRoute("/api/ http://127.0.0.1:9500")),
        public_route(*ParseRoute("/pub/ http://127.0.0.1:9500 public")) {
    bearer = std::make_unique<token::CompositeVerifier>();
    bearer->Add(std::make_unique<token::StaticTokenProvider>(
        "service-tokens",
        std::vector<token::StaticTokenProvider::ServiceToken>{{"ci-bot", kServiceToken}}));
    GatewayOptions o;
    o.public_base_url = kBase;
    o.cookie = *MakeSessionCookiePolicy(kBase, "portcullis", false);
    o.csrf_key = SecretString("test-csrf-key-test-csrf-key-0123");
    o.allowed_origins = {kBase};
    o.authorization_servers = {provider.issuer()};
    o.client_id = "portcullis-gateway";
    service = std::make_unique<GatewayService>(
        std::move(o), GatewayDeps{clock, sessions, cache, login, provider, bearer.get(), authorizer,
                                  audit, metrics});
  }

  // A session in the fake store with a token valid for `token_life`.
  std::string AddSession(std::chrono::seconds token_life = std::chrono::seconds(3600)) {
    SessionInfo s;
    s.session_ref = "ref-alice";
    s.user = {"alice-oid", "tenant", "https://idp.example/tenant/v2.0", "Alice", "alice@x"};
    s.idle_expires_at = ToUnixSeconds(clock.Now()) + 3600;
    s.absolute_expires_at = ToUnixSeconds(clock.Now()) + 7200;
    return sessions.AddSession(s, {"access-1", ToUnixSeconds(clock.Now()) + token_life.count()});
  }

  RequestView Request(std::string method, std::string path, const std::string& session_id = "") {
    RequestView r;
    r.method = std::move(method);
    size_t q = path.find('?');
    r.path = path.substr(0, q);
    if (q != std::string::npos) {
      r.raw_query = path.substr(q + 1);
      ParseQuery(r.raw_query, r.query);
    }
    if (!session_id.empty()) r.headers.emplace_back("Cookie", "__Host-portcullis=" + session_id);
    r.client_address = "10.0.0.1";
    r.request_id = "req-1";
    return r;
  }

  portcullis::testing::FakeClock clock;
  FakeSessionClient sessions;
  FakeIdentityProvider provider;
  SessionCache cache;
  LoginService login;
  std::unique_ptr<token::CompositeVerifier> bearer;
  AllowAllAuthorizer authorizer;
  RecordingAuditSink audit;
  GatewayMetrics metrics;
  Route route, public_route;
  std::unique_ptr<GatewayService> service;
};

}  // namespace portcullis::gateway::testing
