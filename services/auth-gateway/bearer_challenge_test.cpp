#include "bearer_challenge.h"

#include <gtest/gtest.h>

#include "login_secrets.h"
#include "pages.h"

namespace portcullis::gateway {
namespace {

TEST(BearerChallengeTest, CarriesErrorAndResourceMetadata) {
  EXPECT_EQ(BearerChallenge(
                {.error = "invalid_token",
                 .resource_metadata = "https://gw.example/.well-known/oauth-protected-resource"}),
            "Bearer error=\"invalid_token\", "
            "resource_metadata=\"https://gw.example/.well-known/oauth-protected-resource\"");
  EXPECT_EQ(BearerChallenge({.resource_metadata = "https://gw/x"}),
            "Bearer resource_metadata=\"https://gw/x\"");
  EXPECT_EQ(BearerChallenge({.realm = "a\"b\\c\r\n"}), "Bearer realm=\"a\\\"b\\\\c\"");
}

TEST(ProtectedResourceMetadataTest, FollowsRfc9728) {
  auto doc = ProtectedResourceMetadata("https://gw.example", {"https://idp/t/v2.0"}, {"openid"});
  EXPECT_EQ(doc["resource"], "https://gw.example");
  EXPECT_EQ(doc["authorization_servers"][0], "https://idp/t/v2.0");
  EXPECT_EQ(doc["bearer_methods_supported"][0], "header");
  EXPECT_EQ(doc["scopes_supported"][0], "openid");
}

TEST(LoginSecretsTest, AreFreshAndS256Paired) {
  auto a = NewLoginSecrets();
  auto b = NewLoginSecrets();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->state.size(), 43u);
  EXPECT_NE(a->state, b->state);
  EXPECT_NE(a->nonce, a->state);
  EXPECT_NE(a->code_verifier, b->code_verifier);
  // RFC 7636 appendix B.
  EXPECT_EQ(S256Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  EXPECT_EQ(a->code_challenge, S256Challenge(a->code_verifier));
}

TEST(PagesTest, EscapeWhatTheyShow) {
  EXPECT_EQ(HtmlEscape("<script>\"&'"), "&lt;script&gt;&quot;&amp;&#39;");
  EXPECT_EQ(LoginErrorPage("<b>").find("<b>"), std::string::npos);
}

}  // namespace
}  // namespace portcullis::gateway
