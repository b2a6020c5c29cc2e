#include "portcullis/store/migration_runner.h"

#include <map>
#include <optional>
#include <pqxx/pqxx>

#include "portcullis/crypto/hash.h"
#include "portcullis/store/migration_files.h"
#include "portcullis/store/pg_errors.h"

namespace portcullis::store {
namespace {

// Serialises creation of schema_migrations and service schemas across services: two
// `CREATE ... IF NOT EXISTS` racing each other can still fail on a catalog unique index.
constexpr std::string_view kBootstrapLockName = "portcullis.migrations";

struct Recorded {
  std::string name;
  std::string checksum;
  std::string applied_at;
};

// A stable 64-bit advisory lock key: the first 8 bytes of SHA-256(name). (hashtext() would do,
// but it is undocumented and has changed between PostgreSQL versions.)
long long AdvisoryKey(std::string_view name) {
  const crypto::Digest d = crypto::Sha256(crypto::AsBytes(name));
  uint64_t key = 0;
  for (int i = 0; i < 8; ++i) key = (key << 8) | d[i];
  return static_cast<long long>(key);
}

std::string Label(int version, const std::string& name) {
  std::string digits = std::to_string(version);
  if (digits.size() < 3) digits.insert(0, 3 - digits.size(), '0');
  return digits + "_" + name;
}

// Where schema_migrations lives: the first existing schema of the connection's search_path.
Result<std::string> MetaTable(pqxx::connection_base& conn, pqxx::transaction_base& tx) {
  const pqxx::row row = tx.exec1("SELECT current_schema()");
  if (row[0].is_null()) {
    return Error{ErrorCode::kInternal,
                 "no schema on the connection's search_path to hold schema_migrations"};
  }
  return conn.quote_name(row[0].as<std::string>()) + ".schema_migrations";
}

std::map<int, Recorded> ReadRecorded(pqxx::transaction_base& tx, const std::string& table,
                                     std::string_view service) {
  std::map<int, Recorded> out;
  const pqxx::result rows = tx.exec_params(
      "SELECT version, name, checksum, "
      "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM " +
          table + " WHERE service = $1 ORDER BY version",
      std::string(service));
  for (const auto& row : rows) {
    out[row[0].as<int>()] =
        Recorded{row[1].as<std::string>(), row[2].as<std::string>(), row[3].as<std::string>()};
  }
  return out;
}

// Refuses to run when history and files disagree, before anything is applied.
Status CheckHistory(std::string_view service, const std::vector<MigrationFile>& files,
                    const std::map<int, Recorded>& recorded) {
  const int last_applied = recorded.empty() ? 0 : recorded.rbegin()->first;
  for (const MigrationFile& f : files) {
    const auto it = recorded.find(f.version);
    if (it != recorded.end() && it->second.checksum != f.checksum) {
      return Error{ErrorCode::kConflict,
                   "migration " + Label(f.version, f.name) + " (service " + std::string(service) +
                       ") was changed after it was applied (checksum " + it->second.checksum +
                       ", file now " + f.checksum + "); add a new migration instead"};
    }
    if (it == recorded.end() && f.version < last_applied) {
      return Error{ErrorCode::kConflict,
                   "migration " + Label(f.version, f.name) + " (service " + std::string(service) +
                       ") is pending but version " + std::to_string(last_applied) +
                       " is already applied; renumber it after " + std::to_string(last_applied)};
    }
  }
  return OkStatus();
}

Error WithContext(std::string_view what, const std::exception& e) {
  Error error = ErrorFromException(e);
  error.detail = std::string(what) + ": " + error.detail;
  return error;
}

Result<std::vector<MigrationFile>> LoadFor(std::string_view service,
                                           const std::filesystem::path& dir) {
  if (!IsValidServiceName(service)) {
    return Error{ErrorCode::kBadRequest,
                 "'" + std::string(service) + "' is not a service name ([a-z][a-z0-9-]*)"};
  }
  return LoadMigrations(dir);
}

}  // namespace

std::string_view ToString(MigrationState state) {
  switch (state) {
    case MigrationState::kApplied:
      return "applied";
    case MigrationState::kPending:
      return "pending";
    case MigrationState::kChanged:
      return "changed";
    case MigrationState::kAppliedWithoutFile:
      return "applied_without_file";
  }
  return "pending";
}

Result<MigrationReport> MigrationRunner::Apply(std::string_view service,
                                               const std::filesystem::path& dir) const {
  Result<std::vector<MigrationFile>> files = LoadFor(service, dir);
  if (!files.ok()) return files.error();
  const std::string service_name(service);
  const std::string context = "migrating " + service_name;
  std::optional<pqxx::connection> conn;
  try {
    conn.emplace(conninfo_);
  } catch (const std::exception& e) {
    return Error{ErrorCode::kUnavailable,
                 context + ": cannot connect: " + ErrorFromException(e).detail};
  }
  try {
    const long long lock_key = AdvisoryKey("portcullis.migrations." + service_name);
    {
      // Session-level: held across the per-migration transactions below, released by unlock or
      // when the connection closes (also if this process dies).
      pqxx::nontransaction lock(*conn);
      lock.exec_params("SELECT pg_advisory_lock($1)", lock_key);
    }
    std::string table;
    const std::string schema = conn->quote_name(SchemaForService(service));
    std::map<int, Recorded> recorded;
    {
      pqxx::work tx(*conn);
      tx.exec("SET LOCAL client_min_messages TO warning");  // no "already exists" notices
      tx.exec_params("SELECT pg_advisory_xact_lock($1)", AdvisoryKey(kBootstrapLockName));
      Result<std::string> meta = MetaTable(*conn, tx);
      if (!meta.ok()) return meta.error();
      table = *meta;
      tx.exec("CREATE TABLE IF NOT EXISTS " + table +
              " (service text NOT NULL, version integer NOT NULL, name text NOT NULL,"
              " checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),"
              " PRIMARY KEY (service, version))");
      tx.exec("CREATE SCHEMA IF NOT EXISTS " + schema);
      recorded = ReadRecorded(tx, table, service);
      tx.commit();
    }
    if (Status s = CheckHistory(service, *files, recorded); !s.ok()) return s.error();

    MigrationReport report{service_name, {}, 0};
    for (const MigrationFile& f : *files) {
      if (recorded.count(f.version) != 0) {
        ++report.already_applied;
        continue;
      }
      try {
        pqxx::work tx(*conn);
        tx.exec("SET LOCAL search_path TO " + schema);
        tx.exec("SET LOCAL client_min_messages TO warning");
        tx.exec(f.sql);
        tx.exec_params(
            "INSERT INTO " + table + " (service, version, name, checksum) VALUES ($1, $2, $3, $4)",
            service_name, f.version, f.name, f.checksum);
        tx.commit();
      } catch (const std::exception& e) {
        return WithContext(context + ": " + f.path.filename().string() + " failed", e);
      }
      report.applied.push_back(AppliedMigration{f.version, f.name});
    }
    pqxx::nontransaction unlock(*conn);
    unlock.exec_params("SELECT pg_advisory_unlock($1)", lock_key);
    return report;
  } catch (const std::exception& e) {
    return WithContext(context, e);
  }
}

Result<std::vector<MigrationStatus>> MigrationRunner::Inspect(
    std::string_view service, const std::filesystem::path& dir) const {
  Result<std::vector<MigrationFile>> files = LoadFor(service, dir);
  if (!files.ok()) return files.error();
  const std::string context = "inspecting " + std::string(service);
  std::map<int, Recorded> recorded;
  try {
    pqxx::connection conn(conninfo_);
    pqxx::read_transaction tx(conn);
    Result<std::string> table = MetaTable(conn, tx);
    if (!table.ok()) return table.error();
    if (!tx.exec_params1("SELECT to_regclass($1)", *table)[0].is_null()) {
      recorded = ReadRecorded(tx, *table, service);
    }
  } catch (const std::exception& e) {
    return WithContext(context, e);
  }
  std::map<int, MigrationStatus> by_version;
  for (const auto& [version, rec] : recorded) {
    by_version[version] =
        MigrationStatus{version, rec.name, MigrationState::kAppliedWithoutFile, rec.applied_at};
  }
  for (const MigrationFile& f : *files) {
    MigrationStatus& st = by_version[f.version];
    st.version = f.version;
    st.name = f.name;
    const auto it = recorded.find(f.version);
    st.state = it == recorded.end()                ? MigrationState::kPending
               : it->second.checksum == f.checksum ? MigrationState::kApplied
                                                   : MigrationState::kChanged;
  }
  std::vector<MigrationStatus> out;
  out.reserve(by_version.size());
  for (auto& [version, st] : by_version) out.push_back(std::move(st));
  return out;
}

}  // namespace portcullis::store
