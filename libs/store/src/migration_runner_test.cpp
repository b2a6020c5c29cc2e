// MigrationRunner failures that need no server; the rest is in migration_runner_pgtest.cpp.
#include "portcullis/store/migration_runner.h"

#include <gtest/gtest.h>

#include <fstream>

namespace portcullis::store {
namespace {

class MigrationRunnerTest : public ::testing::Test {
 protected:
  MigrationRunnerTest()
      : dir_(std::filesystem::path(::testing::TempDir()) / "portcullis_runner_test" / "demo") {
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "001_a.sql") << "CREATE TABLE a (id int);";
  }
  ~MigrationRunnerTest() override { std::filesystem::remove_all(dir_.parent_path()); }

  std::filesystem::path dir_;
  MigrationRunner runner_{"host=127.0.0.1 port=1 dbname=x user=x"};
};

TEST_F(MigrationRunnerTest, UnreachableDatabaseIsUnavailable) {
  Result<MigrationReport> r = runner_.Apply("demo", dir_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(r.error().detail.find('\n'), std::string::npos) << r.error().detail;
  EXPECT_EQ(runner_.Inspect("demo", dir_).code(), ErrorCode::kUnavailable);
}

TEST_F(MigrationRunnerTest, BadFilesAreReportedBeforeConnecting) {
  std::ofstream(dir_ / "2_bad.sql") << "SELECT 1;";
  // kBadRequest, not kUnavailable: the files are checked before the (unreachable) database.
  EXPECT_EQ(runner_.Apply("demo", dir_).code(), ErrorCode::kBadRequest);
}

TEST_F(MigrationRunnerTest, MissingDirectoryIsNotFound) {
  EXPECT_EQ(runner_.Apply("demo", dir_ / "nope").code(), ErrorCode::kNotFound);
}

TEST_F(MigrationRunnerTest, InvalidServiceNameIsBadRequest) {
  EXPECT_EQ(runner_.Apply("Demo", dir_).code(), ErrorCode::kBadRequest);
}

TEST(MigrationStateTest, NamesAreStable) {
  EXPECT_EQ(ToString(MigrationState::kApplied), "applied");
  EXPECT_EQ(ToString(MigrationState::kPending), "pending");
  EXPECT_EQ(ToString(MigrationState::kChanged), "changed");
  EXPECT_EQ(ToString(MigrationState::kAppliedWithoutFile), "applied_without_file");
}

}  // namespace
}  // namespace portcullis::store
