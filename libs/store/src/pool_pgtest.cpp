// ConnectionPool against a real PostgreSQL, including a server restart in the middle.
#include "portcullis/store/pool.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "portcullis/common/testing/fake_clock.h"
#include "portcullis/store/retry.h"
#include "portcullis/testsupport/pg_isolation.h"
#include "portcullis/testsupport/postgres_cluster.h"

namespace portcullis::store {
namespace {

using std::chrono::milliseconds;
using testsupport::SharedPostgres;

int BackendPid(pqxx::connection_base& c) {
  pqxx::nontransaction tx(c);
  return tx.exec1("SELECT pg_backend_pid()")[0].as<int>();
}

// Terminates `pid` from another connection and waits until the backend is gone, so the next use
// of its connection fails deterministically.
void TerminateBackend(int pid) {
  pqxx::connection admin(SharedPostgres().conninfo());
  pqxx::nontransaction tx(admin);
  tx.exec_params("SELECT pg_terminate_backend($1)", pid);
  for (int i = 0; i < 500; ++i) {
    if (tx.exec_params1("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid)[0].as<int>() ==
        0) {
      return;
    }
    std::this_thread::sleep_for(milliseconds(10));
  }
  FAIL() << "backend " << pid << " did not exit";
}

// Opens `n` connections at once, so the pool holds n idle connections afterwards.
void WarmUp(ConnectionPool& pool, size_t n) {
  std::vector<Lease> leases;
  for (size_t i = 0; i < n; ++i) {
    Result<Lease> lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.error().ToString();
    BackendPid(lease->conn());
    leases.push_back(std::move(*lease));
  }
}

TEST(ConnectionPoolPgTest, ReusesIdleConnection) {
  ConnectionPool pool(PoolOptions{.conninfo = SharedPostgres().conninfo(), .size = 2});
  int first = 0;
  {
    Result<Lease> lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.error().ToString();
    first = BackendPid(lease->conn());
  }
  Result<Lease> again = pool.Acquire();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(BackendPid(again->conn()), first);
  EXPECT_EQ(pool.stats().open, 1u);
}

TEST(ConnectionPoolPgTest, ExhaustedPoolIsUnavailableAfterAcquireTimeout) {
  ConnectionPool pool(PoolOptions{
      .conninfo = SharedPostgres().conninfo(), .size = 1, .acquire_timeout = milliseconds(50)});
  std::optional<Result<Lease>> held(pool.Acquire());
  ASSERT_TRUE(held->ok()) << held->error().ToString();
  Result<Lease> second = pool.Acquire();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.code(), ErrorCode::kUnavailable);
  EXPECT_NE(second.error().detail.find("no database connection free"), std::string::npos);
  held.reset();
  EXPECT_TRUE(pool.Acquire().ok());
}

TEST(ConnectionPoolPgTest, WaitingAcquireGetsTheReleasedConnection) {
  ConnectionPool pool(PoolOptions{
      .conninfo = SharedPostgres().conninfo(), .size = 1, .acquire_timeout = milliseconds(10000)});
  std::optional<Result<Lease>> held(pool.Acquire());
  ASSERT_TRUE(held->ok());
  std::optional<Result<Lease>> waited;
  std::thread waiter([&] { waited.emplace(pool.Acquire()); });
  held.reset();
  waiter.join();
  ASSERT_TRUE(waited->ok()) << waited->error().ToString();
  EXPECT_EQ(pool.stats().open, 1u);
}

TEST(ConnectionPoolPgTest, BrokenConnectionIsDiscardedAndReplaced) {
  ConnectionPool pool(PoolOptions{.conninfo = SharedPostgres().conninfo(), .size = 1});
  int dead_pid = 0;
  {
    Result<Lease> lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    dead_pid = BackendPid(lease->conn());
    TerminateBackend(dead_pid);
    EXPECT_THROW(BackendPid(lease->conn()), pqxx::broken_connection);
    lease->MarkBroken();
  }
  EXPECT_EQ(pool.stats().open, 0u);
  EXPECT_EQ(pool.stats().discarded, 1u);
  Result<Lease> fresh = pool.Acquire();
  ASSERT_TRUE(fresh.ok()) << fresh.error().ToString();
  EXPECT_NE(BackendPid(fresh->conn()), dead_pid);
}

TEST(ConnectionPoolPgTest, IdleConnectionIsHealthCheckedAfterIdleInterval) {
  testing::FakeClock clock;
  ConnectionPool pool(PoolOptions{.conninfo = SharedPostgres().conninfo(),
                                  .size = 1,
                                  .health_check_after_idle = std::chrono::minutes(1)},
                      clock);
  int dead_pid = 0;
  {
    Result<Lease> lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    dead_pid = BackendPid(lease->conn());
  }
  TerminateBackend(dead_pid);
  clock.Advance(std::chrono::minutes(2));
  Result<Lease> lease = pool.Acquire();
  ASSERT_TRUE(lease.ok()) << lease.error().ToString();
  EXPECT_NE(BackendPid(lease->conn()), dead_pid);  // no exception: the dead one was replaced
  EXPECT_EQ(pool.stats().discarded, 1u);
}

TEST(ConnectionPoolPgTest, WithRetrySucceedsRightAfterServerRestart) {
  ConnectionPool pool(PoolOptions{.conninfo = SharedPostgres().conninfo(), .size = 3});
  WarmUp(pool, 3);
  ASSERT_EQ(pool.stats().idle, 3u);

  Status restarted = SharedPostgres().Restart();
  ASSERT_TRUE(restarted.ok()) << restarted.error().ToString();

  // Every pooled connection is dead now; the first query after the restart must still succeed.
  Result<int> answer = WithRetry(pool, [](pqxx::connection_base& c) -> Result<int> {
    pqxx::work tx(c);
    const int v = tx.exec1("SELECT 41 + 1")[0].as<int>();
    tx.commit();
    return v;
  });
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ(*answer, 42);
  EXPECT_GE(pool.stats().discarded, 1u);

  // And the pool is whole again: all three connections usable at once.
  WarmUp(pool, 3);
}

TEST(ConnectionPoolPgTest, HealthCheckOnEveryCheckoutHidesRestartFromPlainAcquire) {
  ConnectionPool pool(PoolOptions{.conninfo = SharedPostgres().conninfo(),
                                  .size = 2,
                                  .health_check_after_idle = milliseconds(0)});
  WarmUp(pool, 2);
  Status restarted = SharedPostgres().Restart();
  ASSERT_TRUE(restarted.ok()) << restarted.error().ToString();

  Result<Lease> lease = pool.Acquire();
  ASSERT_TRUE(lease.ok()) << lease.error().ToString();
  EXPECT_NO_THROW(BackendPid(lease->conn()));
}

}  // namespace
}  // namespace portcullis::store
