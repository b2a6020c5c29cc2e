#include "portcullis/common/redact.h"

#include <gtest/gtest.h>

namespace portcullis {
namespace {

constexpr const char* kJwt =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz";

TEST(RedactSecretsTest, HidesBearerTokens) {
  std::string out = RedactSecrets(std::string("calling upstream with Bearer ") + kJwt);
  EXPECT_EQ(out, "calling upstream with Bearer [redacted]");
  EXPECT_EQ(RedactSecrets("authorization: bearer opaque-token-123"), "authorization: [redacted]");
}

TEST(RedactSecretsTest, HidesAuthorizationAndCookieHeaderValues) {
  EXPECT_EQ(RedactSecrets("Authorization: Basic dXNlcjpwYXNz\nHost: x"),
            "Authorization: [redacted]\nHost: x");
  EXPECT_EQ(RedactSecrets("Cookie: __Host-portcullis=s3cr3t; theme=dark"), "Cookie: [redacted]");
  EXPECT_EQ(RedactSecrets("Set-Cookie: sid=abc; HttpOnly"), "Set-Cookie: [redacted]");
  EXPECT_EQ(RedactSecrets(R"({"cookie":"a=b"})"), R"({"cookie":"[redacted]"})");
}

TEST(RedactSecretsTest, HidesSecretQueryAndFormParameters) {
  EXPECT_EQ(RedactSecrets("GET /auth/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz"),
            "GET /auth/callback?code=[redacted]&state=xyz");
  EXPECT_EQ(RedactSecrets("grant_type=refresh_token&refresh_token=8xLOxBtZp8&client_secret=s"),
            "grant_type=refresh_token&refresh_token=[redacted]&client_secret=[redacted]");
  EXPECT_EQ(RedactSecrets("code_verifier=abc&code_challenge=def"),
            "code_verifier=[redacted]&code_challenge=def");
}

TEST(RedactSecretsTest, HidesSecretJsonMembers) {
  EXPECT_EQ(RedactSecrets(R"({"access_token":"x.y","expires_in":3600,"id_token": "abc"})"),
            R"({"access_token":"[redacted]","expires_in":3600,"id_token": "[redacted]"})");
  EXPECT_EQ(RedactSecrets(R"({"password":"a\"b"})"), R"({"password":"[redacted]"})");
}

TEST(RedactSecretsTest, HidesBareJwtsAnywhere) {
  EXPECT_EQ(RedactSecrets(std::string("token=") + kJwt), "token=[redacted]");
  EXPECT_EQ(RedactSecrets(std::string("got ") + kJwt + " from idp"), "got [redacted] from idp");
}

TEST(RedactSecretsTest, LeavesOrdinaryTextAlone) {
  const std::string text =
      "session created for user 42 in 3 ms; codes=7, encoding=utf8, state=abc, cookies on";
  EXPECT_EQ(RedactSecrets(text), text);
  EXPECT_EQ(RedactSecrets(""), "");
  EXPECT_EQ(RedactSecrets("Bearer"), "Bearer");
}

}  // namespace
}  // namespace portcullis
