#include "token_logic.h"

#include <gtest/gtest.h>

#include "pkce.h"
#include "testing/test_provider.h"

namespace portcullis::dev_idp {
namespace {

using testing::Body;
using testing::DecodeClaims;
using testing::kBase;
using testing::kDownstreamId;
using testing::kDownstreamSecret;
using testing::kGatewayId;
using testing::kGatewaySecret;
using testing::kRedirect;
using testing::kVerifier;
using testing::TestProvider;

constexpr const char* kTenant = "6f2a1c3e-8b4d-4e7a-9c15-2d3e4f5a6b7c";
constexpr const char* kAliceOid = "11111111-aaaa-4aaa-8aaa-111111111111";

Params CodeForm(const std::string& code) {
  return {{"grant_type", "authorization_code"},
          {"code", code},
          {"redirect_uri", kRedirect},
          {"code_verifier", kVerifier}};
}

void ExpectOAuthError(const HttpReply& r, int status, const std::string& error) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(Body(r).value("error", ""), error) << r.body;
}

std::string Header(const HttpReply& r, ReplyHeader name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

TEST(TokenLogicTest, AuthorizationCodeIssuesEntraShapedTokens) {
  TestProvider t;
  nlohmann::json body = t.Login("alice");
  ASSERT_TRUE(body.contains("access_token")) << body.dump();
  EXPECT_EQ(body["token_type"], "Bearer");
  EXPECT_EQ(body["expires_in"], 3600);
  EXPECT_EQ(body["scope"],
            "api://portcullis-gateway/access_as_user openid profile email offline_access");
  nlohmann::json at = DecodeClaims(body["access_token"]);
  EXPECT_EQ(at["iss"], std::string(kBase) + "/" + kTenant + "/v2.0");
  EXPECT_EQ(at["aud"], kGatewayId);
  EXPECT_EQ(at["azp"], kGatewayId);
  EXPECT_EQ(at["azpacr"], "1");
  EXPECT_EQ(at["ver"], "2.0");
  EXPECT_EQ(at["oid"], kAliceOid);
  EXPECT_EQ(at["tid"], kTenant);
  EXPECT_EQ(at["scp"], "access_as_user");
  EXPECT_EQ(at["upn"], "alice@portcullis.dev");
  EXPECT_EQ(at["preferred_username"], "alice@portcullis.dev");
  EXPECT_EQ(at["name"], "Alice Admin");
  EXPECT_EQ(at["roles"], nlohmann::json({"Portcullis.Admin"}));
  EXPECT_EQ(at["groups"], nlohmann::json({"a1d3c5e7-0b2d-4f6a-8c1e-3a5b7c9d1e2f"}));
  EXPECT_EQ(at["exp"].get<int64_t>() - at["iat"].get<int64_t>(), 3600);
  EXPECT_NE(at["sub"], kAliceOid);
  nlohmann::json id = DecodeClaims(body["id_token"]);
  EXPECT_EQ(id["aud"], kGatewayId);
  EXPECT_EQ(id["nonce"], "n-456");
  EXPECT_EQ(id["email"], "alice@portcullis.dev");
  EXPECT_TRUE(body.contains("refresh_token"));
}

TEST(TokenLogicTest, RejectsWrongCodeVerifier) {
  TestProvider t;
  Params form = CodeForm(t.Code());
  form["code_verifier"] = std::string(kVerifier) + "x";
  ExpectOAuthError(t.Token(form), 400, "invalid_grant");
}

TEST(TokenLogicTest, RejectsMissingCodeVerifier) {
  TestProvider t;
  Params form = CodeForm(t.Code());
  form.erase("code_verifier");
  ExpectOAuthError(t.Token(form), 400, "invalid_grant");
}

TEST(TokenLogicTest, RejectsReusedAuthorizationCode) {
  TestProvider t;
  std::string code = t.Code();
  EXPECT_EQ(t.Token(CodeForm(code)).status, 200);
  ExpectOAuthError(t.Token(CodeForm(code)), 400, "invalid_grant");
}

TEST(TokenLogicTest, RevokesTokensIssuedFromAReusedCode) {
  TestProvider t;
  std::string code = t.Code();
  nlohmann::json first = Body(t.Token(CodeForm(code)));
  ASSERT_TRUE(first.contains("refresh_token"));
  ExpectOAuthError(t.Token(CodeForm(code)), 400, "invalid_grant");
  ExpectOAuthError(t.Token({{"grant_type", "refresh_token"},
                            {"refresh_token", first["refresh_token"].get<std::string>()}}),
                   400, "invalid_grant");
}

TEST(TokenLogicTest, CodeIsBurntByAFailedRedemption) {
  TestProvider t;
  std::string code = t.Code();
  Params wrong = CodeForm(code);
  wrong["code_verifier"] = std::string(kVerifier) + "y";
  ExpectOAuthError(t.Token(wrong), 400, "invalid_grant");
  ExpectOAuthError(t.Token(CodeForm(code)), 400, "invalid_grant");
}

TEST(TokenLogicTest, RejectsRedirectUriMismatchAtTheTokenEndpoint) {
  TestProvider t;
  Params form = CodeForm(t.Code());
  form["redirect_uri"] = "http://localhost:8080/auth/callback";
  ExpectOAuthError(t.Token(form), 400, "invalid_grant");
}

TEST(TokenLogicTest, RejectsExpiredAuthorizationCode) {
  TestProvider t;
  std::string code = t.Code();
  t.clock.Advance(std::chrono::seconds(61));
  ExpectOAuthError(t.Token(CodeForm(code)), 400, "invalid_grant");
}

TEST(TokenLogicTest, RejectsCodeRedeemedByAnotherClient) {
  TestProvider t;
  Params form = CodeForm(t.Code());
  form["client_id"] = kDownstreamId;
  form["client_secret"] = kDownstreamSecret;
  ExpectOAuthError(t.Token(form), 400, "invalid_grant");
}

TEST(TokenLogicTest, RejectsBadClientSecretPost) {
  TestProvider t;
  Params form = CodeForm(t.Code());
  form["client_id"] = kGatewayId;
  form["client_secret"] = "wrong";
  HttpReply r = t.Token(form);
  ExpectOAuthError(r, 401, "invalid_client");
  EXPECT_EQ(Header(r, ReplyHeader::kWwwAuthenticate), "");
}

TEST(TokenLogicTest, RejectsBadClientSecretBasicWithABasicChallenge) {
  TestProvider t;
  // base64("portcullis-gateway:wrong")
  HttpReply r =
      t.idp->tokens.Handle({CodeForm(t.Code()), "Basic cG9ydGN1bGxpcy1nYXRld2F5Ondyb25n"});
  ExpectOAuthError(r, 401, "invalid_client");
  EXPECT_EQ(Header(r, ReplyHeader::kWwwAuthenticate), "Basic realm=\"dev-idp\"");
}

TEST(TokenLogicTest, AcceptsClientSecretBasic) {
  TestProvider t;
  // base64("portcullis-gateway:dev-gateway-secret-NOT-FOR-PRODUCTION")
  HttpReply r = t.idp->tokens.Handle(
      {CodeForm(t.Code()),
       "Basic cG9ydGN1bGxpcy1nYXRld2F5OmRldi1nYXRld2F5LXNlY3JldC1OT1QtRk9SLVBST0RVQ1RJT04="});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST(TokenLogicTest, RejectsTwoClientAuthenticationMethods) {
  TestProvider t;
  Params form = CodeForm(t.Code());
  form["client_secret"] = kGatewaySecret;
  HttpReply r = t.idp->tokens.Handle(
      {form, "Basic cG9ydGN1bGxpcy1nYXRld2F5OmRldi1nYXRld2F5LXNlY3JldC1OT1QtRk9SLVBST0RVQ1RJT04="});
  ExpectOAuthError(r, 400, "invalid_request");
}

TEST(TokenLogicTest, RejectsUnknownClient) {
  TestProvider t;
  Params form = CodeForm(t.Code());
  form["client_id"] = "nobody";
  form["client_secret"] = "x";
  ExpectOAuthError(t.Token(form), 401, "invalid_client");
}

TEST(TokenLogicTest, RejectsUnsupportedGrantType) {
  TestProvider t;
  ExpectOAuthError(t.Token({{"grant_type", "password"}}), 400, "unsupported_grant_type");
}

TEST(TokenLogicTest, RefreshRotatesTheRefreshToken) {
  TestProvider t;
  std::string rt1 = t.Login()["refresh_token"];
  nlohmann::json second = Body(t.Token({{"grant_type", "refresh_token"}, {"refresh_token", rt1}}));
  ASSERT_TRUE(second.contains("refresh_token")) << second.dump();
  EXPECT_NE(second["refresh_token"], rt1);
  EXPECT_EQ(DecodeClaims(second["access_token"])["oid"], kAliceOid);
  EXPECT_FALSE(DecodeClaims(second["id_token"]).contains("nonce"));
}

TEST(TokenLogicTest, RejectsRotatedRefreshTokenReuseAndRevokesTheFamily) {
  TestProvider t;
  std::string rt1 = t.Login()["refresh_token"];
  std::string rt2 =
      Body(t.Token({{"grant_type", "refresh_token"}, {"refresh_token", rt1}}))["refresh_token"];
  ExpectOAuthError(t.Token({{"grant_type", "refresh_token"}, {"refresh_token", rt1}}), 400,
                   "invalid_grant");
  ExpectOAuthError(t.Token({{"grant_type", "refresh_token"}, {"refresh_token", rt2}}), 400,
                   "invalid_grant");
}

TEST(TokenLogicTest, RejectsRefreshTokenPresentedByAnotherClient) {
  TestProvider t;
  std::string rt = t.Login()["refresh_token"];
  ExpectOAuthError(t.Token({{"grant_type", "refresh_token"},
                            {"refresh_token", rt},
                            {"client_id", kDownstreamId},
                            {"client_secret", kDownstreamSecret}}),
                   400, "invalid_grant");
}

TEST(TokenLogicTest, RejectsExpiredRefreshToken) {
  TestProvider t;
  std::string rt = t.Login()["refresh_token"];
  t.clock.Advance(std::chrono::hours(25));
  ExpectOAuthError(t.Token({{"grant_type", "refresh_token"}, {"refresh_token", rt}}), 400,
                   "invalid_grant");
}

TEST(TokenLogicTest, RefreshMayAskForAnotherResource) {
  TestProvider t;
  std::string rt = t.Login()["refresh_token"];
  nlohmann::json r = Body(t.Token({{"grant_type", "refresh_token"},
                                   {"refresh_token", rt},
                                   {"scope", "api://portcullis-downstream/Data.Read"}}));
  EXPECT_EQ(DecodeClaims(r["access_token"])["aud"], kDownstreamId);
  EXPECT_EQ(DecodeClaims(r["access_token"])["scp"], "Data.Read");
}

TEST(TokenLogicTest, ARefreshAskingForGraphIsRefusedWithoutSpendingTheToken) {
  TestProvider t;
  std::string rt = t.Login()["refresh_token"];
  ExpectOAuthError(t.Token({{"grant_type", "refresh_token"},
                            {"refresh_token", rt},
                            {"scope", "https://graph.microsoft.com/User.Read"}}),
                   400, "invalid_scope");
  EXPECT_EQ(t.Token({{"grant_type", "refresh_token"}, {"refresh_token", rt}}).status, 200);
}

TEST(TokenLogicTest, ClientCredentialsIssuesAnAppTokenWithAppRoles) {
  TestProvider t;
  HttpReply r = t.Token(
      {{"grant_type", "client_credentials"}, {"scope", "api://portcullis-downstream/.default"}});
  ASSERT_EQ(r.status, 200) << r.body;
  nlohmann::json at = DecodeClaims(Body(r)["access_token"]);
  EXPECT_EQ(at["aud"], kDownstreamId);
  EXPECT_EQ(at["roles"], nlohmann::json({"Jobs.Run"}));
  EXPECT_EQ(at["idtyp"], "app");
  EXPECT_FALSE(at.contains("scp"));
  EXPECT_FALSE(Body(r).contains("refresh_token"));
}

TEST(TokenLogicTest, ClientCredentialsRejectsAScopeOtherThanDefault) {
  TestProvider t;
  ExpectOAuthError(t.Token({{"grant_type", "client_credentials"},
                            {"scope", "api://portcullis-downstream/Data.Read"}}),
                   400, "invalid_scope");
}

Params OboForm(const std::string& assertion, const std::string& scope) {
  return {{"grant_type", std::string(kJwtBearerGrant)},
          {"requested_token_use", "on_behalf_of"},
          {"assertion", assertion},
          {"scope", scope}};
}

TEST(TokenLogicTest, OnBehalfOfIssuesAGraphTokenForTheUser) {
  TestProvider t;
  std::string assertion = t.Login()["access_token"];
  HttpReply r = t.Token(OboForm(assertion, "https://graph.microsoft.com/User.Read"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["scope"], "https://graph.microsoft.com/User.Read");
  nlohmann::json at = DecodeClaims(Body(r)["access_token"]);
  EXPECT_EQ(at["aud"], "00000003-0000-0000-c000-000000000000");
  EXPECT_EQ(at["scp"], "User.Read");
  EXPECT_EQ(at["oid"], kAliceOid);
  EXPECT_EQ(at["azp"], kGatewayId);
}

TEST(TokenLogicTest, RejectsOnBehalfOfWithATokenForAnotherAudience) {
  TestProvider t;
  std::string code = t.Code("alice", "openid api://portcullis-downstream/Data.Read");
  std::string other_audience = Body(t.Token(CodeForm(code)))["access_token"];
  ASSERT_EQ(DecodeClaims(other_audience)["aud"], kDownstreamId);
  ExpectOAuthError(t.Token(OboForm(other_audience, "https://graph.microsoft.com/User.Read")), 400,
                   "invalid_grant");
}

TEST(TokenLogicTest, RejectsOnBehalfOfWithAnIdToken) {
  TestProvider t;
  std::string id_token = t.Login()["id_token"];
  ExpectOAuthError(t.Token(OboForm(id_token, "https://graph.microsoft.com/User.Read")), 400,
                   "invalid_grant");
}

TEST(TokenLogicTest, RejectsOnBehalfOfWithAnExpiredAssertion) {
  TestProvider t;
  std::string assertion = t.Login()["access_token"];
  t.clock.Advance(std::chrono::seconds(3601));
  ExpectOAuthError(t.Token(OboForm(assertion, "https://graph.microsoft.com/User.Read")), 400,
                   "invalid_grant");
}

TEST(TokenLogicTest, RejectsOnBehalfOfWithAForgedAssertion) {
  TestProvider t;
  std::string assertion = t.Login()["access_token"];
  assertion.back() = assertion.back() == 'A' ? 'B' : 'A';
  ExpectOAuthError(t.Token(OboForm(assertion, "https://graph.microsoft.com/User.Read")), 400,
                   "invalid_grant");
}

TEST(TokenLogicTest, RejectsOnBehalfOfWithoutRequestedTokenUse) {
  TestProvider t;
  Params form = OboForm(t.Login()["access_token"], "https://graph.microsoft.com/User.Read");
  form.erase("requested_token_use");
  ExpectOAuthError(t.Token(form), 400, "invalid_request");
}

TEST(TokenLogicTest, GroupOverageReplacesGroupsWithAClaimSource) {
  TestProvider t;
  nlohmann::json at = DecodeClaims(t.Login("dave")["access_token"]);
  EXPECT_FALSE(at.contains("groups"));
  EXPECT_EQ(at["_claim_names"], nlohmann::json({{"groups", "src1"}}));
  EXPECT_EQ(
      at["_claim_sources"]["src1"]["endpoint"],
      std::string(kBase) + "/v1.0/users/44444444-dddd-4ddd-8ddd-444444444444/getMemberObjects");
}

TEST(TokenLogicTest, InjectedThrottlingAnswers429WithRetryAfterThenRecovers) {
  TestProvider t;
  t.idp->state.InjectTokenFaults(2, TokenFault{429, 7});
  std::string code = t.Code();
  HttpReply first = t.Token(CodeForm(code));
  ExpectOAuthError(first, 429, "temporarily_unavailable");
  EXPECT_EQ(Header(first, ReplyHeader::kRetryAfter), "7");
  EXPECT_EQ(t.Token(CodeForm(code)).status, 429);
  EXPECT_EQ(t.Token(CodeForm(code)).status, 200);
}

TEST(TokenLogicTest, CountsTokensPerGrantType) {
  TestProvider t;
  std::string rt = t.Login()["refresh_token"];
  ASSERT_EQ(t.Token({{"grant_type", "refresh_token"}, {"refresh_token", rt}}).status, 200);
  ASSERT_EQ(
      t.Token(OboForm(t.Login("bob")["access_token"], "https://graph.microsoft.com/User.Read"))
          .status,
      200);
  ExpectOAuthError(t.Token({{"grant_type", "refresh_token"}, {"refresh_token", rt}}), 400,
                   "invalid_grant");
  nlohmann::json c = t.idp->state.Counters();
  EXPECT_EQ(c["authorization_code"], 2);
  EXPECT_EQ(c["refresh_token"], 1);
  EXPECT_EQ(c["on_behalf_of"], 1);
}

}  // namespace
}  // namespace portcullis::dev_idp
