#pragma once
// MigrationRunner: applies migrations/<service>/NNN_name.sql to PostgreSQL, each exactly once,
// even when several instances start at the same moment.
//
//   MigrationRunner runner(conninfo);
//   Result<MigrationReport> r = runner.Apply("session-store", "migrations/session-store");
//   if (!r.ok()) { log(r.error().ToString()); return 1; }
//
// How (one dedicated connection per call):
//  1. take pg_advisory_lock(K) with K derived from "portcullis.migrations.<service>": a second
//     runner for the same service waits here until the first is done, then finds nothing to do;
//  2. create `schema_migrations(service, version, name, checksum, applied_at)` in the
//     connection's current schema (the first schema of its search_path, normally `public`) and
//     the service's own schema (SchemaForService) if missing;
//  3. each pending file runs in its own transaction with `SET LOCAL search_path` to the service
//     schema, so its SQL uses unqualified names, and its row is inserted in the same
//     transaction: a migration is either applied and recorded, or neither.
// SQL files must not contain transaction control (BEGIN/COMMIT) or statements that cannot run
// in a transaction (CREATE INDEX CONCURRENTLY, VACUUM).
//
// Thread-safety: const and stateless beyond the conninfo; concurrent calls are safe (and are
// serialised per service by the database lock).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/common/result.h"

namespace portcullis::store {

struct AppliedMigration {
  int version = 0;
  std::string name;
};

struct MigrationReport {
  std::string service;
  std::vector<AppliedMigration> applied;  // by this call, in order
  size_t already_applied = 0;             // files found already recorded
};

enum class MigrationState {
  kApplied,             // recorded, file unchanged
  kPending,             // file present, not recorded
  kChanged,             // recorded with a different checksum than the file has now
  kAppliedWithoutFile,  // recorded, but no file has that version (an older checkout?)
};

struct MigrationStatus {
  int version = 0;
  std::string name;
  MigrationState state = MigrationState::kPending;
  std::string applied_at;  // ISO 8601 from the database; empty when pending
};

// "applied", "pending", "changed", "applied_without_file".
std::string_view ToString(MigrationState state);

class MigrationRunner {
 public:
  explicit MigrationRunner(std::string conninfo) : conninfo_(std::move(conninfo)) {}

  // Applies the pending files of `dir` for `service`, in version order. Errors:
  //   kBadRequest   invalid service name, misnamed or empty files (nothing is applied)
  //   kNotFound     `dir` does not exist
  //   kConflict     an applied migration's file changed (checksum), or a pending file has a
  //                 lower version than one already applied (nothing is applied)
  //   kUnavailable  the database cannot be reached
  //   kInternal     a migration's SQL failed: the detail names the file and the server's
  //                 message; migrations before it stay applied, it and later ones do not
  Result<MigrationReport> Apply(std::string_view service, const std::filesystem::path& dir) const;

  // Every version known to the files or the database, sorted, without changing anything.
  // Errors as Apply, except that a changed file is reported as kChanged rather than an error.
  Result<std::vector<MigrationStatus>> Inspect(std::string_view service,
                                               const std::filesystem::path& dir) const;

 private:
  std::string conninfo_;
};

}  // namespace portcullis::store
