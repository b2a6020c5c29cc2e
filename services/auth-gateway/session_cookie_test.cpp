#include "session_cookie.h"

#include <gtest/gtest.h>

namespace portcullis::gateway {
namespace {

TEST(SessionCookieTest, HttpsGetsHostPrefixAndSecure) {
  auto p = MakeSessionCookiePolicy("https://gw.example", "portcullis", false);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->name, "__Host-portcullis");
  EXPECT_TRUE(p->secure);
  EXPECT_EQ(http::SerializeSetCookie(p->Issue("abc", 100)).value(),
            "__Host-portcullis=abc; Path=/; Max-Age=100; Secure; HttpOnly; SameSite=Lax");
  EXPECT_EQ(http::SerializeSetCookie(p->Clear()).value(),
            "__Host-portcullis=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
}

TEST(SessionCookieTest, PlainHttpOnlyForLoopbackWithTheSwitch) {
  auto local = MakeSessionCookiePolicy("http://127.0.0.1:8080", "portcullis", true);
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(local->name, "portcullis");
  EXPECT_FALSE(local->secure);
  EXPECT_TRUE(MakeSessionCookiePolicy("http://localhost:8080", "portcullis", true).ok());
  EXPECT_TRUE(MakeSessionCookiePolicy("http://[::1]:8080", "portcullis", true).ok());
  EXPECT_EQ(MakeSessionCookiePolicy("http://127.0.0.1:8080", "portcullis", false).code(),
            ErrorCode::kBadRequest);
  EXPECT_EQ(MakeSessionCookiePolicy("http://gw.example", "portcullis", true).code(),
            ErrorCode::kBadRequest);
  EXPECT_EQ(MakeSessionCookiePolicy("http://localhost.evil.com", "portcullis", true).code(),
            ErrorCode::kBadRequest);
}

TEST(SessionCookieTest, RejectsBadNames) {
  EXPECT_FALSE(MakeSessionCookiePolicy("https://gw.example", "__Host-x", false).ok());
  EXPECT_FALSE(MakeSessionCookiePolicy("https://gw.example", "a b", false).ok());
  EXPECT_FALSE(MakeSessionCookiePolicy("https://gw.example", "", false).ok());
  EXPECT_FALSE(MakeSessionCookiePolicy("gw.example", "x", false).ok());
}

}  // namespace
}  // namespace portcullis::gateway
