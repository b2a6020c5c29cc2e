// The test servers themselves: they start, stop, come back on the same port, and never outlive
// the test process.
#include <libpq-fe.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "portcullis/testsupport/nats_server.h"
#include "portcullis/testsupport/net.h"
#include "portcullis/testsupport/pg_isolation.h"
#include "portcullis/testsupport/postgres_cluster.h"

namespace portcullis::testsupport {
namespace {

// A process that exited but was not yet reaped (a zombie) is gone for our purpose.
bool ProcessGone(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return true;
  std::string line;
  std::getline(stat, line);
  auto close_paren = line.rfind(')');
  return close_paren != std::string::npos && line.size() > close_paren + 2 &&
         line[close_paren + 2] == 'Z';
}

bool WaitGone(pid_t pid, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (ProcessGone(pid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

TEST(NatsServerTest, ListensAndComesBackOnTheSamePortAfterAKill) {
  auto server = NatsServer::Launch();
  ASSERT_TRUE(server.ok()) << server.error().ToString();
  NatsServer& nats = **server;
  EXPECT_TRUE(WaitForPort(nats.port(), std::chrono::seconds(1)));
  ASSERT_TRUE(nats.Kill().ok());
  EXPECT_FALSE(nats.running());
  EXPECT_FALSE(WaitForPort(nats.port(), std::chrono::milliseconds(100)));
  ASSERT_TRUE(nats.Start().ok());
  EXPECT_TRUE(WaitForPort(nats.port(), std::chrono::seconds(1)));
  EXPECT_EQ(nats.url(), "nats://127.0.0.1:" + std::to_string(nats.port()));
}

TEST(PostgresClusterTest, AcceptsConnectionsAgainAfterRestart) {
  auto& pg = SharedPostgres();
  ASSERT_EQ(PQping(pg.conninfo().c_str()), PQPING_OK);
  ASSERT_TRUE(pg.Restart().ok());
  EXPECT_EQ(PQping(pg.conninfo().c_str()), PQPING_OK);
}

TEST(PgIsolationTest, EachTestGetsItsOwnSchemaAndItIsDroppedAfterwards) {
  auto& pg = SharedPostgres();
  std::string name;
  {
    PgSchema a(pg);
    PgSchema b(pg);
    name = a.name();
    EXPECT_NE(a.name(), b.name());
    ASSERT_TRUE(ExecSql(pg, "CREATE TABLE " + a.name() + ".x (id int)").ok());
    // The schema's conninfo puts unqualified names into that schema.
    std::unique_ptr<PGconn, decltype(&PQfinish)> c(PQconnectdb(a.conninfo().c_str()), &PQfinish);
    ASSERT_EQ(PQstatus(c.get()), CONNECTION_OK) << PQerrorMessage(c.get());
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c.get(), "SELECT count(*) FROM x"),
                                                    &PQclear);
    EXPECT_EQ(PQresultStatus(r.get()), PGRES_TUPLES_OK) << PQresultErrorMessage(r.get());
  }
  EXPECT_FALSE(ExecSql(pg, "CREATE TABLE " + name + ".y (id int)").ok());
}

TEST(PgIsolationTest, DatabaseIsDroppedEvenWithOpenConnections) {
  auto& pg = SharedPostgres();
  std::string name;
  std::unique_ptr<PGconn, decltype(&PQfinish)> held(nullptr, &PQfinish);
  {
    PgDatabase db(pg);
    name = db.name();
    held.reset(PQconnectdb(db.conninfo().c_str()));
    ASSERT_EQ(PQstatus(held.get()), CONNECTION_OK);
  }
  EXPECT_FALSE(ExecSql(pg, "SELECT 1", name).ok());
}

struct Orphans {
  pid_t sleeper_pid;
  int nats_port;
};

TEST(ChildProcessTest, ServersDieWhenTheTestProcessAborts) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t test_process = ::fork();
  ASSERT_GE(test_process, 0);
  if (test_process == 0) {
    // Stands in for a test binary that crashes while its server runs.
    ::close(fds[0]);
    auto server = NatsServer::Launch();
    if (!server.ok()) _exit(3);
    ChildProcess::Options sleeper;
    sleeper.argv = {"sleep", "300"};
    auto child = ChildProcess::Spawn(sleeper);
    if (!child.ok()) _exit(4);
    // The nats-server pid is not exposed; its port going dark is checked instead.
    Orphans orphans{child->pid(), (*server)->port()};
    if (::write(fds[1], &orphans, sizeof orphans) != sizeof orphans) _exit(5);
    ::signal(SIGABRT, SIG_DFL);
    std::abort();
  }
  ::close(fds[1]);
  Orphans orphans{};
  ASSERT_EQ(::read(fds[0], &orphans, sizeof orphans), static_cast<ssize_t>(sizeof orphans));
  ::close(fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(test_process, &status, 0), test_process);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_TRUE(WaitGone(orphans.sleeper_pid, std::chrono::seconds(10)));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (WaitForPort(orphans.nats_port, std::chrono::milliseconds(50)) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_FALSE(WaitForPort(orphans.nats_port, std::chrono::milliseconds(50)));
}

}  // namespace
}  // namespace portcullis::testsupport
