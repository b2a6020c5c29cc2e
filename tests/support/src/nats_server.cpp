#include "portcullis/testsupport/nats_server.h"

#include <signal.h>

#include <cstdio>
#include <cstdlib>

#include "log_tail.h"
#include "portcullis/testsupport/net.h"

namespace portcullis::testsupport {

NatsServer::NatsServer(TempDir dir, int port)
    : dir_(std::move(dir)),
      port_(port),
      store_dir_(dir_.path() + "/jetstream"),
      log_path_(dir_.path() + "/nats.log") {}

NatsServer::~NatsServer() { (void)Stop(); }

Result<std::unique_ptr<NatsServer>> NatsServer::Launch() {
  SweepStaleTempDirs();
  auto dir = TempDir::Create();
  if (!dir.ok()) return dir.error();
  auto port = FindFreePort();
  if (!port.ok()) return port.error();
  std::unique_ptr<NatsServer> server(new NatsServer(std::move(*dir), *port));
  if (auto s = server->Start(); !s.ok()) return s.error();
  return server;
}

bool NatsServer::running() { return process_ && process_->Running(); }

Status NatsServer::Start() {
  if (running()) return OkStatus();
  ChildProcess::Options o;
  o.argv = {"nats-server",         "-js", "-a",      "127.0.0.1", "-p",
            std::to_string(port_), "-sd", store_dir_};
  o.log_path = log_path_;
  o.death_signal = SIGKILL;
  auto child = ChildProcess::Spawn(o);
  if (!child.ok()) return child.error();
  process_.emplace(std::move(*child));
  // Connect succeeds only once the client listener is up, which nats-server opens after
  // JetStream has recovered its store.
  if (!WaitForPort(port_, std::chrono::seconds(15)) || !process_->Running()) {
    (void)process_->Stop(SIGKILL);
    process_.reset();
    return Error{ErrorCode::kUnavailable, "nats-server did not listen on port " +
                                              std::to_string(port_) + "; log:\n" +
                                              LogTail(log_path_)};
  }
  return OkStatus();
}

Status NatsServer::Stop() { return StopAndRelease(process_, SIGTERM, std::chrono::seconds(10)); }

Status NatsServer::Kill() { return StopAndRelease(process_, SIGKILL, std::chrono::seconds(10)); }

Status NatsServer::Restart() {
  if (auto s = Stop(); !s.ok()) return s;
  return Start();
}

NatsServer& SharedNats() {
  static std::unique_ptr<NatsServer> server = [] {
    auto s = NatsServer::Launch();
    if (!s.ok()) {
      std::fprintf(stderr, "testsupport: cannot start nats-server: %s\n",
                   s.error().ToString().c_str());
      std::exit(1);
    }
    return std::move(*s);
  }();
  return *server;
}

}  // namespace portcullis::testsupport
