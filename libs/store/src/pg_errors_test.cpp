#include "portcullis/store/pg_errors.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <stdexcept>

namespace portcullis::store {
namespace {

TEST(PgErrorsTest, BrokenConnectionIsUnavailableRetryableAndLost) {
  const pqxx::broken_connection e("server closed the connection unexpectedly\n");
  EXPECT_EQ(ErrorFromException(e).code, ErrorCode::kUnavailable);
  EXPECT_EQ(ErrorFromException(e).detail,
            "database connection lost: server closed the connection unexpectedly");
  EXPECT_TRUE(IsRetryable(e));
  EXPECT_TRUE(IsConnectionLost(e));
}

TEST(PgErrorsTest, MultiLineLibpqMessageBecomesOneLine) {
  const pqxx::broken_connection e("failed: Connection refused\n\tIs the server running?\n");
  EXPECT_EQ(ErrorFromException(e).detail,
            "database connection lost: failed: Connection refused Is the server running?");
}

TEST(PgErrorsTest, SerializationFailureAndDeadlockAreRetryableConflicts) {
  const pqxx::serialization_failure serialization("could not serialize access");
  const pqxx::deadlock_detected deadlock("deadlock detected");
  for (const std::exception* e :
       std::initializer_list<const std::exception*>{&serialization, &deadlock}) {
    EXPECT_EQ(ErrorFromException(*e).code, ErrorCode::kConflict);
    EXPECT_TRUE(IsRetryable(*e));
    EXPECT_FALSE(IsConnectionLost(*e));
  }
}

TEST(PgErrorsTest, SqlStateDecidesForPlainSqlErrors) {
  const pqxx::sql_error serialization("x", "SELECT 1", "40001");
  EXPECT_EQ(ErrorFromException(serialization).code, ErrorCode::kConflict);
  EXPECT_TRUE(IsRetryable(serialization));

  const pqxx::sql_error shutdown("terminating connection due to administrator command", "",
                                 "57P01");
  EXPECT_EQ(ErrorFromException(shutdown).code, ErrorCode::kUnavailable);
  EXPECT_TRUE(IsRetryable(shutdown));
  EXPECT_TRUE(IsConnectionLost(shutdown));

  const pqxx::sql_error syntax("syntax error at or near \"SELEC\"", "SELEC 1", "42601");
  EXPECT_EQ(ErrorFromException(syntax).code, ErrorCode::kInternal);
  EXPECT_NE(ErrorFromException(syntax).detail.find("42601"), std::string::npos);
  EXPECT_FALSE(IsRetryable(syntax));
}

TEST(PgErrorsTest, UniqueViolationIsConflictButNotRetried) {
  const pqxx::unique_violation e("duplicate key value", "INSERT ...", "23505");
  EXPECT_EQ(ErrorFromException(e).code, ErrorCode::kConflict);
  EXPECT_FALSE(IsRetryable(e));
}

TEST(PgErrorsTest, InDoubtCommitIsUnavailableAndNeverRetried) {
  const pqxx::in_doubt_error e("connection lost during commit");
  EXPECT_EQ(ErrorFromException(e).code, ErrorCode::kUnavailable);
  EXPECT_FALSE(IsRetryable(e));
  EXPECT_TRUE(IsConnectionLost(e));
}

TEST(PgErrorsTest, OtherExceptionsAreInternal) {
  const std::runtime_error e("boom");
  EXPECT_EQ(ErrorFromException(e).code, ErrorCode::kInternal);
  EXPECT_EQ(ErrorFromException(e).detail, "boom");
  EXPECT_FALSE(IsRetryable(e));
}

}  // namespace
}  // namespace portcullis::store
