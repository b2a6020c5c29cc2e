// Pool behaviour that needs no server; the rest is in pool_pgtest.cpp.
#include "portcullis/store/pool.h"

#include <gtest/gtest.h>

#include "portcullis/common/testing/fake_clock.h"

namespace portcullis::store {
namespace {

// Port 1 on loopback: nothing listens, so libpq fails at once with "connection refused".
constexpr const char* kNoServer = "host=127.0.0.1 port=1 connect_timeout=2 dbname=x user=x";

TEST(ConnectionPoolTest, UnreachableServerIsUnavailable) {
  testing::FakeClock clock;
  ConnectionPool pool(PoolOptions{.conninfo = kNoServer, .size = 2}, clock);
  Result<Lease> lease = pool.Acquire();
  ASSERT_FALSE(lease.ok());
  EXPECT_EQ(lease.code(), ErrorCode::kUnavailable);
  EXPECT_NE(lease.error().detail.find("cannot connect"), std::string::npos);
}

TEST(ConnectionPoolTest, FailedConnectDoesNotLeakASlot) {
  testing::FakeClock clock;
  ConnectionPool pool(PoolOptions{.conninfo = kNoServer, .size = 1}, clock);
  for (int i = 0; i < 3; ++i) {
    Result<Lease> lease = pool.Acquire();
    ASSERT_FALSE(lease.ok());
    // Had the slot leaked, the second call would report exhaustion instead.
    EXPECT_NE(lease.error().detail.find("cannot connect"), std::string::npos)
        << lease.error().detail;
  }
  EXPECT_EQ(pool.stats().open, 0u);
}

TEST(ConnectionPoolTest, BadConninfoIsUnavailable) {
  ConnectionPool pool(PoolOptions{.conninfo = "no_such_option=1"});
  EXPECT_EQ(pool.Acquire().code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace portcullis::store
