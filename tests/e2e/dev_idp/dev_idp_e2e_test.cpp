// Every error path a client can hit, over real HTTP: each asserts the exact OAuth error and
// status. Plus the test controls, and that they are refused when the flag is off.
#include <gtest/gtest.h>

#include "dev_idp_server.h"

namespace portcullis::e2e {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

std::string ErrorOf(const HttpResult& r) {
  nlohmann::json body = nlohmann::json::parse(r.body, nullptr, false);
  return body.is_object() ? body.value("error", "") : "";
}

class DevIdpErrorsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { idp_ = DevIdpServer::Start(/*test_controls=*/true).release(); }
  static void TearDownTestSuite() {
    delete idp_;
    idp_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(idp_, nullptr); }

  struct Code {
    std::string code;
    Pkce pkce;
  };
  Code NewCode(const std::string& user = "alice", const std::string& scope =
                                                      "openid offline_access "
                                                      "api://portcullis-gateway/access_as_user") {
    Code c{"", Pkce::New()};
    HttpResult a = Authorize(*idp_, user, c.pkce, scope);
    EXPECT_EQ(a.status, 302) << a.body;
    c.code = QueryValue(a.Header("location"), "code");
    return c;
  }
  static Fields Exchange(const Code& c) {
    return {{"grant_type", "authorization_code"},
            {"code", c.code},
            {"redirect_uri", kRedirectUri},
            {"code_verifier", c.pkce.verifier}};
  }

  static DevIdpServer* idp_;
};
DevIdpServer* DevIdpErrorsTest::idp_ = nullptr;

TEST_F(DevIdpErrorsTest, RejectsWrongCodeVerifier) {
  Code c = NewCode();
  Fields f = Exchange(c);
  f[3].second = Pkce::New().verifier;
  HttpResult r = TokenCall(*idp_, f);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorOf(r), "invalid_grant");
}

TEST_F(DevIdpErrorsTest, RejectsReusedAuthorizationCodeAndRevokesWhatItIssued) {
  Code c = NewCode();
  HttpResult first = TokenCall(*idp_, Exchange(c));
  ASSERT_EQ(first.status, 200) << first.body;
  HttpResult second = TokenCall(*idp_, Exchange(c));
  EXPECT_EQ(second.status, 400);
  EXPECT_EQ(ErrorOf(second), "invalid_grant");
  HttpResult refresh =
      TokenCall(*idp_, {{"grant_type", "refresh_token"},
                        {"refresh_token", nlohmann::json::parse(first.body)["refresh_token"]}});
  EXPECT_EQ(refresh.status, 400);
  EXPECT_EQ(ErrorOf(refresh), "invalid_grant");
}

TEST_F(DevIdpErrorsTest, RejectsRedirectUriMismatchWithoutRedirecting) {
  HttpResult a = Authorize(*idp_, "alice", Pkce::New(), "openid", "s", "n",
                           "http://127.0.0.1:8080/auth/callback-evil");
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.Header("location"), "");
  Code c = NewCode();
  Fields f = Exchange(c);
  f[2].second = "http://localhost:8080/auth/callback";
  HttpResult r = TokenCall(*idp_, f);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorOf(r), "invalid_grant");
}

TEST_F(DevIdpErrorsTest, RejectsPlainPkce) {
  Pkce pkce = Pkce::New();
  HttpResult a = Send({.url = idp_->Endpoint("authorization_endpoint") + "?" +
                              FormBody({{"client_id", kClientId},
                                        {"redirect_uri", kRedirectUri},
                                        {"response_type", "code"},
                                        {"scope", "openid"},
                                        {"state", "s-plain"},
                                        {"code_challenge", pkce.verifier},
                                        {"code_challenge_method", "plain"},
                                        {"login_hint", "alice"}})});
  ASSERT_EQ(a.status, 302);
  EXPECT_EQ(QueryValue(a.Header("location"), "error"), "invalid_request");
  EXPECT_EQ(QueryValue(a.Header("location"), "state"), "s-plain");
}

TEST_F(DevIdpErrorsTest, RejectsBadClientSecretBasicWithAChallenge) {
  HttpResult r = TokenCall(*idp_, Exchange(NewCode()), std::string(kClientId) + ":wrong");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(ErrorOf(r), "invalid_client");
  EXPECT_EQ(r.Header("www-authenticate").rfind("Basic", 0), 0u);
}

TEST_F(DevIdpErrorsTest, RejectsBadClientSecretPost) {
  Fields f = Exchange(NewCode());
  f.emplace_back("client_id", kClientId);
  f.emplace_back("client_secret", "wrong");
  HttpResult r = TokenCall(*idp_, f, "");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(ErrorOf(r), "invalid_client");
}

TEST_F(DevIdpErrorsTest, RejectsRotatedRefreshTokenReuse) {
  nlohmann::json t = nlohmann::json::parse(TokenCall(*idp_, Exchange(NewCode())).body);
  Fields refresh{{"grant_type", "refresh_token"}, {"refresh_token", t["refresh_token"]}};
  ASSERT_EQ(TokenCall(*idp_, refresh).status, 200);
  HttpResult again = TokenCall(*idp_, refresh);
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(ErrorOf(again), "invalid_grant");
}

TEST_F(DevIdpErrorsTest, RejectsOnBehalfOfWithATokenForAnotherAudience) {
  Code c = NewCode("bob", "openid api://portcullis-downstream/Data.Read");
  nlohmann::json t = nlohmann::json::parse(TokenCall(*idp_, Exchange(c)).body);
  HttpResult r = TokenCall(*idp_, {{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"},
                                   {"requested_token_use", "on_behalf_of"},
                                   {"assertion", t["access_token"]},
                                   {"scope", "https://graph.microsoft.com/User.Read"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorOf(r), "invalid_grant");
}

TEST_F(DevIdpErrorsTest, GraphStandInRejectsATokenNotIssuedForGraph) {
  nlohmann::json t = nlohmann::json::parse(TokenCall(*idp_, Exchange(NewCode())).body);
  HttpResult me =
      Send({.url = idp_->base() + "/v1.0/me",
            .headers = {"Authorization: Bearer " + t["access_token"].get<std::string>()}});
  EXPECT_EQ(me.status, 401);
}

TEST_F(DevIdpErrorsTest, InjectedThrottlingAnswers429WithRetryAfter) {
  ASSERT_EQ(
      idp_->Control("token-faults", {{"count", 1}, {"status", 429}, {"retry_after", 3}}).status,
      200);
  Code c = NewCode();
  HttpResult throttled = TokenCall(*idp_, Exchange(c));
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.Header("retry-after"), "3");
  EXPECT_EQ(TokenCall(*idp_, Exchange(c)).status, 200);
  HttpResult counters = idp_->Control("counters", nlohmann::json::object());
  ASSERT_EQ(counters.status, 200);
  EXPECT_GE(nlohmann::json::parse(counters.body)["faults"].get<int>(), 1);
}

TEST_F(DevIdpErrorsTest, RejectsAnOversizedRequest) {
  HttpResult r = TokenCall(
      *idp_, {{"grant_type", "refresh_token"}, {"refresh_token", std::string(70 * 1024, 'a')}});
  EXPECT_EQ(r.status, 413);
}

TEST(DevIdpControlsOffTest, TestControlsAreRefusedWithoutTheFlag) {
  std::unique_ptr<DevIdpServer> idp = DevIdpServer::Start(/*test_controls=*/false);
  ASSERT_NE(idp, nullptr);
  EXPECT_EQ(idp->Control("counters", nlohmann::json::object()).status, 404);
  EXPECT_EQ(idp->Control("rotate-keys", {{"drop_old", true}}).status, 404);
}

}  // namespace
}  // namespace portcullis::e2e
