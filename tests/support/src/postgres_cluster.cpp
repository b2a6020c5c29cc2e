#include "portcullis/testsupport/postgres_cluster.h"

#include <libpq-fe.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include "log_tail.h"
#include "portcullis/testsupport/net.h"

namespace portcullis::testsupport {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> FindPgBinDir() {
  if (const char* env = std::getenv("PORTCULLIS_PG_BINDIR"); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  std::vector<std::pair<int, std::string>> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    int version = std::atoi(e.path().filename().c_str());
    if (version > 0 && fs::exists(e.path() / "bin" / "postgres")) {
      found.emplace_back(version, (e.path() / "bin").string());
    }
  }
  if (found.empty()) return std::nullopt;
  return std::max_element(found.begin(), found.end())->second;
}

}  // namespace

PostgresCluster::PostgresCluster(TempDir dir, int port, std::string bindir)
    : dir_(std::move(dir)),
      port_(port),
      bindir_(std::move(bindir)),
      data_dir_(dir_.path() + "/data"),
      log_path_(dir_.path() + "/postgres.log") {
  if (::geteuid() == 0) run_as_ = "postgres";
}

PostgresCluster::~PostgresCluster() { (void)Stop(); }

Result<std::unique_ptr<PostgresCluster>> PostgresCluster::Launch() {
  SweepStaleTempDirs();
  auto bindir = FindPgBinDir();
  if (!bindir) {
    return Error{ErrorCode::kNotFound,
                 "PostgreSQL server binaries not found (apt-get install postgresql-15, or set "
                 "PORTCULLIS_PG_BINDIR)"};
  }
  auto dir = TempDir::Create();
  if (!dir.ok()) return dir.error();
  auto port = FindFreePort();
  if (!port.ok()) return port.error();
  std::unique_ptr<PostgresCluster> pg(new PostgresCluster(std::move(*dir), *port, *bindir));
  if (pg->run_as_) {
    if (auto s = pg->dir_.ChownTo(*pg->run_as_); !s.ok()) return s.error();
  }
  if (auto s = pg->InitDb(); !s.ok()) return s.error();
  if (auto s = pg->Start(); !s.ok()) return s.error();
  return pg;
}

Status PostgresCluster::InitDb() {
  ChildProcess::Options o;
  o.argv = {bindir_ + "/initdb", "-D", data_dir_, "-U",          "postgres",
            "--auth=trust",      "-E", "UTF8",    "--no-locale", "--no-sync"};
  o.log_path = log_path_;
  o.run_as_user = run_as_;
  auto status = RunToCompletion(o, std::chrono::seconds(120));
  if (!status.ok()) return status.error();
  if (*status != 0) {
    return Error{ErrorCode::kUnavailable,
                 "initdb exited " + std::to_string(*status) + "; log:\n" + LogTail(log_path_)};
  }
  return OkStatus();
}

std::string PostgresCluster::conninfo(const std::string& dbname) const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " user=postgres dbname=" + dbname +
         " connect_timeout=5";
}

bool PostgresCluster::running() { return postmaster_ && postmaster_->Running(); }

Status PostgresCluster::Start() {
  if (running()) return OkStatus();
  ChildProcess::Options o;
  o.argv = {bindir_ + "/postgres",
            "-D",
            data_dir_,
            "-p",
            std::to_string(port_),
            "-k",
            dir_.path(),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "max_connections=300",
            "-c",
            "shared_buffers=64MB"};
  o.log_path = log_path_;
  o.run_as_user = run_as_;
  // SIGQUIT is PostgreSQL's immediate shutdown: the postmaster takes its backends down with it.
  o.death_signal = SIGQUIT;
  auto child = ChildProcess::Spawn(o);
  if (!child.ok()) return child.error();
  postmaster_.emplace(std::move(*child));
  const std::string info = conninfo();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    if (PQping(info.c_str()) == PQPING_OK) return OkStatus();
    if (!postmaster_->Running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  (void)postmaster_->Stop(SIGQUIT);
  postmaster_.reset();
  return Error{ErrorCode::kUnavailable, "postgres did not accept connections on port " +
                                            std::to_string(port_) + "; log:\n" +
                                            LogTail(log_path_)};
}

Status PostgresCluster::Stop() {
  return StopAndRelease(postmaster_, SIGINT, std::chrono::seconds(20));
}

Status PostgresCluster::Kill() {
  // SIGQUIT rather than SIGKILL so the backends go too; to PostgreSQL it is a crash either way
  // (no shutdown checkpoint; crash recovery on the next start).
  return StopAndRelease(postmaster_, SIGQUIT, std::chrono::seconds(10));
}

Status PostgresCluster::Restart() {
  if (auto s = Stop(); !s.ok()) return s;
  return Start();
}

PostgresCluster& SharedPostgres() {
  static std::unique_ptr<PostgresCluster> cluster = [] {
    auto c = PostgresCluster::Launch();
    if (!c.ok()) {
      std::fprintf(stderr, "testsupport: cannot start PostgreSQL: %s\n",
                   c.error().ToString().c_str());
      std::exit(1);
    }
    return std::move(*c);
  }();
  return *cluster;
}

}  // namespace portcullis::testsupport
