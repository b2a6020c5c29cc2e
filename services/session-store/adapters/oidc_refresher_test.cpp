// OidcRefresher against libs/http's fake: discovery once, the refresh_token grant, and how each
// provider answer maps onto the logic's three outcomes.
#include "adapters/oidc_refresher.h"

#include <gtest/gtest.h>

#include "portcullis/common/testing/fake_clock.h"
#include "portcullis/http/testing/fake_http_fetcher.h"

namespace portcullis::session_store {
namespace {

constexpr const char* kIssuer = "http://idp.test/t/v2.0";
constexpr const char* kToken = "http://idp.test/t/oauth2/v2.0/token";

class OidcRefresherTest : public ::testing::Test {
 protected:
  OidcRefresherTest() {
    http_.SetResponse(std::string(kIssuer) + "/.well-known/openid-configuration", 200,
                      std::string(R"({"issuer":")") + kIssuer +
                          R"(","authorization_endpoint":"http://idp.test/t/authorize",)"
                          R"("token_endpoint":")" +
                          kToken + R"(","jwks_uri":"http://idp.test/t/keys"})");
  }
  OidcRefresher Make() {
    return OidcRefresher(http_, clock_,
                         {.issuer = kIssuer,
                          .credentials = {"portcullis-gateway", SecretString("s3cret"),
                                          oidc::ClientAuthMethod::kClientSecretPost}});
  }
  void Answer(int status, std::string body,
              std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    http_.SetPostSequence(kToken, {http::FetchResult(std::move(r))});
  }
  http::testing::FakeHttpFetcher http_;
  portcullis::testing::FakeClock clock_;
};

TEST_F(OidcRefresherTest, RefreshesThroughTheDiscoveredTokenEndpoint) {
  Answer(200,
         R"({"access_token":"a2","token_type":"Bearer","refresh_token":"r2","expires_in":3599})");
  OidcRefresher r = Make();
  RefreshResult out = r.Refresh("r1", std::chrono::seconds(2));
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_EQ(out.tokens().access_token, "a2");
  EXPECT_EQ(out.tokens().refresh_token, "r2");
  EXPECT_EQ(out.tokens().expires_in, std::chrono::seconds(3599));
  auto posts = http_.Posts();
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_NE(posts[0].body.find("grant_type=refresh_token"), std::string::npos);
  EXPECT_NE(posts[0].body.find("refresh_token=r1"), std::string::npos);
  ASSERT_TRUE(r.Refresh("r2", std::chrono::seconds(2)).ok());
  EXPECT_EQ(http_.Calls(std::string(kIssuer) + "/.well-known/openid-configuration"), 1);
}

TEST_F(OidcRefresherTest, InvalidGrantEndsTheSession) {
  Answer(400, R"({"error":"invalid_grant","error_description":"revoked"})");
  RefreshResult out = Make().Refresh("r1", std::chrono::seconds(2));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, RefreshErrorKind::kInvalidGrant);
}

TEST_F(OidcRefresherTest, ThrottlingIsRetryableWithRetryAfter) {
  Answer(429, R"({"error":"too_many_requests"})", {{"retry-after", "7"}});
  RefreshResult out = Make().Refresh("r1", std::chrono::seconds(2));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind, RefreshErrorKind::kRetryable);
  EXPECT_EQ(out.error().retry_after, std::chrono::seconds(7));
}

TEST_F(OidcRefresherTest, ServerErrorAndUnreachableProviderAreRetryable) {
  Answer(503, "");
  EXPECT_EQ(Make().Refresh("r1", std::chrono::seconds(2)).error().kind,
            RefreshErrorKind::kRetryable);
  http::testing::FakeHttpFetcher down;
  down.SetError(std::string(kIssuer) + "/.well-known/openid-configuration",
                http::FetchErrorCode::kConnect);
  OidcRefresher r(down, clock_, {.issuer = kIssuer, .credentials = {"c", SecretString("s")}});
  EXPECT_EQ(r.Refresh("r1", std::chrono::seconds(2)).error().kind, RefreshErrorKind::kRetryable);
}

TEST_F(OidcRefresherTest, MisconfiguredClientIsFatal) {
  Answer(401, R"({"error":"invalid_client"})");
  EXPECT_EQ(Make().Refresh("r1", std::chrono::seconds(2)).error().kind, RefreshErrorKind::kFatal);
}

}  // namespace
}  // namespace portcullis::session_store
