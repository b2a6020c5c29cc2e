#pragma once
// NatsServer: a real `nats-server -js` on a free 127.0.0.1 port with its JetStream store in a
// temp dir, for integration tests. Stop/Kill/Start keep the port and the store, so a test can
// take the server away and bring it back.
//
//   auto& nats = SharedNats();                 // one per test binary, started on first use
//   Connect(nats.url());
//   auto own = NatsServer::Launch();           // a private one, for tests that kill it
//   (*own)->Kill();  (*own)->Start();

#include <memory>
#include <optional>
#include <string>

#include "portcullis/common/result.h"
#include "portcullis/testsupport/child_process.h"
#include "portcullis/testsupport/temp_dir.h"

namespace portcullis::testsupport {

class NatsServer {
 public:
  // Starts a server; kUnavailable (with the server's log tail) if it does not listen in time,
  // kNotFound if nats-server is not installed.
  static Result<std::unique_ptr<NatsServer>> Launch();
  ~NatsServer();

  std::string url() const { return "nats://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  const std::string& store_dir() const { return store_dir_; }
  bool running();

  Status Start();    // again, on the same port and store dir
  Status Stop();     // SIGTERM (lame-duck-free shutdown), wait
  Status Kill();     // SIGKILL, wait
  Status Restart();  // Stop + Start

 private:
  NatsServer(TempDir dir, int port);
  TempDir dir_;
  int port_;
  std::string store_dir_;
  std::string log_path_;
  std::optional<ChildProcess> process_;
};

// The binary-wide server, started on first use from the calling (main) thread; a failure to
// start prints the reason and exits the test binary with status 1.
NatsServer& SharedNats();

}  // namespace portcullis::testsupport
