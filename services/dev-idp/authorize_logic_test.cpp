#include "authorize_logic.h"

#include <gtest/gtest.h>

#include "testing/test_provider.h"

namespace portcullis::dev_idp {
namespace {

using testing::RedirectParams;
using testing::TestProvider;

std::string Location(const HttpReply& r) {
  for (const auto& [n, v] : r.headers) {
    if (n == ReplyHeader::kLocation) return v;
  }
  return "";
}

TEST(AuthorizeLogicTest, LoginHintRedirectsWithCodeAndState) {
  TestProvider t;
  HttpReply r = t.idp->authorize.Authorize({t.AuthorizeParams("alice"), std::nullopt, false});
  ASSERT_EQ(r.status, 302);
  EXPECT_EQ(Location(r).rfind("http://127.0.0.1:8080/auth/callback?", 0), 0u);
  Params q = RedirectParams(r);
  EXPECT_EQ(q["state"], "st-123");
  EXPECT_EQ(q["code"].size(), 43u);
  ASSERT_TRUE(r.cookie.has_value());
  EXPECT_EQ(r.cookie->name, kSessionCookie);
}

TEST(AuthorizeLogicTest, RejectsPlainPkce) {
  TestProvider t;
  Params p = t.AuthorizeParams("alice");
  p["code_challenge_method"] = "plain";
  p["code_challenge"] = testing::kVerifier;
  Params q = RedirectParams(t.idp->authorize.Authorize({p, std::nullopt, false}));
  EXPECT_EQ(q["error"], "invalid_request");
  EXPECT_EQ(q["state"], "st-123");
  EXPECT_EQ(q.count("code"), 0u);
}

TEST(AuthorizeLogicTest, RejectsPkceWithoutAMethod) {
  TestProvider t;
  Params p = t.AuthorizeParams("alice");
  p.erase("code_challenge_method");
  EXPECT_EQ(RedirectParams(t.idp->authorize.Authorize({p, std::nullopt, false}))["error"],
            "invalid_request");
}

TEST(AuthorizeLogicTest, RejectsMissingPkce) {
  TestProvider t;
  Params p = t.AuthorizeParams("alice");
  p.erase("code_challenge");
  EXPECT_EQ(RedirectParams(t.idp->authorize.Authorize({p, std::nullopt, false}))["error"],
            "invalid_request");
}

TEST(AuthorizeLogicTest, RejectsRedirectUriMismatchWithoutRedirecting) {
  TestProvider t;
  Params p = t.AuthorizeParams("alice");
  p["redirect_uri"] = "http://127.0.0.1:8080/auth/callback/../evil";
  HttpReply r = t.idp->authorize.Authorize({p, std::nullopt, false});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Location(r), "");
  p["redirect_uri"] = "http://127.0.0.1:8080/auth/callback?x=1";
  EXPECT_EQ(t.idp->authorize.Authorize({p, std::nullopt, false}).status, 400);
}

TEST(AuthorizeLogicTest, RejectsUnknownClientWithoutRedirecting) {
  TestProvider t;
  Params p = t.AuthorizeParams("alice");
  p["client_id"] = "evil";
  HttpReply r = t.idp->authorize.Authorize({p, std::nullopt, false});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Location(r), "");
}

TEST(AuthorizeLogicTest, RejectsResponseTypeToken) {
  TestProvider t;
  Params p = t.AuthorizeParams("alice");
  p["response_type"] = "token";
  EXPECT_EQ(RedirectParams(t.idp->authorize.Authorize({p, std::nullopt, false}))["error"],
            "unsupported_response_type");
}

TEST(AuthorizeLogicTest, RejectsUnknownScope) {
  TestProvider t;
  Params p = t.AuthorizeParams("alice", "openid api://portcullis-gateway/everything");
  EXPECT_EQ(RedirectParams(t.idp->authorize.Authorize({p, std::nullopt, false}))["error"],
            "invalid_scope");
}

TEST(AuthorizeLogicTest, RefusesGraphScopesOutsideOnBehalfOf) {
  TestProvider t;
  Params p = t.AuthorizeParams("alice", "openid https://graph.microsoft.com/User.Read");
  EXPECT_EQ(RedirectParams(t.idp->authorize.Authorize({p, std::nullopt, false}))["error"],
            "invalid_scope");
}

TEST(AuthorizeLogicTest, PromptNoneWithoutASessionAnswersLoginRequired) {
  TestProvider t;
  Params p = t.AuthorizeParams("alice");
  p["prompt"] = "none";
  Params q = RedirectParams(t.idp->authorize.Authorize({p, std::nullopt, false}));
  EXPECT_EQ(q["error"], "login_required");
  EXPECT_EQ(q["state"], "st-123");
}

TEST(AuthorizeLogicTest, PromptNoneWithASessionIssuesACode) {
  TestProvider t;
  HttpReply first = t.idp->authorize.Authorize({t.AuthorizeParams("bob"), std::nullopt, false});
  ASSERT_TRUE(first.cookie.has_value());
  Params p = t.AuthorizeParams("");
  p["prompt"] = "none";
  Params q = RedirectParams(t.idp->authorize.Authorize({p, first.cookie->value, false}));
  EXPECT_EQ(q.count("code"), 1u);
}

TEST(AuthorizeLogicTest, ShowsTheUserPickerWithoutAHint) {
  TestProvider t;
  HttpReply r = t.idp->authorize.Authorize({t.AuthorizeParams(""), std::nullopt, false});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_NE(r.body.find("Sign in as alice"), std::string::npos);
  EXPECT_NE(r.body.find("Sign in as dave"), std::string::npos);
}

TEST(AuthorizeLogicTest, LoginPageEscapesReflectedParameters) {
  TestProvider t;
  Params p = t.AuthorizeParams("");
  p["state"] = "\"><script>alert(1)</script>";
  HttpReply r = t.idp->authorize.Authorize({p, std::nullopt, false});
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  EXPECT_NE(r.body.find("&quot;&gt;&lt;script&gt;"), std::string::npos);
}

TEST(AuthorizeLogicTest, LoginPagePostSignsInAndRedirects) {
  TestProvider t;
  Params p = t.AuthorizeParams("");
  p["login_user"] = "carol";
  HttpReply r = t.idp->authorize.Authorize({p, std::nullopt, true});
  ASSERT_EQ(r.status, 302);
  EXPECT_EQ(RedirectParams(r).count("code"), 1u);
  ASSERT_TRUE(r.cookie.has_value());
  EXPECT_GT(r.cookie->max_age_seconds, 0);
}

TEST(AuthorizeLogicTest, LogoutRedirectsToARegisteredUriWithState) {
  TestProvider t;
  HttpReply login = t.idp->authorize.Authorize({t.AuthorizeParams("alice"), std::nullopt, false});
  HttpReply r = t.idp->authorize.Logout({{{"post_logout_redirect_uri", "http://127.0.0.1:8080/"},
                                          {"client_id", testing::kGatewayId},
                                          {"state", "bye"}},
                                         login.cookie->value});
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(Location(r), "http://127.0.0.1:8080/?state=bye");
  ASSERT_TRUE(r.cookie.has_value());
  EXPECT_EQ(r.cookie->max_age_seconds, 0);
  Params p = t.AuthorizeParams("");
  p["prompt"] = "none";
  EXPECT_EQ(RedirectParams(t.idp->authorize.Authorize({p, login.cookie->value, false}))["error"],
            "login_required");
}

TEST(AuthorizeLogicTest, LogoutAcceptsAnIdTokenHintInsteadOfClientId) {
  TestProvider t;
  std::string id_token = t.Login()["id_token"];
  HttpReply r = t.idp->authorize.Logout(
      {{{"post_logout_redirect_uri", "http://localhost:8080/"}, {"id_token_hint", id_token}},
       std::nullopt});
  EXPECT_EQ(Location(r), "http://localhost:8080/");
}

TEST(AuthorizeLogicTest, LogoutDoesNotFollowAnUnregisteredRedirect) {
  TestProvider t;
  HttpReply r = t.idp->authorize.Logout(
      {{{"post_logout_redirect_uri", "https://evil.example/"}, {"client_id", "portcullis-gateway"}},
       std::nullopt});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Location(r), "");
}

}  // namespace
}  // namespace portcullis::dev_idp
