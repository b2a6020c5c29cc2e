#include "login_service.h"

#include <gtest/gtest.h>

#include "login_secrets.h"
#include "portcullis/common/testing/fake_clock.h"
#include "request_view.h"
#include "testing/fake_identity_provider.h"
#include "testing/fake_session_client.h"

namespace portcullis::gateway {
namespace {

class LoginServiceTest : public ::testing::Test {
 protected:
  LoginServiceTest()
      : login_(sessions_, provider_, clock_,
               {.client_id = "gw", .redirect_uri = "https://gw.example/auth/callback"}) {}

  // Begins a login and returns the state the provider would echo back.
  std::string Begin(const std::string& return_to = "/x") {
    auto started = login_.Begin({.return_to = return_to});
    EXPECT_TRUE(started.ok());
    const std::string& url = started->location;
    std::map<std::string, std::string> q;
    EXPECT_TRUE(ParseQuery(url.substr(url.find('?') + 1), q));
    EXPECT_EQ(q["state"], started->state);
    last_query_ = q;
    return q["state"];
  }
  // The provider side: a code whose id token carries `nonce`.
  void ProviderIssues(const std::string& code, const std::string& nonce) {
    provider_.AddCode(code, {.access_token = "at",
                             .refresh_token = "rt",
                             .id_token = "id-" + code,
                             .access_expires_at = 99});
    IdTokenClaims c;
    c.user = {"alice-oid", "tid", "https://idp.example/tenant/v2.0", "Alice", "alice@x"};
    c.nonce = nonce;
    provider_.AddIdToken("id-" + code, c);
  }

  portcullis::testing::FakeClock clock_;
  testing::FakeSessionClient sessions_;
  testing::FakeIdentityProvider provider_;
  LoginService login_;
  std::map<std::string, std::string> last_query_;
};

TEST_F(LoginServiceTest, BeginStoresSecretsAndRedirectsWithPkceS256) {
  auto started = login_.Begin({.return_to = "/agents", .login_hint = "alice@x", .prompt = "login"});
  ASSERT_TRUE(started.ok());
  const std::string& url = started->location;
  EXPECT_EQ(url.rfind("https://idp.example/authorize?", 0), 0u);
  std::map<std::string, std::string> q;
  ASSERT_TRUE(ParseQuery(url.substr(url.find('?') + 1), q));
  EXPECT_EQ(q["response_type"], "code");
  EXPECT_EQ(q["client_id"], "gw");
  EXPECT_EQ(q["redirect_uri"], "https://gw.example/auth/callback");
  EXPECT_EQ(q["code_challenge_method"], "S256");
  EXPECT_EQ(q["login_hint"], "alice@x");
  EXPECT_EQ(q["prompt"], "login");
  auto pending = sessions_.LastPending();
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->state, q["state"]);
  EXPECT_EQ(pending->nonce, q["nonce"]);
  EXPECT_EQ(pending->return_to, "/agents");
  EXPECT_EQ(S256Challenge(pending->code_verifier), q["code_challenge"]);
  EXPECT_EQ(q.count("code_verifier"), 0u);
}

TEST_F(LoginServiceTest, BeginRefusesOpenRedirectAndBadPrompt) {
  EXPECT_EQ(login_.Begin({.return_to = "//evil.example"}).code(), ErrorCode::kBadRequest);
  EXPECT_EQ(login_.Begin({.return_to = "https://evil.example"}).code(), ErrorCode::kBadRequest);
  EXPECT_EQ(login_.Begin({.prompt = "none evil"}).code(), ErrorCode::kBadRequest);
  EXPECT_EQ(login_.Begin({.login_hint = "a\r\nb"}).code(), ErrorCode::kBadRequest);
  EXPECT_EQ(sessions_.begin_calls.load(), 0);
}

TEST_F(LoginServiceTest, CompleteCreatesTheSession) {
  std::string state = Begin("/x");
  ProviderIssues("code-1", last_query_["nonce"]);
  LoginResult r = login_.Complete({.code = "code-1", .state = state});
  ASSERT_TRUE(r.ok()) << r.failure.detail;
  EXPECT_EQ(r.completed->return_to, "/x");
  EXPECT_EQ(r.completed->user.id, "alice-oid");
  EXPECT_FALSE(r.completed->session.session_id.empty());
  EXPECT_EQ(provider_.last_redirect_uri, "https://gw.example/auth/callback");
  ASSERT_EQ(sessions_.created.size(), 1u);
  EXPECT_EQ(sessions_.created[0].tokens.refresh_token, "rt");
}

TEST_F(LoginServiceTest, RejectsReplayedCallbackState) {
  std::string state = Begin();
  ProviderIssues("code-1", last_query_["nonce"]);
  ProviderIssues("code-2", last_query_["nonce"]);
  ASSERT_TRUE(login_.Complete({.code = "code-1", .state = state}).ok());
  LoginResult replay = login_.Complete({.code = "code-2", .state = state});
  ASSERT_FALSE(replay.ok());
  EXPECT_EQ(replay.failure.reason, "unknown_state");
  EXPECT_EQ(sessions_.created.size(), 1u);
}

TEST_F(LoginServiceTest, RejectsStateThisGatewayNeverIssued) {
  ProviderIssues("code-1", "whatever");
  LoginResult r = login_.Complete({.code = "code-1", .state = "attacker-state"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure.reason, "unknown_state");
  EXPECT_TRUE(sessions_.created.empty());
}

TEST_F(LoginServiceTest, RejectsIdTokenWithAnotherNonce) {
  std::string state = Begin();
  ProviderIssues("code-1", "nonce-of-another-login");
  LoginResult r = login_.Complete({.code = "code-1", .state = state});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure.reason, "nonce_mismatch");
  EXPECT_TRUE(sessions_.created.empty());
}

TEST_F(LoginServiceTest, RejectsUnverifiableIdToken) {
  std::string state = Begin();
  provider_.AddCode("code-1", {.access_token = "at", .id_token = "forged"});
  LoginResult r = login_.Complete({.code = "code-1", .state = state});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure.reason, "id_token_invalid");
}

TEST_F(LoginServiceTest, ProviderErrorConsumesTheState) {
  std::string state = Begin();
  LoginResult r = login_.Complete({.state = state, .error = "access_denied"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure.reason, "provider_error");
  EXPECT_FALSE(sessions_.HasPending(state));
}

TEST_F(LoginServiceTest, UnknownCodeIsRefused) {
  std::string state = Begin();
  LoginResult r = login_.Complete({.code = "nope", .state = state});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.failure.reason, "code_exchange_failed");
  EXPECT_EQ(r.failure.http_status, 400);
}

}  // namespace
}  // namespace portcullis::gateway
