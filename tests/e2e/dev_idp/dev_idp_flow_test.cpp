// The full flow as a generic client drives it: authorize with PKCE and a login hint, follow the
// redirect, exchange the code, refresh, On-Behalf-Of, call the Graph stand-in; every token is
// verified by libs/token with keys found through discovery only.
#include <gtest/gtest.h>

#include <set>

#include "dev_idp_server.h"

namespace portcullis::e2e {
namespace {

nlohmann::json ClaimsOf(const token::VerifiedToken& t) {
  return nlohmann::json::parse(t.claims.ToJson());
}

class DevIdpFlowTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { idp_ = DevIdpServer::Start(/*test_controls=*/true).release(); }
  static void TearDownTestSuite() {
    delete idp_;
    idp_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(idp_, nullptr); }

  // Authorize as `user` and exchange the code; returns the token response.
  nlohmann::json Login(const std::string& user, const std::string& scope) {
    Pkce pkce = Pkce::New();
    HttpResult a = Authorize(*idp_, user, pkce, scope);
    EXPECT_EQ(a.status, 302) << a.body;
    std::string code = QueryValue(a.Header("location"), "code");
    HttpResult t = TokenCall(*idp_, {{"grant_type", "authorization_code"},
                                     {"code", code},
                                     {"redirect_uri", kRedirectUri},
                                     {"code_verifier", pkce.verifier}});
    EXPECT_EQ(t.status, 200) << t.body;
    return nlohmann::json::parse(t.body, nullptr, false);
  }

  static DevIdpServer* idp_;
  SystemClock clock_;
  http::CurlHttpFetcher fetcher_;
};
DevIdpServer* DevIdpFlowTest::idp_ = nullptr;

TEST_F(DevIdpFlowTest, FullFlowAsAGenericClient) {
  EXPECT_EQ(idp_->Endpoint("issuer"), idp_->base() + "/6f2a1c3e-8b4d-4e7a-9c15-2d3e4f5a6b7c/v2.0");
  EXPECT_EQ(idp_->discovery()["code_challenge_methods_supported"], nlohmann::json({"S256"}));
  auto verifier = DiscoveryVerifier(fetcher_, clock_, *idp_, {kClientId});
  auto graph_verifier = DiscoveryVerifier(fetcher_, clock_, *idp_, {kGraphAppId});

  // Authorize with PKCE and a login hint; the redirect carries code and state.
  Pkce pkce = Pkce::New();
  HttpResult a =
      Authorize(*idp_, "alice", pkce,
                "openid profile email offline_access api://portcullis-gateway/access_as_user",
                "st/+ ate", "nonce-xyz");
  ASSERT_EQ(a.status, 302) << a.body;
  std::string location = a.Header("location");
  ASSERT_EQ(location.rfind(std::string(kRedirectUri) + "?", 0), 0u) << location;
  EXPECT_EQ(QueryValue(location, "state"), "st/+ ate");
  std::string code = QueryValue(location, "code");
  ASSERT_FALSE(code.empty());

  // Exchange the code (client_secret_basic).
  HttpResult t = TokenCall(*idp_, {{"grant_type", "authorization_code"},
                                   {"code", code},
                                   {"redirect_uri", kRedirectUri},
                                   {"code_verifier", pkce.verifier}});
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_EQ(t.Header("cache-control"), "no-store");
  nlohmann::json tokens = nlohmann::json::parse(t.body);
  auto id = verifier->Verify(tokens["id_token"].get<std::string>(), clock_.Now());
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  EXPECT_EQ(ClaimsOf(**id)["nonce"], "nonce-xyz");
  auto access = verifier->Verify(tokens["access_token"].get<std::string>(), clock_.Now());
  ASSERT_TRUE(access.ok()) << access.error().ToString();
  EXPECT_EQ((*access)->claims.Oid(), "11111111-aaaa-4aaa-8aaa-111111111111");
  EXPECT_EQ((*access)->claims.Roles(), std::vector<std::string_view>{"Portcullis.Admin"});
  EXPECT_EQ((*access)->claims.Scopes(), std::vector<std::string_view>{"access_as_user"});
  EXPECT_EQ((*access)->claims.Version(), "2.0");

  // Refresh with client_secret_post: a new refresh token, and the old one is spent.
  std::vector<std::pair<std::string, std::string>> post_auth{{"client_id", kClientId},
                                                             {"client_secret", kClientSecret}};
  auto refresh_fields = post_auth;
  refresh_fields.insert(refresh_fields.end(), {{"grant_type", "refresh_token"},
                                               {"refresh_token", tokens["refresh_token"]}});
  HttpResult r = TokenCall(*idp_, refresh_fields, "");
  ASSERT_EQ(r.status, 200) << r.body;
  nlohmann::json refreshed = nlohmann::json::parse(r.body);
  EXPECT_NE(refreshed["refresh_token"], tokens["refresh_token"]);
  auto access2 = verifier->Verify(refreshed["access_token"].get<std::string>(), clock_.Now());
  ASSERT_TRUE(access2.ok()) << access2.error().ToString();

  // On-Behalf-Of for Graph, then the Graph stand-in.
  auto obo_fields = post_auth;
  obo_fields.insert(obo_fields.end(),
                    {{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"},
                     {"requested_token_use", "on_behalf_of"},
                     {"assertion", refreshed["access_token"]},
                     {"scope", "https://graph.microsoft.com/User.Read"}});
  HttpResult o = TokenCall(*idp_, obo_fields, "");
  ASSERT_EQ(o.status, 200) << o.body;
  std::string graph_token = nlohmann::json::parse(o.body)["access_token"];
  auto graph = graph_verifier->Verify(graph_token, clock_.Now());
  ASSERT_TRUE(graph.ok()) << graph.error().ToString();
  EXPECT_EQ((*graph)->claims.Oid(), "11111111-aaaa-4aaa-8aaa-111111111111");
  EXPECT_EQ((*graph)->claims.AuthorizedParty(), kClientId);

  HttpResult me =
      Send({.url = idp_->base() + "/v1.0/me", .headers = {"Authorization: Bearer " + graph_token}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(nlohmann::json::parse(me.body)["userPrincipalName"], "alice@portcullis.dev");
}

TEST_F(DevIdpFlowTest, JwksKeysHaveEntrasShape) {
  HttpResult r = Send({.url = idp_->Endpoint("jwks_uri")});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("cache-control"), "max-age=300");
  nlohmann::json keys = nlohmann::json::parse(r.body)["keys"];
  ASSERT_GE(keys.size(), 1u);
  for (const auto& k : keys) {
    EXPECT_EQ(k["kty"], "RSA");
    EXPECT_EQ(k["use"], "sig");
    EXPECT_EQ(k["x5t"], k["kid"]);
    EXPECT_TRUE(k.contains("n") && k.contains("e"));
    EXPECT_FALSE(k.contains("alg"));
  }
}

TEST_F(DevIdpFlowTest, GroupOverageIsResolvedThroughTheGraphStandIn) {
  auto verifier = DiscoveryVerifier(fetcher_, clock_, *idp_, {kClientId});
  nlohmann::json tokens = Login("dave", "openid api://portcullis-gateway/access_as_user");
  auto access = verifier->Verify(tokens["access_token"].get<std::string>(), clock_.Now());
  ASSERT_TRUE(access.ok()) << access.error().ToString();
  ASSERT_TRUE((*access)->claims.HasGroupOverage());
  EXPECT_TRUE((*access)->claims.Groups().empty());
  std::string next = std::string(*(*access)->claims.GroupsOverageEndpoint());
  EXPECT_EQ(next.rfind(idp_->base() + "/v1.0/users/", 0), 0u) << next;

  HttpResult o = TokenCall(*idp_, {{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"},
                                   {"requested_token_use", "on_behalf_of"},
                                   {"assertion", tokens["access_token"]},
                                   {"scope", "https://graph.microsoft.com/.default"}});
  ASSERT_EQ(o.status, 200) << o.body;
  std::string graph_token = nlohmann::json::parse(o.body)["access_token"];
  std::set<std::string> groups;
  int pages = 0;
  while (!next.empty() && pages < 10) {
    HttpResult page =
        Send({.method = "POST",
              .url = next,
              .headers = {"Authorization: Bearer " + graph_token, "Content-Type: application/json"},
              .body = R"({"securityEnabledOnly":false})"});
    ASSERT_EQ(page.status, 200) << page.body;
    nlohmann::json body = nlohmann::json::parse(page.body);
    for (const auto& g : body["value"]) groups.insert(g.get<std::string>());
    next = body.value("@odata.nextLink", "");
    ++pages;
  }
  EXPECT_EQ(groups.size(), 251u);
  EXPECT_GT(pages, 1);
}

TEST_F(DevIdpFlowTest, KeyRolloverKeepsOldTokensVerifiableDuringTheGracePeriod) {
  auto verifier = DiscoveryVerifier(fetcher_, clock_, *idp_, {kClientId});
  std::string before = Login("bob", "openid")["id_token"];
  ASSERT_TRUE(verifier->Verify(before, clock_.Now()).ok());
  HttpResult rot = idp_->Control("rotate-keys", {{"grace_seconds", 600}});
  ASSERT_EQ(rot.status, 200) << rot.body;
  std::string after = Login("bob", "openid")["id_token"];
  auto v_after = verifier->Verify(after, clock_.Now());
  ASSERT_TRUE(v_after.ok()) << v_after.error().ToString();
  EXPECT_EQ(v_after.value()->header.kid.value, nlohmann::json::parse(rot.body)["kid"]);
  EXPECT_TRUE(verifier->Verify(before, clock_.Now()).ok());

  ASSERT_EQ(idp_->Control("rotate-keys", {{"drop_old", true}}).status, 200);
  std::string latest = Login("bob", "openid")["id_token"];
  auto fresh = DiscoveryVerifier(fetcher_, clock_, *idp_, {kClientId});
  EXPECT_TRUE(fresh->Verify(latest, clock_.Now()).ok());
  auto dropped = fresh->Verify(after, clock_.Now());
  ASSERT_FALSE(dropped.ok());
  EXPECT_EQ(dropped.error().code, token::TokenErrorCode::kUnknownKeyId);
}

TEST_F(DevIdpFlowTest, TheLoginPageSignsInAndTheSessionServesPromptNone) {
  Pkce pkce = Pkce::New();
  HttpResult page = Authorize(*idp_, "", pkce, "openid");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("Sign in as carol"), std::string::npos);
  EXPECT_NE(page.body.find("name=\"code_challenge\" value=\"" + pkce.challenge + "\""),
            std::string::npos);

  // What the browser does when carol's button is pressed: the form's fields plus login_user.
  std::string authorize = idp_->Endpoint("authorization_endpoint");
  HttpResult post = Send({.method = "POST",
                          .url = authorize,
                          .headers = {"Content-Type: application/x-www-form-urlencoded"},
                          .body = FormBody({{"client_id", kClientId},
                                            {"redirect_uri", kRedirectUri},
                                            {"response_type", "code"},
                                            {"scope", "openid"},
                                            {"state", "s-2"},
                                            {"code_challenge", pkce.challenge},
                                            {"code_challenge_method", "S256"},
                                            {"login_user", "carol"}})});
  ASSERT_EQ(post.status, 302) << post.body;
  EXPECT_FALSE(QueryValue(post.Header("location"), "code").empty());
  std::string cookie = post.Header("set-cookie");
  ASSERT_EQ(cookie.rfind("devidp_session=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  std::string session = cookie.substr(0, cookie.find(';'));

  HttpResult silent = Send({.url = authorize + "?" +
                                   FormBody({{"client_id", kClientId},
                                             {"redirect_uri", kRedirectUri},
                                             {"response_type", "code"},
                                             {"scope", "openid"},
                                             {"prompt", "none"},
                                             {"code_challenge", pkce.challenge},
                                             {"code_challenge_method", "S256"}}),
                            .headers = {"Cookie: " + session}});
  ASSERT_EQ(silent.status, 302);
  EXPECT_FALSE(QueryValue(silent.Header("location"), "code").empty());

  HttpResult out = Send({.url = idp_->Endpoint("end_session_endpoint") + "?" +
                                FormBody({{"post_logout_redirect_uri", "http://127.0.0.1:8080/"},
                                          {"client_id", kClientId},
                                          {"state", "bye"}}),
                         .headers = {"Cookie: " + session}});
  ASSERT_EQ(out.status, 302);
  EXPECT_EQ(out.Header("location"), "http://127.0.0.1:8080/?state=bye");
  HttpResult after = Send({.url = authorize + "?" +
                                  FormBody({{"client_id", kClientId},
                                            {"redirect_uri", kRedirectUri},
                                            {"response_type", "code"},
                                            {"scope", "openid"},
                                            {"prompt", "none"},
                                            {"code_challenge", pkce.challenge},
                                            {"code_challenge_method", "S256"}}),
                           .headers = {"Cookie: " + session}});
  EXPECT_EQ(QueryValue(after.Header("location"), "error"), "login_required");
}

}  // namespace
}  // namespace portcullis::e2e
