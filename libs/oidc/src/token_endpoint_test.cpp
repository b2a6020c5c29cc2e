#include "portcullis/oidc/token_endpoint.h"

#include <gtest/gtest.h>

#include "portcullis/common/testing/fake_clock.h"
#include "portcullis/http/testing/fake_http_fetcher.h"

namespace portcullis::oidc {
namespace {

using std::chrono::seconds;

constexpr char kEndpoint[] = "https://idp.example/oauth2/v2.0/token";
constexpr int64_t kNow = 1'790'000'000;

http::HttpResponse Response(int status, std::string body,
                            std::vector<std::pair<std::string, std::string>> headers = {}) {
  http::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(FormUrlEncodeTest, EncodesPerRfc6749AppendixB) {
  EXPECT_EQ(FormUrlEncode({{"grant_type", "refresh_token"}, {"scope", "openid profile"}}),
            "grant_type=refresh_token&scope=openid+profile");
  EXPECT_EQ(FormUrlEncode({{"a", "x+y/z=?&%"}}), "a=x%2By%2Fz%3D%3F%26%25");
  EXPECT_EQ(FormUrlEncode({{"u", "\xc3\xa9-._~*"}}), "u=%C3%A9-._~*");
  EXPECT_EQ(FormUrlEncode({}), "");
}

TEST(ParseTokenResponseTest, ParsesASuccessfulResponse) {
  TokenEndpointResult r = ParseTokenResponse(
      Response(200, R"({"access_token":"at","token_type":"Bearer","expires_in":3599,
        "refresh_token":"rt","id_token":"it","scope":"openid profile","ext_expires_in":3599})"),
      kNow);
  ASSERT_TRUE(r.ok()) << r.error().description;
  EXPECT_EQ(r->access_token, "at");
  EXPECT_EQ(r->refresh_token, "rt");
  EXPECT_EQ(r->id_token, "it");
  EXPECT_EQ(r->scope, "openid profile");
  EXPECT_EQ(r->expires_in, seconds(3599));
}

TEST(ParseTokenResponseTest, AcceptsEntraV1StringExpiresInAndLowerCaseBearer) {
  TokenEndpointResult r = ParseTokenResponse(
      Response(200, R"({"access_token":"at","token_type":"bearer","expires_in":"3600"})"), kNow);
  ASSERT_TRUE(r.ok()) << r.error().description;
  EXPECT_EQ(r->expires_in, seconds(3600));
  EXPECT_EQ(r->refresh_token, "");
}

TEST(ParseTokenResponseTest, RejectsMalformedSuccessBodies) {
  for (const char* body :
       {R"({"token_type":"Bearer"})", R"({"access_token":"","token_type":"Bearer"})",
        R"({"access_token":"at"})", R"({"access_token":"at","token_type":"mac"})",
        R"({"access_token":7,"token_type":"Bearer"})",
        R"({"access_token":"at","token_type":"Bearer","expires_in":-1})",
        R"({"access_token":"at","token_type":"Bearer","expires_in":"1e3"})",
        R"({"access_token":"at","token_type":"Bearer","refresh_token":1})", "not json", "[]"}) {
    TokenEndpointResult r = ParseTokenResponse(Response(200, body), kNow);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().kind, TokenErrorKind::kBadResponse) << body;
    EXPECT_EQ(r.error().ToErrorCode(), ErrorCode::kUpstreamError);
  }
}

TEST(ParseTokenResponseTest, ClassifiesOAuthErrors) {
  struct Case {
    int status;
    const char* body;
    TokenErrorKind kind;
    ErrorCode code;
  };
  const Case cases[] = {
      {400, R"({"error":"invalid_grant","error_description":"AADSTS70008: expired"})",
       TokenErrorKind::kInvalidGrant, ErrorCode::kUnauthorized},
      {401, R"({"error":"invalid_client"})", TokenErrorKind::kInvalidClient,
       ErrorCode::kUpstreamError},
      {400, R"({"error":"unauthorized_client"})", TokenErrorKind::kInvalidClient,
       ErrorCode::kUpstreamError},
      {401, "", TokenErrorKind::kInvalidClient, ErrorCode::kUpstreamError},
      {400, R"({"error":"invalid_scope"})", TokenErrorKind::kRejected, ErrorCode::kUpstreamError},
      {400, R"({"error":"temporarily_unavailable"})", TokenErrorKind::kServerError,
       ErrorCode::kUnavailable},
      {429, "", TokenErrorKind::kRateLimited, ErrorCode::kUnavailable},
      {500, "<html>", TokenErrorKind::kServerError, ErrorCode::kUnavailable},
      {503, R"({"error":"server_error"})", TokenErrorKind::kServerError, ErrorCode::kUnavailable},
      {400, "<html>", TokenErrorKind::kBadResponse, ErrorCode::kUpstreamError},
      {302, "", TokenErrorKind::kBadResponse, ErrorCode::kUpstreamError},
  };
  for (const Case& c : cases) {
    TokenEndpointResult r = ParseTokenResponse(Response(c.status, c.body), kNow);
    ASSERT_FALSE(r.ok()) << c.status << " " << c.body;
    EXPECT_EQ(r.error().kind, c.kind) << c.status << " " << c.body;
    EXPECT_EQ(r.error().ToErrorCode(), c.code) << c.status << " " << c.body;
    EXPECT_EQ(r.error().http_status, c.status);
    EXPECT_FALSE(r.error().description.empty());
  }
}

TEST(ParseTokenResponseTest, ReadsRetryAfterAsSecondsOrHttpDate) {
  TokenEndpointResult secs = ParseTokenResponse(Response(429, "", {{"retry-after", "7"}}), kNow);
  ASSERT_FALSE(secs.ok());
  EXPECT_EQ(secs.error().retry_after, seconds(7));
  EXPECT_TRUE(secs.error().Retryable());

  // kNow = 2026-09-21T14:13:20Z; the date below is 40 s later.
  TokenEndpointResult date = ParseTokenResponse(
      Response(503, "", {{"retry-after", "Mon, 21 Sep 2026 14:14:00 GMT"}}), kNow);
  ASSERT_FALSE(date.ok());
  EXPECT_EQ(date.error().retry_after, seconds(40));

  TokenEndpointResult past = ParseTokenResponse(
      Response(503, "", {{"retry-after", "Mon, 21 Sep 2026 14:00:00 GMT"}}), kNow);
  EXPECT_EQ(past.error().retry_after, seconds(0));
  TokenEndpointResult huge =
      ParseTokenResponse(Response(429, "", {{"retry-after", "99999999999999999999"}}), kNow);
  EXPECT_EQ(huge.error().retry_after, seconds(86400));
  TokenEndpointResult junk = ParseTokenResponse(Response(429, "", {{"retry-after", "soon"}}), kNow);
  EXPECT_EQ(junk.error().retry_after, std::nullopt);
  TokenEndpointResult none = ParseTokenResponse(Response(429, ""), kNow);
  EXPECT_EQ(none.error().retry_after, std::nullopt);
}

TEST(ParseTokenResponseTest, ProviderTextIsCutToOneShortLine) {
  const std::string long_text(1000, 'x');
  TokenEndpointResult r = ParseTokenResponse(
      Response(400, R"({"error":"invalid_grant","error_description":"line1\r\nline2)" + long_text +
                        "\"}"),
      kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_LE(r.error().description.size(), 256u);
  EXPECT_EQ(r.error().description.find('\n'), std::string::npos);
  EXPECT_EQ(r.error().description.find('\r'), std::string::npos);
}

class TokenEndpointClientTest : public ::testing::Test {
 protected:
  http::testing::FakeHttpFetcher http_;
  testing::FakeClock clock_{FromUnixSeconds(kNow)};
};

TEST_F(TokenEndpointClientTest, RefreshSendsTheGrantWithBasicClientAuth) {
  http_.SetResponse(kEndpoint, 200, R"({"access_token":"new","token_type":"Bearer"})");
  TokenEndpointClient client(http_, clock_, kEndpoint,
                             {.client_id = "gw app", .client_secret = SecretString("s:e+c")});
  TokenEndpointResult r = client.Refresh("rt/1+2", "openid offline_access");
  ASSERT_TRUE(r.ok()) << r.error().description;
  EXPECT_EQ(r->access_token, "new");
  const auto posts = http_.Posts();
  ASSERT_EQ(posts.size(), 1u);
  const auto& post = posts[0];
  EXPECT_EQ(post.url, kEndpoint);
  EXPECT_EQ(post.content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(post.body,
            "grant_type=refresh_token&refresh_token=rt%2F1%2B2&scope=openid+offline_access");
  // base64("gw+app:s%3Ae%2Bc"): RFC 6749 §2.3.1 form-encodes both halves first.
  const std::pair<std::string, std::string> basic{"Authorization",
                                                  "Basic Z3crYXBwOnMlM0FlJTJCYw=="};
  EXPECT_NE(std::find(post.headers.begin(), post.headers.end(), basic), post.headers.end());
  EXPECT_EQ(post.body.find("client_secret"), std::string::npos);
}

TEST_F(TokenEndpointClientTest, ExchangeCodeWithClientSecretPost) {
  http_.SetResponse(kEndpoint, 200,
                    R"({"access_token":"at","token_type":"Bearer","id_token":"idt"})");
  TokenEndpointClient client(http_, clock_, kEndpoint,
                             {.client_id = "gw",
                              .client_secret = SecretString("sec"),
                              .method = ClientAuthMethod::kClientSecretPost});
  TokenEndpointResult r = client.ExchangeCode("c0de", "verifier", "http://127.0.0.1:8080/cb");
  ASSERT_TRUE(r.ok()) << r.error().description;
  EXPECT_EQ(r->id_token, "idt");
  EXPECT_EQ(http_.Posts()[0].body,
            "grant_type=authorization_code&code=c0de&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%"
            "2Fcb&code_verifier=verifier&client_id=gw&client_secret=sec");
  const auto posts = http_.Posts();
  for (const auto& [name, value] : posts[0].headers) EXPECT_NE(name, "Authorization");
}

TEST_F(TokenEndpointClientTest, PublicClientSendsOnlyItsId) {
  http_.SetResponse(kEndpoint, 200, R"({"access_token":"at","token_type":"Bearer"})");
  TokenEndpointClient client(http_, clock_, kEndpoint,
                             {.client_id = "cli", .method = ClientAuthMethod::kNone});
  ASSERT_TRUE(client.Refresh("rt").ok());
  EXPECT_EQ(http_.Posts()[0].body, "grant_type=refresh_token&refresh_token=rt&client_id=cli");
}

TEST_F(TokenEndpointClientTest, OnBehalfOfUsesTheJwtBearerGrant) {
  http_.SetResponse(kEndpoint, 200, R"({"access_token":"obo","token_type":"Bearer"})");
  TokenEndpointClient client(http_, clock_, kEndpoint,
                             {.client_id = "gw", .client_secret = SecretString("s")});
  ASSERT_TRUE(client.OnBehalfOf("user.jwt", "https://graph.microsoft.com/.default").ok());
  EXPECT_EQ(http_.Posts()[0].body,
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=user.jwt&"
            "scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&requested_token_use=on_behalf_of");
}

TEST_F(TokenEndpointClientTest, TransportFailureIsRetryableAndCarriesNoSecret) {
  http_.SetError(kEndpoint, http::FetchErrorCode::kTimeout);
  TokenEndpointClient client(http_, clock_, kEndpoint,
                             {.client_id = "gw", .client_secret = SecretString("topsecret")});
  TokenEndpointResult r = client.Refresh("refresh-secret");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, TokenErrorKind::kTransport);
  EXPECT_TRUE(r.error().Retryable());
  EXPECT_EQ(r.error().ToErrorCode(), ErrorCode::kUnavailable);
  EXPECT_EQ(r.error().description.find("topsecret"), std::string::npos);
  EXPECT_EQ(r.error().description.find("refresh-secret"), std::string::npos);
}

TEST_F(TokenEndpointClientTest, HttpDateRetryAfterIsMeasuredFromTheInjectedClock) {
  http::HttpResponse busy = Response(503, "", {{"retry-after", "Mon, 21 Sep 2026 14:14:00 GMT"}});
  http_.SetPostSequence(kEndpoint, {http::FetchResult(busy)});
  TokenEndpointClient client(http_, clock_, kEndpoint,
                             {.client_id = "gw", .client_secret = SecretString("s")});
  clock_.Advance(seconds(30));
  TokenEndpointResult r = client.Refresh("rt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().retry_after, seconds(10));
}

}  // namespace
}  // namespace portcullis::oidc
