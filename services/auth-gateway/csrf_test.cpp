#include "csrf.h"

#include <gtest/gtest.h>

namespace portcullis::gateway {
namespace {

const SecretString kKey("0123456789abcdef0123456789abcdef");
const std::vector<std::string> kOrigins = {"https://gw.example", "http://127.0.0.1:8080"};

TEST(CsrfTest, TokenIsDerivedPerSessionAndKey) {
  std::string a = DeriveCsrfToken(kKey, "session-a");
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(a, DeriveCsrfToken(kKey, "session-a"));
  EXPECT_NE(a, DeriveCsrfToken(kKey, "session-b"));
  EXPECT_NE(a, DeriveCsrfToken(SecretString("another key another key another"), "session-a"));
  EXPECT_TRUE(CsrfTokenMatches(kKey, "session-a", a));
  EXPECT_FALSE(CsrfTokenMatches(kKey, "session-b", a));
  EXPECT_FALSE(CsrfTokenMatches(kKey, "session-a", a.substr(0, 42)));
  EXPECT_FALSE(CsrfTokenMatches(kKey, "session-a", ""));
}

TEST(CsrfTest, SafeMethodsPassWithoutToken) {
  for (std::string_view m : {"GET", "HEAD", "OPTIONS"}) {
    EXPECT_EQ(
        CheckUnsafeRequest({.method = m, .sec_fetch_site = "cross-site"}, kKey, "s", kOrigins),
        CsrfVerdict::kOk);
  }
  EXPECT_TRUE(IsUnsafeMethod("POST"));
  EXPECT_TRUE(IsUnsafeMethod("DELETE"));
  EXPECT_TRUE(IsUnsafeMethod("PROPFIND"));
}

TEST(CsrfTest, UnsafeRequestNeedsOriginAndToken) {
  std::string token = DeriveCsrfToken(kKey, "s");
  CsrfInput ok{.method = "POST",
               .csrf_header = token,
               .origin = "https://gw.example",
               .sec_fetch_site = "same-origin"};
  EXPECT_EQ(CheckUnsafeRequest(ok, kKey, "s", kOrigins), CsrfVerdict::kOk);

  CsrfInput no_token = ok;
  no_token.csrf_header.reset();
  EXPECT_EQ(CheckUnsafeRequest(no_token, kKey, "s", kOrigins), CsrfVerdict::kMissingToken);

  const std::string other_token = DeriveCsrfToken(kKey, "other-session");  // outlives the view
  CsrfInput wrong = ok;
  wrong.csrf_header = other_token;
  EXPECT_EQ(CheckUnsafeRequest(wrong, kKey, "s", kOrigins), CsrfVerdict::kTokenMismatch);

  CsrfInput cross = ok;
  cross.sec_fetch_site = "cross-site";
  EXPECT_EQ(CheckUnsafeRequest(cross, kKey, "s", kOrigins), CsrfVerdict::kCrossSite);

  for (std::string_view origin : {"https://evil.example", "null", "https://gw.example.evil.com",
                                  "http://gw.example", "https://gw.example:8443"}) {
    CsrfInput bad = ok;
    bad.origin = origin;
    EXPECT_EQ(CheckUnsafeRequest(bad, kKey, "s", kOrigins), CsrfVerdict::kBadOrigin) << origin;
  }
  CsrfInput no_origin = ok;
  no_origin.origin.reset();
  EXPECT_EQ(CheckUnsafeRequest(no_origin, kKey, "s", kOrigins), CsrfVerdict::kBadOrigin);
}

TEST(CsrfTest, OriginIsNormalised) {
  EXPECT_EQ(OriginOf("HTTPS://GW.example:443/x?y"), "https://gw.example");
  EXPECT_EQ(OriginOf("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
  EXPECT_EQ(OriginOf("http://a:80"), "http://a");
  EXPECT_EQ(OriginOf("ftp://a"), std::nullopt);
  EXPECT_EQ(OriginOf("https://user@evil"), std::nullopt);
  EXPECT_EQ(OriginOf("null"), std::nullopt);
}

}  // namespace
}  // namespace portcullis::gateway
