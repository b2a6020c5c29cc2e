#include "portcullis/store/migration_files.h"

#include <gtest/gtest.h>

#include <fstream>

namespace portcullis::store {
namespace {

class TempMigrationDir {
 public:
  TempMigrationDir() {
    path_ = std::filesystem::path(::testing::TempDir()) /
            ("portcullis_migrations_" +
             std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempMigrationDir() { std::filesystem::remove_all(path_); }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

TEST(MigrationFilesTest, ParsesVersionAndName) {
  Result<MigrationName> n = ParseMigrationFileName("007_create_sessions.sql");
  ASSERT_TRUE(n.ok()) << n.error().ToString();
  EXPECT_EQ(n->version, 7);
  EXPECT_EQ(n->name, "create_sessions");
  EXPECT_EQ(ParseMigrationFileName("1234_x.sql").value_or(MigrationName{}).version, 1234);
}

TEST(MigrationFilesTest, MisnamedFilesAreBadRequest) {
  for (const char* name :
       {"1_short.sql", "001-dash.sql", "001_.sql", "000_zero.sql", "001_Upper.sql", "abc_x.sql",
        "001_x.SQL", "0000000001_ten.sql", "001_x.sql.bak"}) {
    Result<MigrationName> n = ParseMigrationFileName(name);
    ASSERT_FALSE(n.ok()) << name;
    EXPECT_EQ(n.code(), ErrorCode::kBadRequest) << name;
  }
}

TEST(MigrationFilesTest, LoadsSqlFilesSortedByVersionAndIgnoresOthers) {
  TempMigrationDir dir;
  dir.Write("010_second.sql", "SELECT 2;");
  dir.Write("002_first.sql", "SELECT 1;");
  dir.Write("README.md", "not a migration");
  Result<std::vector<MigrationFile>> files = LoadMigrations(dir.path());
  ASSERT_TRUE(files.ok()) << files.error().ToString();
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].version, 2);
  EXPECT_EQ((*files)[0].sql, "SELECT 1;");
  EXPECT_EQ((*files)[1].name, "second");
  // SHA-256("SELECT 1;")
  EXPECT_EQ((*files)[0].checksum.size(), 64u);
  EXPECT_NE((*files)[0].checksum, (*files)[1].checksum);
}

TEST(MigrationFilesTest, MisnamedSqlFileInDirectoryIsBadRequest) {
  TempMigrationDir dir;
  dir.Write("001_ok.sql", "SELECT 1;");
  dir.Write("2_bad.sql", "SELECT 2;");
  Result<std::vector<MigrationFile>> files = LoadMigrations(dir.path());
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.code(), ErrorCode::kBadRequest);
  EXPECT_NE(files.error().detail.find("2_bad.sql"), std::string::npos);
}

TEST(MigrationFilesTest, DuplicateVersionIsBadRequest) {
  TempMigrationDir dir;
  dir.Write("001_a.sql", "SELECT 1;");
  dir.Write("0001_b.sql", "SELECT 2;");
  Result<std::vector<MigrationFile>> files = LoadMigrations(dir.path());
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.code(), ErrorCode::kBadRequest);
}

TEST(MigrationFilesTest, EmptyFileIsBadRequest) {
  TempMigrationDir dir;
  dir.Write("001_empty.sql", "  \n");
  EXPECT_EQ(LoadMigrations(dir.path()).code(), ErrorCode::kBadRequest);
}

TEST(MigrationFilesTest, MissingDirectoryIsNotFound) {
  EXPECT_EQ(LoadMigrations("/nonexistent/portcullis/migrations").code(), ErrorCode::kNotFound);
  EXPECT_EQ(ListMigrationServices("/nonexistent/portcullis/migrations").code(),
            ErrorCode::kNotFound);
}

TEST(MigrationFilesTest, ListsServiceFoldersSorted) {
  TempMigrationDir dir;
  std::filesystem::create_directory(dir.path() / "session-store");
  std::filesystem::create_directory(dir.path() / "audit");
  dir.Write("README.md", "x");
  Result<std::vector<std::string>> services = ListMigrationServices(dir.path());
  ASSERT_TRUE(services.ok()) << services.error().ToString();
  EXPECT_EQ(*services, (std::vector<std::string>{"audit", "session-store"}));
  std::filesystem::create_directory(dir.path() / "Bad_Name");
  EXPECT_EQ(ListMigrationServices(dir.path()).code(), ErrorCode::kBadRequest);
}

TEST(MigrationFilesTest, ServiceSchemaReplacesHyphens) {
  EXPECT_TRUE(IsValidServiceName("session-store"));
  EXPECT_FALSE(IsValidServiceName("Session"));
  EXPECT_FALSE(IsValidServiceName("-x"));
  EXPECT_FALSE(IsValidServiceName("a;drop"));
  EXPECT_EQ(SchemaForService("session-store"), "session_store");
}

}  // namespace
}  // namespace portcullis::store
