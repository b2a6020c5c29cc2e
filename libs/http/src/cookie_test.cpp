#include "portcullis/http/cookie.h"

#include <gtest/gtest.h>

namespace portcullis::http {
namespace {

TEST(CookieHeaderTest, ParsesPairsAsBrowsersSendThem) {
  auto r = ParseCookieHeader("a=1; __Host-sid=abc-DEF_123; q=\"quoted\";x=");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ(FindCookie(*r, "__Host-sid"), "abc-DEF_123");
  EXPECT_EQ(FindCookie(*r, "q"), "quoted");
  EXPECT_EQ(FindCookie(*r, "x"), "");
  EXPECT_EQ(FindCookie(*r, "A"), std::nullopt);
}

TEST(CookieHeaderTest, FirstOfDuplicateNamesWins) {
  auto r = ParseCookieHeader("sid=first; sid=second");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(FindCookie(*r, "sid"), "first");
}

TEST(CookieHeaderTest, EmptyHeaderAndTrailingSemicolonAreFine) {
  EXPECT_TRUE(ParseCookieHeader("")->empty());
  auto r = ParseCookieHeader("a=b;");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 1u);
}

TEST(CookieHeaderTest, RejectsMalformedCookies) {
  for (std::string_view bad : {"novalue", "a=1; ; b=2", "=v", "a b=1", "a=x y", "a=x\x01y", "a=\"x",
                               "a=x,y", "a=x\\y", "a\x7f=1", "a=\xff"}) {
    auto r = ParseCookieHeader(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.code(), ErrorCode::kBadRequest);
  }
}

TEST(CookieHeaderTest, CapsTheNumberOfPairs) {
  std::string many;
  for (int i = 0; i < 5; ++i) many += "c" + std::to_string(i) + "=1; ";
  EXPECT_TRUE(ParseCookieHeader(many, 5).ok());
  EXPECT_EQ(ParseCookieHeader(many + "z=1", 5).code(), ErrorCode::kBadRequest);
}

TEST(SetCookieTest, SerialisesEveryAttribute) {
  SetCookie c{.name = "__Host-sid", .value = "v1", .max_age_s = 3600, .secure = true};
  EXPECT_EQ(SerializeSetCookie(c).value(),
            "__Host-sid=v1; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax");
  SetCookie plain{.name = "sid", .value = "", .max_age_s = 0, .same_site = SameSite::kStrict};
  EXPECT_EQ(SerializeSetCookie(plain).value(),
            "sid=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
}

TEST(SetCookieTest, EnforcesPrefixRules) {
  EXPECT_EQ(SerializeSetCookie({.name = "__Host-sid", .value = "v"}).code(),
            ErrorCode::kBadRequest);
  EXPECT_EQ(SerializeSetCookie({.name = "__Host-sid", .value = "v", .path = "/app", .secure = true})
                .code(),
            ErrorCode::kBadRequest);
  EXPECT_EQ(SerializeSetCookie(
                {.name = "__Host-sid", .value = "v", .domain = "example.com", .secure = true})
                .code(),
            ErrorCode::kBadRequest);
  EXPECT_EQ(SerializeSetCookie({.name = "__Secure-x", .value = "v"}).code(),
            ErrorCode::kBadRequest);
  EXPECT_EQ(SerializeSetCookie({.name = "x", .value = "v", .same_site = SameSite::kNone}).code(),
            ErrorCode::kBadRequest);
}

TEST(SetCookieTest, RefusesInjection) {
  EXPECT_FALSE(SerializeSetCookie({.name = "x", .value = "a; Domain=evil"}).ok());
  EXPECT_FALSE(SerializeSetCookie({.name = "x y", .value = "a"}).ok());
  EXPECT_FALSE(SerializeSetCookie({.name = "x", .value = "a", .path = "/;Secure"}).ok());
  EXPECT_FALSE(SerializeSetCookie({.name = "x", .value = "a\r\nSet-Cookie: y=1"}).ok());
}

}  // namespace
}  // namespace portcullis::http
