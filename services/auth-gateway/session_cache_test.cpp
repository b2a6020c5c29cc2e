#include "session_cache.h"

#include <gtest/gtest.h>

#include "portcullis/common/testing/fake_clock.h"

namespace portcullis::gateway {
namespace {

SessionInfo Session(std::string ref, std::string user) {
  SessionInfo s;
  s.session_ref = std::move(ref);
  s.user.id = std::move(user);
  return s;
}

TEST(SessionCacheTest, HitsUntilTheTtlPasses) {
  portcullis::testing::FakeClock clock;
  SessionCache cache(clock, std::chrono::seconds(10), 100);
  ASSERT_TRUE(cache.Put("sid", Session("r1", "alice"), cache.generation()));
  ASSERT_NE(cache.Get("sid"), nullptr);
  EXPECT_EQ(cache.Get("sid")->session.user.id, "alice");
  clock.Advance(std::chrono::seconds(10));
  EXPECT_EQ(cache.Get("sid"), nullptr);
  EXPECT_EQ(cache.stats().hits, 2u);
  EXPECT_EQ(cache.stats().misses, 1u);
}

TEST(SessionCacheTest, TtlIsClampedToThirtySeconds) {
  portcullis::testing::FakeClock clock;
  SessionCache cache(clock, std::chrono::hours(1), 100);
  EXPECT_EQ(cache.ttl(), std::chrono::seconds(30));
  ASSERT_TRUE(cache.Put("sid", Session("r1", "alice"), cache.generation()));
  clock.Advance(std::chrono::seconds(30));
  EXPECT_EQ(cache.Get("sid"), nullptr);
}

TEST(SessionCacheTest, ExpiredSessionIsNotServed) {
  portcullis::testing::FakeClock clock;
  SessionCache cache(clock, std::chrono::seconds(30), 100);
  SessionInfo s = Session("r1", "alice");
  s.idle_expires_at = ToUnixSeconds(clock.Now()) + 5;
  ASSERT_TRUE(cache.Put("sid", s, cache.generation()));
  clock.Advance(std::chrono::seconds(5));
  EXPECT_EQ(cache.Get("sid"), nullptr);
}

TEST(SessionCacheTest, RevokedBroadcastDropsByRefAndByUser) {
  portcullis::testing::FakeClock clock;
  SessionCache cache(clock, std::chrono::seconds(30), 100);
  ASSERT_TRUE(cache.Put("s1", Session("r1", "alice"), cache.generation()));
  ASSERT_TRUE(cache.Put("s2", Session("r2", "alice"), cache.generation()));
  ASSERT_TRUE(cache.Put("s3", Session("r3", "bob"), cache.generation()));
  EXPECT_EQ(cache.DropRefs({"r3", "unknown"}), 1u);
  EXPECT_EQ(cache.Get("s3"), nullptr);
  EXPECT_NE(cache.Get("s1"), nullptr);
  EXPECT_EQ(cache.DropUser("alice"), 2u);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.stats().revocations, 3u);
}

TEST(SessionCacheTest, AFetchThatRacedARevocationIsNotCached) {
  portcullis::testing::FakeClock clock;
  SessionCache cache(clock, std::chrono::seconds(30), 100);
  uint64_t before_fetch = cache.generation();
  cache.DropRefs({"r1"});  // the broadcast arrives while session.get is in flight
  EXPECT_FALSE(cache.Put("s1", Session("r1", "alice"), before_fetch));
  EXPECT_EQ(cache.Get("s1"), nullptr);
  EXPECT_TRUE(cache.Put("s1", Session("r1", "alice"), cache.generation()));
}

TEST(SessionCacheTest, KeepsTheAccessTokenBesideTheSession) {
  portcullis::testing::FakeClock clock;
  SessionCache cache(clock, std::chrono::seconds(30), 100);
  ASSERT_TRUE(cache.Put("s1", Session("r1", "alice"), cache.generation()));
  int64_t now = ToUnixSeconds(clock.Now());
  cache.PutToken("s1", {"tok", now + 120}, cache.generation());
  auto hit = cache.Get("s1");
  ASSERT_NE(hit, nullptr);
  EXPECT_TRUE(hit->HasToken(clock.Now(), std::chrono::seconds(60)));
  EXPECT_FALSE(hit->HasToken(clock.Now(), std::chrono::seconds(120)));
  ASSERT_TRUE(cache.Put("s1", Session("r1", "alice"), cache.generation()));  // refresh keeps it
  EXPECT_TRUE(cache.Get("s1")->access_token.has_value());
}

TEST(SessionCacheTest, CapacityEvictsTheLeastRecentlyUsed) {
  portcullis::testing::FakeClock clock;
  SessionCache cache(clock, std::chrono::seconds(30), 2);
  ASSERT_TRUE(cache.Put("a", Session("ra", "u"), cache.generation()));
  ASSERT_TRUE(cache.Put("b", Session("rb", "u"), cache.generation()));
  ASSERT_NE(cache.Get("a"), nullptr);
  ASSERT_TRUE(cache.Put("c", Session("rc", "u"), cache.generation()));
  EXPECT_EQ(cache.Get("b"), nullptr);
  EXPECT_NE(cache.Get("a"), nullptr);
  EXPECT_NE(cache.Get("c"), nullptr);
  EXPECT_EQ(cache.stats().evictions, 1u);
}

}  // namespace
}  // namespace portcullis::gateway
