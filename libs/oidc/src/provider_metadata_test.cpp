#include "portcullis/oidc/provider_metadata.h"

#include <gtest/gtest.h>

#include "portcullis/http/testing/fake_http_fetcher.h"

namespace portcullis::oidc {
namespace {

constexpr char kIssuer[] = "https://login.example/tenant-1/v2.0";

std::string Document(std::string issuer = kIssuer, std::string extra = "") {
  return R"({"issuer":")" + issuer + R"(",
    "authorization_endpoint":"https://login.example/tenant-1/oauth2/v2.0/authorize",
    "token_endpoint":"https://login.example/tenant-1/oauth2/v2.0/token",
    "jwks_uri":"https://login.example/tenant-1/discovery/v2.0/keys",
    "end_session_endpoint":"https://login.example/tenant-1/oauth2/v2.0/logout",
    "code_challenge_methods_supported":["S256"],
    "id_token_signing_alg_values_supported":["RS256"],
    "unknown_member":{"ignored":true})" +
         extra + "}";
}

TEST(ProviderMetadataTest, ParsesTheEndpointsTheSuiteUses) {
  Result<ProviderMetadata> m = ParseProviderMetadata(Document(), kIssuer);
  ASSERT_TRUE(m.ok()) << m.error().detail;
  EXPECT_EQ(m->issuer, kIssuer);
  EXPECT_EQ(m->authorization_endpoint, "https://login.example/tenant-1/oauth2/v2.0/authorize");
  EXPECT_EQ(m->token_endpoint, "https://login.example/tenant-1/oauth2/v2.0/token");
  EXPECT_EQ(m->jwks_uri, "https://login.example/tenant-1/discovery/v2.0/keys");
  EXPECT_EQ(m->end_session_endpoint, "https://login.example/tenant-1/oauth2/v2.0/logout");
  EXPECT_EQ(m->code_challenge_methods_supported, std::vector<std::string>{"S256"});
  EXPECT_EQ(m->id_token_signing_alg_values_supported, std::vector<std::string>{"RS256"});
}

// OpenID Connect Discovery §4.3: a document naming another issuer must not be trusted.
TEST(ProviderMetadataTest, RejectsAnIssuerOtherThanTheConfiguredOne) {
  Result<ProviderMetadata> m =
      ParseProviderMetadata(Document("https://login.example/tenant-2/v2.0"), kIssuer);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.code(), ErrorCode::kUpstreamError);
  EXPECT_NE(m.error().detail.find("tenant-2"), std::string::npos);
  EXPECT_FALSE(ParseProviderMetadata(Document(std::string(kIssuer) + "/"), kIssuer).ok());
}

TEST(ProviderMetadataTest, AcceptsEntraTemplateIssuerOnlyWhenConfiguredLiterally) {
  const std::string templ = "https://login.microsoftonline.com/{tenantid}/v2.0";
  EXPECT_TRUE(ParseProviderMetadata(Document(templ), templ).ok());
  EXPECT_FALSE(ParseProviderMetadata(Document(templ), kIssuer).ok());
}

TEST(ProviderMetadataTest, RejectsMissingOrMalformedMembers) {
  const std::string missing_token = R"({"issuer":"https://login.example/tenant-1/v2.0",
    "authorization_endpoint":"https://a/authorize","jwks_uri":"https://a/keys"})";
  Result<ProviderMetadata> m = ParseProviderMetadata(missing_token, kIssuer);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().detail.find("token_endpoint"), std::string::npos);

  const std::string relative = R"({"issuer":"https://login.example/tenant-1/v2.0",
    "authorization_endpoint":"/authorize","token_endpoint":"https://a/t","jwks_uri":"https://a/k"})";
  EXPECT_FALSE(ParseProviderMetadata(relative, kIssuer).ok());
  const std::string javascript = R"js({"issuer":"https://login.example/tenant-1/v2.0",
    "authorization_endpoint":"javascript:alert(1)","token_endpoint":"https://a/t","jwks_uri":"https://a/k"})js";
  EXPECT_FALSE(ParseProviderMetadata(javascript, kIssuer).ok());
  EXPECT_FALSE(ParseProviderMetadata(Document(kIssuer, R"(,"jwks_uri":7)"), kIssuer).ok());
  EXPECT_FALSE(ParseProviderMetadata("[]", kIssuer).ok());
  EXPECT_FALSE(ParseProviderMetadata("{\"issuer\":", kIssuer).ok());
  EXPECT_FALSE(ParseProviderMetadata("", kIssuer).ok());
  EXPECT_FALSE(ParseProviderMetadata(
                   Document(kIssuer, R"(,"code_challenge_methods_supported":"S256")"), kIssuer)
                   .ok());
}

TEST(ProviderMetadataTest, EndSessionEndpointIsOptional) {
  const std::string doc = R"({"issuer":"https://login.example/tenant-1/v2.0",
    "authorization_endpoint":"https://a/authorize","token_endpoint":"https://a/t","jwks_uri":"https://a/k"})";
  Result<ProviderMetadata> m = ParseProviderMetadata(doc, kIssuer);
  ASSERT_TRUE(m.ok()) << m.error().detail;
  EXPECT_EQ(m->end_session_endpoint, "");
  EXPECT_TRUE(m->code_challenge_methods_supported.empty());
}

TEST(FetchProviderMetadataTest, FetchesTheWellKnownDocument) {
  http::testing::FakeHttpFetcher http;
  http.SetResponse(std::string(kIssuer) + "/.well-known/openid-configuration", 200, Document());
  Result<ProviderMetadata> m = FetchProviderMetadata(http, kIssuer);
  ASSERT_TRUE(m.ok()) << m.error().detail;
  EXPECT_EQ(m->token_endpoint, "https://login.example/tenant-1/oauth2/v2.0/token");
}

TEST(FetchProviderMetadataTest, MapsFailuresToTypedErrors) {
  http::testing::FakeHttpFetcher http;
  const std::string url = std::string(kIssuer) + "/.well-known/openid-configuration";
  http.SetError(url, http::FetchErrorCode::kConnect);
  EXPECT_EQ(FetchProviderMetadata(http, kIssuer).code(), ErrorCode::kUnavailable);
  http.SetResponse(url, 503, "busy");
  EXPECT_EQ(FetchProviderMetadata(http, kIssuer).code(), ErrorCode::kUnavailable);
  http.SetResponse(url, 404, "no");
  EXPECT_EQ(FetchProviderMetadata(http, kIssuer).code(), ErrorCode::kUpstreamError);
  http.SetResponse(url, 200, "not json");
  EXPECT_EQ(FetchProviderMetadata(http, kIssuer).code(), ErrorCode::kUpstreamError);
  EXPECT_EQ(FetchProviderMetadata(http, "ftp://x").code(), ErrorCode::kBadRequest);
}

}  // namespace
}  // namespace portcullis::oidc
