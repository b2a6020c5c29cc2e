#pragma once
// Per-test isolation inside a shared PostgresCluster.
//
//   PgSchema schema(SharedPostgres());      // CREATE SCHEMA t_<random>; dropped on destruction
//   pqxx::connection c(schema.conninfo());  // search_path = that schema
//   PgDatabase db(SharedPostgres());        // CREATE DATABASE t_<random>; dropped (FORCE)
//
// Both abort the test binary with a clear message if the server refuses (a test cannot go on
// without its schema); creation happens in the constructor so a fixture member is enough.

#include <string>

#include "portcullis/testsupport/postgres_cluster.h"

namespace portcullis::testsupport {

class PgSchema {
 public:
  explicit PgSchema(PostgresCluster& cluster);
  ~PgSchema();
  PgSchema(const PgSchema&) = delete;
  PgSchema& operator=(const PgSchema&) = delete;

  const std::string& name() const { return name_; }
  // conninfo of the `postgres` database whose search_path is this schema.
  std::string conninfo() const;

 private:
  PostgresCluster& cluster_;
  std::string name_;
};

class PgDatabase {
 public:
  explicit PgDatabase(PostgresCluster& cluster);
  ~PgDatabase();
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;

  const std::string& name() const { return name_; }
  std::string conninfo() const { return cluster_.conninfo(name_); }

 private:
  PostgresCluster& cluster_;
  std::string name_;
};

// Runs one SQL statement (no result) as the superuser on `dbname`; kUnavailable on failure.
Status ExecSql(const PostgresCluster& cluster, const std::string& sql,
               const std::string& dbname = "postgres");

}  // namespace portcullis::testsupport
