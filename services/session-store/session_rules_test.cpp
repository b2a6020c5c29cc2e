#include "session_rules.h"

#include <gtest/gtest.h>

namespace portcullis::session_store {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int64_t kT0 = 1767225600;

TEST(SessionRulesTest, NewSessionExpiresIdleBeforeAbsolute) {
  SessionTimes t = NewSessionTimes(kT0, {});
  EXPECT_EQ(t.created_at, kT0);
  EXPECT_EQ(t.idle_expires_at, kT0 + 8 * 3600);
  EXPECT_EQ(t.absolute_expires_at, kT0 + 40 * 3600);
}

TEST(SessionRulesTest, IdleExpiryNeverPassesTheAbsoluteOne) {
  SessionPolicy p{.idle_timeout = hours(8), .absolute_lifetime = hours(1)};
  EXPECT_EQ(NewSessionTimes(kT0, p).idle_expires_at, kT0 + 3600);
}

TEST(SessionRulesTest, ExpiryInstantItselfIsExpired) {
  SessionTimes t = NewSessionTimes(kT0, {});
  EXPECT_TRUE(IsLive(t, t.idle_expires_at - 1));
  EXPECT_FALSE(IsLive(t, t.idle_expires_at));
  t.idle_expires_at = t.absolute_expires_at + 10;
  EXPECT_FALSE(IsLive(t, t.absolute_expires_at));
}

TEST(SessionRulesTest, ReadSlidesIdleOnlyAfterTheTouchInterval) {
  SessionPolicy p;
  SessionTimes t = NewSessionTimes(kT0, p);
  EXPECT_FALSE(SlideIdle(t, kT0 + 59, p).has_value());
  auto slid = SlideIdle(t, kT0 + 60, p);
  ASSERT_TRUE(slid.has_value());
  EXPECT_EQ(slid->last_seen_at, kT0 + 60);
  EXPECT_EQ(slid->idle_expires_at, kT0 + 60 + 8 * 3600);
  EXPECT_TRUE(SlideIdle(t, kT0 + 1, p, /*force=*/true).has_value());
}

TEST(SessionRulesTest, ShortIdleTimeoutShortensTheTouchInterval) {
  SessionPolicy p{.idle_timeout = seconds(8)};
  SessionTimes t = NewSessionTimes(kT0, p);
  EXPECT_TRUE(SlideIdle(t, kT0 + 2, p).has_value());
}

TEST(SessionRulesTest, SlidingStopsAtTheAbsoluteExpiry) {
  SessionPolicy p{.idle_timeout = hours(8), .absolute_lifetime = hours(10)};
  SessionTimes t = NewSessionTimes(kT0, p);
  auto slid = SlideIdle(t, kT0 + 5 * 3600, p);
  ASSERT_TRUE(slid);
  EXPECT_EQ(slid->idle_expires_at, t.absolute_expires_at);
}

TEST(SessionRulesTest, RefreshWhenLessThanMinRemainingIsLeft) {
  EXPECT_TRUE(NeedsRefresh(kT0 + 299, kT0, 300));
  EXPECT_FALSE(NeedsRefresh(kT0 + 300, kT0, 300));
  EXPECT_TRUE(NeedsRefresh(0, kT0, 0));
}

TEST(SessionRulesTest, AccessExpiryUsesExpiresInOrTheFallback) {
  EXPECT_EQ(AccessExpiry(kT0, seconds(60)), kT0 + 60);
  EXPECT_EQ(AccessExpiry(kT0, std::nullopt, seconds(3600)), kT0 + 3600);
}

TEST(SessionRulesTest, RetryDelayBacksOffExponentiallyWithACap) {
  RetryPolicy p{.initial_backoff = milliseconds(100),
                .max_backoff = milliseconds(350),
                .attempt_reserve = milliseconds(0)};
  EXPECT_EQ(RetryDelay(1, std::nullopt, seconds(10), p), milliseconds(100));
  EXPECT_EQ(RetryDelay(2, std::nullopt, seconds(10), p), milliseconds(200));
  EXPECT_EQ(RetryDelay(3, std::nullopt, seconds(10), p), milliseconds(350));
  EXPECT_EQ(RetryDelay(30, std::nullopt, seconds(10), p), milliseconds(350));
}

TEST(SessionRulesTest, RetryDelayHonoursRetryAfter) {
  RetryPolicy p;
  EXPECT_EQ(RetryDelay(1, seconds(2), seconds(10), p), milliseconds(2000));
}

TEST(SessionRulesTest, RetryDelayGivesUpWhenTheWaitDoesNotFitTheDeadline) {
  RetryPolicy p{.attempt_reserve = milliseconds(300)};
  EXPECT_FALSE(RetryDelay(1, seconds(30), seconds(8), p).has_value());
  EXPECT_FALSE(RetryDelay(1, std::nullopt, milliseconds(500), p).has_value());
  EXPECT_TRUE(RetryDelay(1, std::nullopt, milliseconds(600), p).has_value());
}

TEST(SessionRulesTest, DoesNotAcceptAnOpenRedirectAsReturnPath) {
  EXPECT_TRUE(IsSafeReturnPath("/"));
  EXPECT_TRUE(IsSafeReturnPath("/agents?x=1"));
  EXPECT_FALSE(IsSafeReturnPath("//evil.example/"));
  EXPECT_FALSE(IsSafeReturnPath("/\\evil.example/"));
  EXPECT_FALSE(IsSafeReturnPath("https://evil.example/"));
  EXPECT_FALSE(IsSafeReturnPath("evil"));
  EXPECT_FALSE(IsSafeReturnPath(""));
  EXPECT_FALSE(IsSafeReturnPath("/a\r\nLocation: x"));
}

TEST(SessionRulesTest, PendingLoginValidationNamesTheField) {
  const std::string verifier(43, 'a');
  EXPECT_TRUE(ValidatePendingLogin("s", verifier, "/").ok());
  EXPECT_EQ(ValidatePendingLogin("", verifier, "/").code(), ErrorCode::kBadRequest);
  EXPECT_EQ(ValidatePendingLogin("s", std::string(42, 'a'), "/").code(), ErrorCode::kBadRequest);
  EXPECT_EQ(ValidatePendingLogin("s", std::string(43, '+'), "/").code(), ErrorCode::kBadRequest);
  auto r = ValidatePendingLogin("s", verifier, "//x");
  EXPECT_NE(r.error().detail.find("return_to"), std::string::npos);
}

TEST(SessionRulesTest, PendingLoginTtlDefaultsToAndIsCappedByTheMaximum) {
  EXPECT_EQ(*PendingLoginExpiry(kT0, 0, seconds(600)), kT0 + 600);
  EXPECT_EQ(*PendingLoginExpiry(kT0, 60, seconds(600)), kT0 + 60);
  EXPECT_EQ(PendingLoginExpiry(kT0, 601, seconds(600)).code(), ErrorCode::kBadRequest);
}

}  // namespace
}  // namespace portcullis::session_store
