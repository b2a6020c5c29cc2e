// WithRetry against a real PostgreSQL: errors raised by the server itself.
#include "portcullis/store/retry.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "portcullis/testsupport/postgres_cluster.h"

namespace portcullis::store {
namespace {

using std::chrono::milliseconds;
using testsupport::SharedPostgres;

const RetryOptions kFast{
    .max_attempts = 4, .initial_backoff = milliseconds(1), .max_backoff = milliseconds(5)};

class WithRetryPgTest : public ::testing::Test {
 protected:
  ConnectionPool pool_{PoolOptions{.conninfo = SharedPostgres().conninfo(), .size = 2}};
};

TEST_F(WithRetryPgTest, RetriesSerializationFailureRaisedByServer) {
  int calls = 0;
  Result<int> r = WithRetry(
      pool_,
      [&](pqxx::connection_base& c) -> Result<int> {
        ++calls;
        pqxx::work tx(c);
        if (calls == 1) {
          tx.exec("DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '40001'; END $$");
        }
        tx.commit();
        return calls;
      },
      kFast);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(*r, 2);
}

TEST_F(WithRetryPgTest, RetriesDeadlockRaisedByServer) {
  int calls = 0;
  Status s = WithRetry(
      pool_,
      [&](pqxx::connection_base& c) -> Status {
        pqxx::work tx(c);
        if (++calls < 3) {
          tx.exec("DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '40P01'; END $$");
        }
        tx.commit();
        return OkStatus();
      },
      kFast);
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(calls, 3);
}

TEST_F(WithRetryPgTest, PersistentSerializationFailureIsConflictAfterMaxAttempts) {
  int calls = 0;
  Status s = WithRetry(
      pool_,
      [&](pqxx::connection_base& c) -> Status {
        ++calls;
        pqxx::work tx(c);
        tx.exec("DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '40001'; END $$");
        return OkStatus();
      },
      kFast);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_EQ(calls, kFast.max_attempts);
}

TEST_F(WithRetryPgTest, ReconnectsWhenBackendIsTerminatedMidCall) {
  int calls = 0;
  Result<int> r = WithRetry(
      pool_,
      [&](pqxx::connection_base& c) -> Result<int> {
        pqxx::work tx(c);
        if (++calls == 1) tx.exec("SELECT pg_terminate_backend(pg_backend_pid())");
        const int v = tx.exec1("SELECT 7")[0].as<int>();
        tx.commit();
        return v;
      },
      kFast);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(*r, 7);
  EXPECT_EQ(calls, 2);
}

TEST_F(WithRetryPgTest, ErrorReturnedByFunctionIsNotRetried) {
  int calls = 0;
  Result<int> r = WithRetry(
      pool_,
      [&](pqxx::connection_base&) -> Result<int> {
        ++calls;
        return Error{ErrorCode::kNotFound, "no such session"};
      },
      kFast);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kNotFound);
  EXPECT_EQ(calls, 1);
}

TEST_F(WithRetryPgTest, SqlErrorIsInternalAndNotRetried) {
  int calls = 0;
  Status s = WithRetry(
      pool_,
      [&](pqxx::connection_base& c) -> Status {
        ++calls;
        pqxx::work tx(c);
        tx.exec("SELEC 1");
        return OkStatus();
      },
      kFast);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
  EXPECT_NE(s.error().detail.find("42601"), std::string::npos) << s.error().detail;
  EXPECT_EQ(calls, 1);
}

TEST_F(WithRetryPgTest, UniqueViolationIsConflictAndNotRetried) {
  int calls = 0;
  Status s = WithRetry(
      pool_,
      [&](pqxx::connection_base& c) -> Status {
        ++calls;
        pqxx::work tx(c);
        tx.exec("CREATE TEMP TABLE u (k int PRIMARY KEY); INSERT INTO u VALUES (1), (1)");
        return OkStatus();
      },
      kFast);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace portcullis::store
