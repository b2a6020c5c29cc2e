#pragma once
// SessionClient: what the gateway needs from session-store (proto session.v1 / login.v1), in
// the gateway's own plain types so the logic never sees msgpack or NATS. The production
// implementation is adapters/nats_session_client (libs/bus Client); tests use
// testing/fake_session_client.h.
//
//   Result<SessionInfo> s = sessions.Get(session_id);       // kNotFound: unknown/expired/revoked
//   Result<AccessToken> t = sessions.AccessToken(session_id, std::chrono::seconds(60));
//
// Every call blocks the calling thread for at most the implementation's deadline, so callers
// run them on worker threads, never on an HTTP reactor thread. Errors are the session-store's
// codes (kNotFound, kConflict, kUnauthorized, ...) or kUnavailable when it does not answer.
// Implementations are thread-safe.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "portcullis/common/result.h"

namespace portcullis::gateway {

struct UserInfo {
  std::string id;      // Entra oid, else sub
  std::string tenant;  // tid or ""
  std::string issuer;
  std::string name;
  std::string email;
};

struct SessionInfo {
  std::string session_ref;  // non-secret handle (logs, revocation broadcasts)
  UserInfo user;
  std::vector<std::string> groups;
  std::vector<std::string> roles;
  int64_t created_at = 0;
  int64_t idle_expires_at = 0;
  int64_t absolute_expires_at = 0;
  int64_t access_expires_at = 0;
};

struct AccessToken {
  std::string token;
  int64_t expires_at = 0;  // Unix seconds
};

struct PendingLogin {
  std::string state;
  std::string code_verifier;
  std::string nonce;
  std::string return_to;
  std::string provider;
  int64_t ttl_s = 600;
};

struct TokenSet {
  std::string access_token;
  std::string refresh_token;
  std::string id_token;
  std::string scope;
  int64_t access_expires_at = 0;
};

struct NewSession {
  UserInfo user;
  std::map<std::string, std::string> claims;
  std::vector<std::string> groups;
  std::vector<std::string> roles;
  TokenSet tokens;
  std::map<std::string, std::string> metadata;
};

struct CreatedSession {
  std::string session_id;  // the cookie value: secret
  int64_t idle_expires_at = 0;
  int64_t absolute_expires_at = 0;
};

class SessionClient {
 public:
  virtual ~SessionClient() = default;
  // login.v1.begin. kConflict when the state is already pending.
  virtual Status BeginLogin(const PendingLogin& login) = 0;
  // login.v1.take: the pending login, once. kNotFound when unknown, expired or already taken.
  virtual Result<PendingLogin> TakeLogin(const std::string& state) = 0;
  virtual Result<CreatedSession> Create(const NewSession& session) = 0;
  virtual Result<SessionInfo> Get(const std::string& session_id) = 0;
  // An access token with at least `min_remaining` left (session-store refreshes first).
  // kUnauthorized when it cannot be refreshed; kNotFound when the session is gone.
  virtual Result<AccessToken> GetAccessToken(const std::string& session_id,
                                             std::chrono::seconds min_remaining) = 0;
  // True when a session was destroyed.
  virtual Result<bool> Destroy(const std::string& session_id, const std::string& reason) = 0;
  // OK when session-store answers at all (readiness).
  virtual Status Ping() = 0;
};

}  // namespace portcullis::gateway
