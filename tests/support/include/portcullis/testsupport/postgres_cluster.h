#pragma once
// PostgresCluster: a throwaway PostgreSQL cluster for integration tests — initdb into a temp dir,
// the postmaster on a free 127.0.0.1 port with its unix socket in the temp dir, fsync off (the
// data is thrown away). When the test runs as root the server runs as the `postgres` user, since
// PostgreSQL refuses root. The binaries come from $PORTCULLIS_PG_BINDIR or the newest
// /usr/lib/postgresql/<version>/bin.
//
//   auto& pg = SharedPostgres();        // one per test binary
//   PgSchema schema(pg);                // a schema of this test's own, dropped afterwards
//   pqxx::connection c(schema.conninfo());
//   pg.Restart();                       // what `pg_ctl restart -m fast` does

#include <memory>
#include <optional>
#include <string>

#include "portcullis/common/result.h"
#include "portcullis/testsupport/child_process.h"
#include "portcullis/testsupport/temp_dir.h"

namespace portcullis::testsupport {

class PostgresCluster {
 public:
  // initdb + start. kNotFound when PostgreSQL is not installed, kUnavailable (with the log tail)
  // when the server does not accept connections in time.
  static Result<std::unique_ptr<PostgresCluster>> Launch();
  ~PostgresCluster();

  int port() const { return port_; }
  const std::string& socket_dir() const { return dir_.path(); }
  // libpq key/value conninfo for database `dbname` as the superuser `postgres`, over TCP.
  std::string conninfo(const std::string& dbname = "postgres") const;
  bool running();

  Status Start();
  Status Stop();     // fast shutdown: sessions are disconnected, like `pg_ctl stop -m fast`
  Status Kill();     // SIGKILL of the postmaster: a crash, recovery on the next Start
  Status Restart();  // Stop + Start on the same port and data dir

 private:
  PostgresCluster(TempDir dir, int port, std::string bindir);
  Status InitDb();
  TempDir dir_;
  int port_;
  std::string bindir_;
  std::string data_dir_;
  std::string log_path_;
  std::optional<std::string> run_as_;
  std::optional<ChildProcess> postmaster_;
};

// The binary-wide cluster, started on first use; a failure prints the reason and exits 1.
PostgresCluster& SharedPostgres();

}  // namespace portcullis::testsupport
