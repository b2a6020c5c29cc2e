// MigrationRunner against a real PostgreSQL; every test gets a database of its own.
#include "portcullis/store/migration_runner.h"

#include <gtest/gtest.h>

#include <fstream>
#include <latch>
#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "portcullis/testsupport/pg_isolation.h"
#include "portcullis/testsupport/postgres_cluster.h"
#include "portcullis/testsupport/temp_dir.h"

namespace portcullis::store {
namespace {

using testsupport::PgDatabase;
using testsupport::SharedPostgres;
using testsupport::TempDir;

class MigrationRunnerPgTest : public ::testing::Test {
 protected:
  MigrationRunnerPgTest() : dir_(TempDir::Create().value()) {}

  std::filesystem::path ServiceDir() const { return std::filesystem::path(dir_.path()) / "demo"; }

  void Write(const std::string& file, const std::string& sql) const {
    std::filesystem::create_directories(ServiceDir());
    std::ofstream(ServiceDir() / file) << sql;
  }

  long long Count(const std::string& sql) {
    pqxx::connection c(db_.conninfo());
    pqxx::nontransaction tx(c);
    return tx.exec1(sql)[0].as<long long>();
  }

  PgDatabase db_{SharedPostgres()};
  TempDir dir_;
  MigrationRunner runner_{db_.conninfo()};
};

TEST_F(MigrationRunnerPgTest, AppliesPendingMigrationsInOrderInTheServiceSchema) {
  Write("001_create_items.sql", "CREATE TABLE items (id int PRIMARY KEY, label text);");
  Write("002_seed_items.sql", "INSERT INTO items VALUES (1, 'a'), (2, 'b');");
  Result<MigrationReport> r = runner_.Apply("demo", ServiceDir());
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->applied.size(), 2u);
  EXPECT_EQ(r->applied[0].version, 1);
  EXPECT_EQ(r->applied[1].name, "seed_items");
  EXPECT_EQ(r->already_applied, 0u);
  EXPECT_EQ(Count("SELECT count(*) FROM demo.items"), 2);  // unqualified names land in `demo`
  EXPECT_EQ(Count("SELECT count(*) FROM public.schema_migrations WHERE service = 'demo'"), 2);
}

TEST_F(MigrationRunnerPgTest, SecondRunAppliesOnlyNewMigrations) {
  Write("001_create_items.sql", "CREATE TABLE items (id int);");
  ASSERT_TRUE(runner_.Apply("demo", ServiceDir()).ok());
  Result<MigrationReport> again = runner_.Apply("demo", ServiceDir());
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_TRUE(again->applied.empty());
  EXPECT_EQ(again->already_applied, 1u);

  Write("002_add_column.sql", "ALTER TABLE items ADD COLUMN label text;");
  Result<MigrationReport> third = runner_.Apply("demo", ServiceDir());
  ASSERT_TRUE(third.ok()) << third.error().ToString();
  ASSERT_EQ(third->applied.size(), 1u);
  EXPECT_EQ(third->applied[0].version, 2);
}

TEST_F(MigrationRunnerPgTest, ChangedAppliedMigrationIsConflict) {
  Write("001_create_items.sql", "CREATE TABLE items (id int);");
  ASSERT_TRUE(runner_.Apply("demo", ServiceDir()).ok());
  Write("001_create_items.sql", "CREATE TABLE items (id bigint);");
  Result<MigrationReport> r = runner_.Apply("demo", ServiceDir());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kConflict);
  EXPECT_NE(r.error().detail.find("001_create_items (service demo) was changed"), std::string::npos)
      << r.error().detail;
}

TEST_F(MigrationRunnerPgTest, PendingMigrationBelowAppliedVersionIsConflict) {
  Write("002_create_items.sql", "CREATE TABLE items (id int);");
  ASSERT_TRUE(runner_.Apply("demo", ServiceDir()).ok());
  Write("001_late.sql", "CREATE TABLE late (id int);");
  Result<MigrationReport> r = runner_.Apply("demo", ServiceDir());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kConflict);
  EXPECT_EQ(Count("SELECT count(*) FROM pg_tables WHERE tablename = 'late'"), 0);
}

TEST_F(MigrationRunnerPgTest, FailingMigrationIsRolledBackAndNamed) {
  Write("001_create_items.sql", "CREATE TABLE items (id int);");
  Write("002_broken.sql", "CREATE TABLE half (id int); INSERT INTO no_such_table VALUES (1);");
  Write("003_after.sql", "CREATE TABLE after (id int);");
  Result<MigrationReport> r = runner_.Apply("demo", ServiceDir());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kInternal);
  EXPECT_NE(r.error().detail.find("002_broken.sql failed"), std::string::npos) << r.error().detail;
  EXPECT_NE(r.error().detail.find("42P01"), std::string::npos) << r.error().detail;
  EXPECT_EQ(Count("SELECT count(*) FROM pg_tables WHERE tablename IN ('half', 'after')"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM public.schema_migrations"), 1);  // 001 stays applied
}

TEST_F(MigrationRunnerPgTest, InvalidServiceNameIsBadRequest) {
  Result<MigrationReport> r = runner_.Apply("Demo; DROP", ServiceDir());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kBadRequest);
}

TEST_F(MigrationRunnerPgTest, InspectReportsAppliedPendingChangedAndOrphaned) {
  Write("001_a.sql", "CREATE TABLE a (id int);");
  Write("002_b.sql", "CREATE TABLE b (id int);");
  Write("003_c.sql", "CREATE TABLE c (id int);");
  ASSERT_TRUE(runner_.Apply("demo", ServiceDir()).ok());
  Write("002_b.sql", "CREATE TABLE b (id bigint);");
  std::filesystem::remove(ServiceDir() / "003_c.sql");
  Write("004_d.sql", "CREATE TABLE d (id int);");

  Result<std::vector<MigrationStatus>> st = runner_.Inspect("demo", ServiceDir());
  ASSERT_TRUE(st.ok()) << st.error().ToString();
  ASSERT_EQ(st->size(), 4u);
  EXPECT_EQ((*st)[0].state, MigrationState::kApplied);
  EXPECT_FALSE((*st)[0].applied_at.empty());
  EXPECT_EQ((*st)[1].state, MigrationState::kChanged);
  EXPECT_EQ((*st)[2].state, MigrationState::kAppliedWithoutFile);
  EXPECT_EQ((*st)[2].name, "c");
  EXPECT_EQ((*st)[3].state, MigrationState::kPending);
  EXPECT_TRUE((*st)[3].applied_at.empty());
}

TEST_F(MigrationRunnerPgTest, InspectBeforeAnyMigrationShowsAllPending) {
  Write("001_a.sql", "CREATE TABLE a (id int);");
  Result<std::vector<MigrationStatus>> st = runner_.Inspect("demo", ServiceDir());
  ASSERT_TRUE(st.ok()) << st.error().ToString();
  ASSERT_EQ(st->size(), 1u);
  EXPECT_EQ((*st)[0].state, MigrationState::kPending);
  EXPECT_EQ(Count("SELECT count(*) FROM pg_tables WHERE tablename = 'schema_migrations'"), 0);
}

TEST_F(MigrationRunnerPgTest, RunnersStartedTogetherApplyEachMigrationExactlyOnce) {
  // 001 is slow so the runners overlap; 002 and 003 would double-count if applied twice, and
  // 001 would fail with "relation already exists" if run twice.
  Write("001_create_hits.sql", "CREATE TABLE hits (version int); SELECT pg_sleep(0.3);");
  Write("002_hit.sql", "INSERT INTO hits VALUES (2);");
  Write("003_hit.sql", "INSERT INTO hits VALUES (3);");
  constexpr int kRunners = 4;
  std::latch start(kRunners);
  std::vector<std::optional<Result<MigrationReport>>> results(kRunners);
  std::vector<std::thread> threads;
  threads.reserve(kRunners);
  for (int i = 0; i < kRunners; ++i) {
    threads.emplace_back([&, i] {
      MigrationRunner runner(db_.conninfo());
      start.arrive_and_wait();
      results[i].emplace(runner.Apply("demo", ServiceDir()));
    });
  }
  for (auto& t : threads) t.join();

  size_t applied = 0;
  for (const auto& r : results) {
    ASSERT_TRUE(r->ok()) << r->error().ToString();
    applied += (*r)->applied.size();
    EXPECT_EQ((*r)->applied.size() + (*r)->already_applied, 3u);
  }
  EXPECT_EQ(applied, 3u);
  EXPECT_EQ(Count("SELECT count(*) FROM demo.hits"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM public.schema_migrations WHERE service = 'demo'"), 3);
}

TEST_F(MigrationRunnerPgTest, ServicesAreRecordedSeparately) {
  Write("001_a.sql", "CREATE TABLE a (id int);");
  const std::filesystem::path other = std::filesystem::path(dir_.path()) / "other-service";
  std::filesystem::create_directories(other);
  std::ofstream(other / "001_a.sql") << "CREATE TABLE a (id int);";
  ASSERT_TRUE(runner_.Apply("demo", ServiceDir()).ok());
  Result<MigrationReport> r = runner_.Apply("other-service", other);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->applied.size(), 1u);
  EXPECT_EQ(Count("SELECT count(*) FROM other_service.a"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM public.schema_migrations"), 2);
}

}  // namespace
}  // namespace portcullis::store
