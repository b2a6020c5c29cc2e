#include "test_controls.h"

#include <gtest/gtest.h>

#include "testing/test_provider.h"

namespace portcullis::dev_idp {
namespace {

using testing::Body;
using testing::TestProvider;

TEST(TestControlsTest, RotateKeysWithGraceKeepsTheOldKeyInTheJwks) {
  TestProvider t;
  HttpReply r = t.idp->controls.Handle("rotate-keys", R"({"grace_seconds": 600})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["kid"], "fake-2");
  EXPECT_EQ(t.idp->keys.Jwks()["keys"].size(), 2u);
}

TEST(TestControlsTest, RotateKeysCanDropTheOldKey) {
  TestProvider t;
  ASSERT_EQ(t.idp->controls.Handle("rotate-keys", R"({"drop_old": true})").status, 200);
  EXPECT_EQ(t.idp->keys.Jwks()["keys"].size(), 1u);
}

TEST(TestControlsTest, TokenFaultsRejectAStatusThatIsNotAFault) {
  TestProvider t;
  EXPECT_EQ(t.idp->controls.Handle("token-faults", R"({"count": 1, "status": 200})").status, 400);
  EXPECT_EQ(t.idp->controls.Handle("token-faults", R"({"count": 1, "status": 404})").status, 400);
  EXPECT_EQ(t.idp->controls.Handle("token-faults", R"({"count": 2, "status": 503})").status, 200);
  HttpReply r = t.Token(
      {{"grant_type", "client_credentials"}, {"scope", "api://portcullis-downstream/.default"}});
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(Body(r)["error"], "server_error");
}

TEST(TestControlsTest, LifetimesApplyToTheNextTokens) {
  TestProvider t;
  ASSERT_EQ(t.idp->controls.Handle("lifetimes", R"({"access_token": 30})").status, 200);
  nlohmann::json body = t.Login();
  EXPECT_EQ(body["expires_in"], 30);
  nlohmann::json at = testing::DecodeClaims(body["access_token"]);
  EXPECT_EQ(at["exp"].get<int64_t>() - at["iat"].get<int64_t>(), 30);
  EXPECT_EQ(t.idp->controls.Handle("lifetimes", R"({"access_token": "x"})").status, 400);
}

TEST(TestControlsTest, RevokeRefreshTokenEndsItsFamily) {
  TestProvider t;
  std::string rt = t.Login()["refresh_token"];
  nlohmann::json req{{"refresh_token", rt}};
  ASSERT_EQ(t.idp->controls.Handle("revoke-refresh-token", req.dump()).status, 200);
  EXPECT_EQ(Body(t.Token({{"grant_type", "refresh_token"}, {"refresh_token", rt}}))["error"],
            "invalid_grant");
  EXPECT_EQ(t.idp->controls.Handle("revoke-refresh-token", R"({"refresh_token": "zz"})").status,
            404);
}

TEST(TestControlsTest, CountersReportTokensPerGrantType) {
  TestProvider t;
  (void)t.Login();
  HttpReply r = t.idp->controls.Handle("counters", "");
  EXPECT_EQ(Body(r)["authorization_code"], 1);
}

TEST(TestControlsTest, RejectsABodyThatIsNotAnObjectAndUnknownControls) {
  TestProvider t;
  EXPECT_EQ(t.idp->controls.Handle("lifetimes", "[1]").status, 400);
  EXPECT_EQ(t.idp->controls.Handle("nope", "{}").status, 404);
}

}  // namespace
}  // namespace portcullis::dev_idp
