#include "portcullis/store/migration_files.h"

#include <algorithm>
#include <cassert>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

#include "portcullis/crypto/encoding.h"
#include "portcullis/crypto/hash.h"

namespace portcullis::store {
namespace {

constexpr std::string_view kExpectedForm =
    "expected NNN_name.sql (3-9 digits, then [a-z0-9_]+), e.g. 001_create_sessions.sql";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || IsDigit(c) || c == '_'; }

bool HasSql(std::string_view sql) {
  return sql.find_first_not_of(" \t\r\n") != std::string_view::npos;
}

}  // namespace

Result<MigrationName> ParseMigrationFileName(std::string_view file_name) {
  auto bad = [&] {
    return Error{ErrorCode::kBadRequest, "bad migration file name '" + std::string(file_name) +
                                             "': " + std::string(kExpectedForm)};
  };
  constexpr std::string_view kSuffix = ".sql";
  if (file_name.size() <= kSuffix.size() ||
      file_name.substr(file_name.size() - kSuffix.size()) != kSuffix) {
    return bad();
  }
  const std::string_view stem = file_name.substr(0, file_name.size() - kSuffix.size());
  const size_t underscore = stem.find('_');
  if (underscore == std::string_view::npos || underscore < 3 || underscore > 9) return bad();
  const std::string_view digits = stem.substr(0, underscore);
  const std::string_view name = stem.substr(underscore + 1);
  if (!std::all_of(digits.begin(), digits.end(), IsDigit) || name.empty() ||
      !std::all_of(name.begin(), name.end(), IsNameChar)) {
    return bad();
  }
  int version = 0;
  for (const char c : digits) version = version * 10 + (c - '0');
  if (version == 0) return bad();
  return MigrationName{version, std::string(name)};
}

Result<std::vector<MigrationFile>> LoadMigrations(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Error{ErrorCode::kNotFound, "no migrations directory " + dir.string()};
  }
  std::map<int, MigrationFile> by_version;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string file_name = entry.path().filename().string();
    if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
    Result<MigrationName> parsed = ParseMigrationFileName(file_name);
    if (!parsed.ok()) return parsed.error();
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return Error{ErrorCode::kInternal, "cannot read " + entry.path().string()};
    MigrationFile file{parsed->version, parsed->name, entry.path(), text.str(), {}};
    if (!HasSql(file.sql)) {
      return Error{ErrorCode::kBadRequest, "migration " + entry.path().string() + " is empty"};
    }
    file.checksum = crypto::HexEncode(crypto::Sha256(crypto::AsBytes(file.sql)));
    const int version = file.version;
    auto [it, inserted] = by_version.emplace(version, std::move(file));
    if (!inserted) {
      return Error{ErrorCode::kBadRequest, "two migrations with version " +
                                               std::to_string(version) + " in " + dir.string() +
                                               ": " + it->second.path.filename().string() +
                                               " and " + file_name};
    }
  }
  if (ec) return Error{ErrorCode::kInternal, "cannot list " + dir.string() + ": " + ec.message()};
  std::vector<MigrationFile> out;
  out.reserve(by_version.size());
  for (auto& [version, file] : by_version) out.push_back(std::move(file));
  return out;
}

bool IsValidServiceName(std::string_view service) {
  if (service.empty() || service.size() > 63 || !(service[0] >= 'a' && service[0] <= 'z')) {
    return false;
  }
  return std::all_of(service.begin(), service.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || IsDigit(c) || c == '-'; });
}

std::string SchemaForService(std::string_view service) {
  assert(IsValidServiceName(service));
  std::string schema(service);
  std::replace(schema.begin(), schema.end(), '-', '_');
  return schema;
}

Result<std::vector<std::string>> ListMigrationServices(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    return Error{ErrorCode::kNotFound, "no migrations directory " + root.string()};
  }
  std::vector<std::string> services;
  for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
    if (!entry.is_directory()) continue;
    std::string name = entry.path().filename().string();
    if (!IsValidServiceName(name)) {
      return Error{ErrorCode::kBadRequest,
                   "migrations folder '" + name + "' is not a service name ([a-z][a-z0-9-]*)"};
    }
    services.push_back(std::move(name));
  }
  if (ec) return Error{ErrorCode::kInternal, "cannot list " + root.string() + ": " + ec.message()};
  std::sort(services.begin(), services.end());
  return services;
}

}  // namespace portcullis::store
