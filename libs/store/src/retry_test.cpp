#include "portcullis/store/retry.h"

#include <gtest/gtest.h>

namespace portcullis::store {
namespace {

using std::chrono::milliseconds;

TEST(RetryTest, BackoffDoublesFromInitialUpToCap) {
  const RetryOptions options{
      .max_attempts = 10, .initial_backoff = milliseconds(20), .max_backoff = milliseconds(100)};
  EXPECT_EQ(BackoffCeiling(1, options), milliseconds(0));
  EXPECT_EQ(BackoffCeiling(2, options), milliseconds(20));
  EXPECT_EQ(BackoffCeiling(3, options), milliseconds(40));
  EXPECT_EQ(BackoffCeiling(4, options), milliseconds(80));
  EXPECT_EQ(BackoffCeiling(5, options), milliseconds(100));
  EXPECT_EQ(BackoffCeiling(60, options), milliseconds(100));
}

TEST(RetryTest, UnreachableDatabaseIsUnavailableAfterAllAttempts) {
  ConnectionPool pool(PoolOptions{.conninfo = "host=127.0.0.1 port=1 dbname=x user=x"});
  int calls = 0;
  Status s = WithRetry(
      pool,
      [&](pqxx::connection_base&) {
        ++calls;
        return OkStatus();
      },
      RetryOptions{
          .max_attempts = 3, .initial_backoff = milliseconds(1), .max_backoff = milliseconds(2)});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kUnavailable);
  EXPECT_NE(s.error().detail.find("after 3 attempts"), std::string::npos) << s.error().detail;
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace portcullis::store
