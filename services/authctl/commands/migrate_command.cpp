// authctl migrate: applies migrations/<service>/NNN_name.sql by hand (services also apply them
// at start-up), or lists their state with --status. See migrations/README.md.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "flags.h"
#include "portcullis/store/migration_files.h"
#include "portcullis/store/migration_runner.h"

namespace portcullis::authctl {
namespace {

constexpr const char* kMigrateUsage =
    "usage: authctl migrate [--database CONNINFO] [--dir DIR] [--service NAME] [--status]\n"
    "\n"
    "  --database CONNINFO  libpq conninfo or postgresql:// URL\n"
    "                       (default: $PORTCULLIS_DATABASE_URL)\n"
    "  --dir DIR            migrations root, one folder per service (default: migrations)\n"
    "  --service NAME       only this service (default: every folder under DIR)\n"
    "  --status             list applied and pending migrations; change nothing\n";

struct MigrateArgs {
  std::string database;
  std::string dir = "migrations";
  std::optional<std::string> service;
  bool status = false;
};

// nullopt (after printing why) on a usage error.
std::optional<MigrateArgs> ParseMigrateArgs(const std::vector<std::string>& args) {
  auto flags =
      Flags::Parse(args, 0, {{"database"}, {"dir"}, {"service"}, {"status", FlagKind::kSwitch}});
  if (!flags.ok()) {
    std::fprintf(stderr, "authctl migrate: %s\n", flags.error().detail.c_str());
    return std::nullopt;
  }
  MigrateArgs out;
  out.database = flags->GetOr("database", EnvOr({"PORTCULLIS_DATABASE_URL"}, ""));
  out.dir = flags->GetOr("dir", out.dir);
  out.service = flags->Get("service");
  out.status = flags->Has("status");
  if (out.database.empty()) {
    std::fprintf(stderr,
                 "authctl migrate: no database: pass --database or set "
                 "PORTCULLIS_DATABASE_URL\n");
    return std::nullopt;
  }
  return out;
}

int Fail(const Error& error) {
  std::fprintf(stderr, "authctl migrate: %s\n", error.ToString().c_str());
  return kExitFailed;
}

std::string Label(int version, const std::string& name) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%03d", version);
  return std::string(digits) + "_" + name;
}

int PrintStatus(const store::MigrationRunner& runner, const std::string& service,
                const std::filesystem::path& dir) {
  Result<std::vector<store::MigrationStatus>> st = runner.Inspect(service, dir);
  if (!st.ok()) return Fail(st.error());
  if (st->empty()) std::printf("%s: no migrations\n", service.c_str());
  for (const auto& m : *st) {
    std::string line = service;
    line.resize(std::max<size_t>(line.size() + 1, 21), ' ');
    line += Label(m.version, m.name);
    line.resize(std::max<size_t>(line.size() + 1, 62), ' ');
    line += store::ToString(m.state);
    if (!m.applied_at.empty()) line += "  " + m.applied_at;
    std::printf("%s\n", line.c_str());
  }
  return kExitOk;
}

int ApplyOne(const store::MigrationRunner& runner, const std::string& service,
             const std::filesystem::path& dir) {
  Result<store::MigrationReport> r = runner.Apply(service, dir);
  if (!r.ok()) return Fail(r.error());
  if (r->applied.empty()) {
    std::printf("%s: up to date (%zu applied)\n", service.c_str(), r->already_applied);
    return kExitOk;
  }
  for (const auto& m : r->applied) {
    std::printf("%s: applied %s\n", service.c_str(), Label(m.version, m.name).c_str());
  }
  std::printf("%s: %zu applied now, %zu before\n", service.c_str(), r->applied.size(),
              r->already_applied);
  return kExitOk;
}

int RunMigrate(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      std::printf("%s", kMigrateUsage);
      return kExitOk;
    }
  }
  std::optional<MigrateArgs> parsed = ParseMigrateArgs(args);
  if (!parsed) {
    std::fprintf(stderr, "%s", kMigrateUsage);
    return kExitUsage;
  }
  std::vector<std::string> services;
  if (parsed->service) {
    services.push_back(*parsed->service);
  } else {
    Result<std::vector<std::string>> all = store::ListMigrationServices(parsed->dir);
    if (!all.ok()) return Fail(all.error());
    services = std::move(*all);
    if (services.empty()) std::printf("no service folders under %s\n", parsed->dir.c_str());
  }
  const store::MigrationRunner runner(parsed->database);
  for (const std::string& service : services) {
    const std::filesystem::path dir = std::filesystem::path(parsed->dir) / service;
    const int rc =
        parsed->status ? PrintStatus(runner, service, dir) : ApplyOne(runner, service, dir);
    if (rc != kExitOk) return rc;  // stop at the first failure; later services may depend on it
  }
  return kExitOk;
}

}  // namespace

PORTCULLIS_AUTHCTL_COMMAND(migrate, "apply database migrations (or --status)", RunMigrate);

}  // namespace portcullis::authctl
