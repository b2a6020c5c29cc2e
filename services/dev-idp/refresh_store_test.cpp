#include "refresh_store.h"

#include <gtest/gtest.h>

#include "portcullis/common/testing/fake_clock.h"

namespace portcullis::dev_idp {
namespace {

struct Store {
  portcullis::testing::FakeClock clock;
  RefreshStore refresh{clock};
  std::string Issue(RefreshGrant& g) { return refresh.Issue(g, std::chrono::hours(1)).value(); }
};

TEST(RefreshStoreTest, RotationKeepsTheFamily) {
  Store s;
  RefreshGrant g{.client_id = "c", .username = "alice"};
  std::string t1 = s.Issue(g);
  ASSERT_FALSE(g.family.empty());
  RefreshStore::Redemption r = s.refresh.Redeem(t1, "c");
  ASSERT_EQ(r.outcome, RefreshStore::Outcome::kOk);
  EXPECT_EQ(r.grant.family, g.family);
  EXPECT_EQ(r.grant.username, "alice");
}

TEST(RefreshStoreTest, ReplayOfARotatedTokenRevokesTheWholeFamily) {
  Store s;
  RefreshGrant g{.client_id = "c"};
  std::string t1 = s.Issue(g);
  RefreshStore::Redemption r = s.refresh.Redeem(t1, "c");
  std::string t2 = s.Issue(r.grant);
  EXPECT_EQ(s.refresh.Redeem(t1, "c").outcome, RefreshStore::Outcome::kReused);
  EXPECT_EQ(s.refresh.Redeem(t2, "c").outcome, RefreshStore::Outcome::kRevoked);
}

TEST(RefreshStoreTest, ATokenBelongsToItsClient) {
  Store s;
  RefreshGrant g{.client_id = "c"};
  std::string t1 = s.Issue(g);
  EXPECT_EQ(s.refresh.Redeem(t1, "other").outcome, RefreshStore::Outcome::kWrongClient);
  EXPECT_EQ(s.refresh.Redeem(t1, "c").outcome, RefreshStore::Outcome::kOk);
}

TEST(RefreshStoreTest, RevokedAndExpiredTokensDoNotRedeem) {
  Store s;
  RefreshGrant a{.client_id = "c"};
  RefreshGrant b{.client_id = "c"};
  std::string ta = s.Issue(a);
  std::string tb = s.Issue(b);
  EXPECT_TRUE(s.refresh.RevokeToken(ta));
  EXPECT_FALSE(s.refresh.RevokeToken("unknown"));
  EXPECT_EQ(s.refresh.Redeem(ta, "c").outcome, RefreshStore::Outcome::kRevoked);
  s.clock.Advance(std::chrono::hours(1));
  EXPECT_EQ(s.refresh.Redeem(tb, "c").outcome, RefreshStore::Outcome::kExpired);
}

}  // namespace
}  // namespace portcullis::dev_idp
