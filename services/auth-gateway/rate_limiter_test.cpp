#include "rate_limiter.h"

#include <gtest/gtest.h>

#include "portcullis/common/testing/fake_clock.h"

namespace portcullis::gateway {
namespace {

TEST(RateLimiterTest, AllowsBurstThenRefusesWithRetryAfter) {
  portcullis::testing::FakeClock clock;
  RateLimiter limiter(clock, {.per_second = 0.5, .burst = 3, .max_keys = 10});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("1.2.3.4").allowed);
  RateDecision refused = limiter.Take("1.2.3.4");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, std::chrono::seconds(2));
  EXPECT_TRUE(limiter.Take("5.6.7.8").allowed);  // another address has its own bucket
  clock.Advance(std::chrono::seconds(2));
  EXPECT_TRUE(limiter.Take("1.2.3.4").allowed);
  EXPECT_FALSE(limiter.Take("1.2.3.4").allowed);
}

TEST(RateLimiterTest, RefillsUpToTheBurstOnly) {
  portcullis::testing::FakeClock clock;
  RateLimiter limiter(clock, {.per_second = 10, .burst = 2, .max_keys = 10});
  clock.Advance(std::chrono::hours(1));
  EXPECT_TRUE(limiter.Take("k").allowed);
  EXPECT_TRUE(limiter.Take("k").allowed);
  EXPECT_FALSE(limiter.Take("k").allowed);
}

TEST(RateLimiterTest, MemoryIsBoundedByEvictingTheLeastRecentKey) {
  portcullis::testing::FakeClock clock;
  RateLimiter limiter(clock, {.per_second = 1, .burst = 1, .max_keys = 3});
  EXPECT_TRUE(limiter.Take("a").allowed);
  EXPECT_TRUE(limiter.Take("b").allowed);
  EXPECT_TRUE(limiter.Take("c").allowed);
  EXPECT_FALSE(limiter.Take("a").allowed);  // a is now the most recent
  EXPECT_TRUE(limiter.Take("d").allowed);   // evicts b
  EXPECT_EQ(limiter.size(), 3u);
  EXPECT_FALSE(limiter.Take("a").allowed);  // a kept its empty bucket
  for (int i = 0; i < 1000; ++i) (void)limiter.Take("k" + std::to_string(i));
  EXPECT_EQ(limiter.size(), 3u);
}

TEST(RateLimiterTest, ZeroRateDisablesLimiting) {
  portcullis::testing::FakeClock clock;
  RateLimiter limiter(clock, {.per_second = 0, .burst = 1});
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.Take("k").allowed);
}

}  // namespace
}  // namespace portcullis::gateway
