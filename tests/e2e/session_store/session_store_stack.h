#pragma once
// The session store as an end-to-end test sees it: real nats-server and PostgreSQL (shared per
// test binary), the dev-idp binary with test controls (shared), and N session-store binaries of
// this test's own (own database, own subject prefix), driven over NATS like a gateway would.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dev_idp_server.h"
#include "portcullis/bus/client.h"
#include "portcullis/bus/connection.h"
#include "portcullis/common/clock.h"
#include "portcullis/proto/login/v1/messages.h"
#include "portcullis/proto/session/v1/messages.h"
#include "portcullis/testsupport/child_process.h"
#include "portcullis/testsupport/pg_isolation.h"
#include "portcullis/testsupport/temp_dir.h"

namespace portcullis::e2e {

// Development-only key material for tests.
inline const std::string kKeyK1 = "k1:" + std::string(42, 'D') + "A";
inline const std::string kKeyK2 = "k2:" + std::string(42, 'E') + "A";

// Wall-clock now in Unix seconds, as session expiries are stated.
inline int64_t NowS() { return ToUnixSeconds(std::chrono::system_clock::now()); }

class SessionStoreStack {
 public:
  // The binary-wide dev-idp (test controls on); nullptr after a test failure if it cannot start.
  static DevIdpServer* Idp();

  // Creates the database; starts nothing yet. `env` adds/overrides PORTCULLIS_SESSION_STORE_*.
  explicit SessionStoreStack(std::map<std::string, std::string> env = {});
  ~SessionStoreStack();  // stops every instance (SIGTERM; a non-zero exit fails the test)

  // Starts instance `i` (0-based) and waits until it answers $SRV.PING.
  void StartInstance(size_t i, const std::map<std::string, std::string>& extra_env = {});
  void StartInstances(size_t n);
  void KillInstance(size_t i);  // SIGKILL, no checks
  void StopInstance(size_t i);  // SIGTERM, expects exit 0
  size_t RunningInstances() const;

  const std::string& prefix() const { return prefix_; }
  std::string conninfo() const { return db_.conninfo(); }
  bus::Connection& conn() { return *conn_; }
  bus::Client& client() { return *client_; }
  std::string NatsUrl() const;
  std::string InstanceLog(size_t i) const;

  // Typed requests (deadline 10 s unless given).
  Result<proto::session::v1::CreateReply> Create(const proto::session::v1::CreateRequest& r);
  Result<proto::session::v1::SessionView> Get(
      const std::string& id, std::chrono::milliseconds deadline = std::chrono::seconds(10));
  Result<proto::session::v1::AccessTokenReply> AccessToken(const std::string& id,
                                                           int64_t min_remaining_s = 300,
                                                           int64_t timeout_ms = 0);

  // Logs `user` in at dev-idp (code flow with PKCE) and returns the token response.
  nlohmann::json Login(const std::string& user);
  // A CreateRequest carrying `tokens` whose access token is said to expire at `access_expires_at`.
  static proto::session::v1::CreateRequest SessionFor(const nlohmann::json& tokens,
                                                      const std::string& user_id,
                                                      int64_t access_expires_at);
  // dev-idp's successful refresh_token grants so far.
  static int64_t RefreshGrants();

 private:
  std::map<std::string, std::string> BaseEnv(size_t i) const;

  testsupport::PgDatabase db_;
  testsupport::TempDir dir_;
  std::string prefix_;
  std::map<std::string, std::string> env_;
  std::vector<std::optional<testsupport::ChildProcess>> instances_;
  std::unique_ptr<bus::Connection> conn_;
  std::unique_ptr<bus::Client> client_;
};

// The newest PostgreSQL's pg_dump, or "" when none is installed.
std::string PgDumpPath();

}  // namespace portcullis::e2e
