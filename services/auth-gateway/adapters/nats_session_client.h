#pragma once
// NatsSessionClient: SessionClient over NATS (libs/bus Client, proto session.v1 / login.v1).
// Each call blocks for at most `timeout`; kUnavailable when session-store does not answer.
// Thread-safe. `connection` must outlive it.

#include <chrono>
#include <string>

#include "portcullis/bus/client.h"
#include "portcullis/bus/connection.h"
#include "session_client.h"

namespace portcullis::gateway {

class NatsSessionClient final : public SessionClient {
 public:
  NatsSessionClient(bus::Connection& connection, std::string prefix,
                    std::chrono::milliseconds timeout);

  Status BeginLogin(const PendingLogin& login) override;
  Result<PendingLogin> TakeLogin(const std::string& state) override;
  Result<CreatedSession> Create(const NewSession& session) override;
  Result<SessionInfo> Get(const std::string& session_id) override;
  Result<AccessToken> GetAccessToken(const std::string& session_id,
                                     std::chrono::seconds min_remaining) override;
  Result<bool> Destroy(const std::string& session_id, const std::string& reason) override;
  Status Ping() override;

 private:
  bus::Connection& connection_;
  bus::Client client_;
  std::string prefix_;
  std::chrono::milliseconds timeout_;
};

}  // namespace portcullis::gateway
