#include "portcullis/testsupport/pg_isolation.h"

#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "portcullis/testsupport/net.h"

namespace portcullis::testsupport {
namespace {

void OrDie(const Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "testsupport: %s: %s\n", what, s.error().ToString().c_str());
  std::exit(1);
}

}  // namespace

Status ExecSql(const PostgresCluster& cluster, const std::string& sql, const std::string& dbname) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(cluster.conninfo(dbname).c_str()),
                                                    &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return Error{ErrorCode::kUnavailable, PQerrorMessage(conn.get())};
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> res(PQexec(conn.get(), sql.c_str()), &PQclear);
  auto st = PQresultStatus(res.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    return Error{ErrorCode::kUnavailable, PQresultErrorMessage(res.get())};
  }
  return OkStatus();
}

PgSchema::PgSchema(PostgresCluster& cluster) : cluster_(cluster), name_(UniqueName("t")) {
  OrDie(ExecSql(cluster_, "CREATE SCHEMA " + name_), "create schema");
}

PgSchema::~PgSchema() { (void)ExecSql(cluster_, "DROP SCHEMA IF EXISTS " + name_ + " CASCADE"); }

std::string PgSchema::conninfo() const {
  return cluster_.conninfo() + " options=-csearch_path=" + name_;
}

PgDatabase::PgDatabase(PostgresCluster& cluster) : cluster_(cluster), name_(UniqueName("t")) {
  OrDie(ExecSql(cluster_, "CREATE DATABASE " + name_), "create database");
}

PgDatabase::~PgDatabase() {
  (void)ExecSql(cluster_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
}

}  // namespace portcullis::testsupport
