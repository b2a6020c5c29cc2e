#pragma once
// The migration files on disk: migrations/<service>/NNN_name.sql (see migrations/README.md).
// Pure file-system reading, no database; thread-safe.
//
//   Result<std::vector<MigrationFile>> files = LoadMigrations("migrations/session-store");

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/common/result.h"

namespace portcullis::store {

struct MigrationFile {
  int version = 0;   // NNN, > 0
  std::string name;  // the part after NNN_, without .sql
  std::filesystem::path path;
  std::string sql;       // the whole file
  std::string checksum;  // lower-case hex SHA-256 of `sql`
};

struct MigrationName {
  int version = 0;
  std::string name;
};

// Parses "NNN_name.sql": NNN is 3 to 9 digits and not all zero, name is [a-z0-9_]+.
// kBadRequest otherwise, with the expected form in the detail.
Result<MigrationName> ParseMigrationFileName(std::string_view file_name);

// Every regular *.sql file in `dir`, sorted by version; other files (README.md) are ignored.
// kNotFound when `dir` is not a directory; kBadRequest for a misnamed .sql file, two files with
// the same version, or a file with no SQL in it; kInternal when a file cannot be read.
Result<std::vector<MigrationFile>> LoadMigrations(const std::filesystem::path& dir);

// True for a service folder name: [a-z][a-z0-9-]*, at most 63 characters.
bool IsValidServiceName(std::string_view service);

// The PostgreSQL schema of a service: its name with '-' replaced by '_' (session-store ->
// session_store). Precondition: IsValidServiceName(service).
std::string SchemaForService(std::string_view service);

// The sub-folders of `root` (one per service), sorted. kNotFound when `root` is not a
// directory; kBadRequest when a sub-folder name is not a valid service name.
Result<std::vector<std::string>> ListMigrationServices(const std::filesystem::path& root);

}  // namespace portcullis::store
