#pragma once
// SessionService: the session store's logic behind the `session.v1.*` subjects. It takes its
// time from a Clock, its storage from a SessionRepository, refreshes through a Refresher and
// reports revocations and audit events through SessionEvents; it includes no NATS, SQL or HTTP.
//
//   SessionService svc(clock, repo, ring, refresher, events, sleeper, options);
//   Result<CreateReply> c = svc.Create(request);
//   Result<AccessTokenReply> t = svc.AccessToken({.session_id = c->session_id});
//
// Every read enforces the idle and absolute expiry (an expired session is `not_found` at once,
// before the sweeper removes it) and slides the idle expiry. Errors are the wire's closed list:
// kBadRequest (malformed input), kNotFound (unknown, expired, revoked), kUnauthorized (refresh
// impossible), kUnavailable (storage or provider down, deadline), kUpstreamError (the provider
// refused in another way), kInternal (a stored envelope that does not open).
// Thread-safe: handlers call it from many threads; it keeps only the in-process single-flight.

#include <chrono>
#include <cstdint>
#include <string>

#include "portcullis/common/clock.h"
#include "portcullis/common/result.h"
#include "portcullis/crypto/key_ring.h"
#include "portcullis/proto/session/v1/messages.h"
#include "refresher.h"
#include "session_events.h"
#include "session_repository.h"
#include "session_rules.h"
#include "single_flight.h"
#include "sleeper.h"

namespace portcullis::session_store {

struct SessionServiceOptions {
  SessionPolicy policy;
  RetryPolicy retry;
  // How long an access_token call may take when the request says 0, and the most it may ask.
  std::chrono::milliseconds default_timeout{8000};
  std::chrono::milliseconds max_timeout{60000};
  // Assumed access token lifetime when neither the caller nor the provider says.
  std::chrono::seconds default_access_lifetime{3600};
};

class SessionService {
 public:
  // Every reference must outlive the service.
  SessionService(const Clock& clock, SessionRepository& repo, const crypto::KeyRing& ring,
                 Refresher& refresher, SessionEvents& events, Sleeper& sleeper,
                 SessionServiceOptions options);

  Result<proto::session::v1::CreateReply> Create(const proto::session::v1::CreateRequest& r);
  Result<proto::session::v1::SessionView> Get(const proto::session::v1::GetRequest& r);
  Result<proto::session::v1::TouchReply> Touch(const proto::session::v1::TouchRequest& r);
  // The stored access token when it has at least min_remaining_s left; otherwise one refresh per
  // session at a time (in-process single flight + the repository's row lock across instances).
  Result<proto::session::v1::AccessTokenReply> AccessToken(
      const proto::session::v1::AccessTokenRequest& r);
  Result<proto::session::v1::DestroyReply> Destroy(const proto::session::v1::DestroyRequest& r);
  Result<proto::session::v1::DestroyUserReply> DestroyUser(
      const proto::session::v1::DestroyUserRequest& r);
  Result<proto::session::v1::ListUserReply> ListUser(const proto::session::v1::ListUserRequest& r);

  // Callers that shared another caller's refresh in this process (tests, metrics).
  int64_t shared_refreshes() const { return flights_.joined(); }

 private:
  // The live record for `session_id` with its idle expiry slid (kNotFound otherwise).
  Result<SessionRecord> LoadLive(const std::string& session_id, bool force_touch);
  Result<proto::session::v1::AccessTokenReply> RefreshLocked(const std::string& id_hash,
                                                             const crypto::Bytes& seen_access,
                                                             int64_t min_remaining_s,
                                                             TimePoint deadline);
  std::chrono::milliseconds Remaining(TimePoint deadline) const;
  int64_t NowSeconds() const { return ToUnixSeconds(clock_.Now()); }
  // Broadcasts the revocation and audits it; `by_operator`: an admin acted, not the user.
  void Revoke(const SessionRecord& record, const std::string& reason, const std::string& action,
              bool by_operator = false);

  const Clock& clock_;
  SessionRepository& repo_;
  const crypto::KeyRing& ring_;
  Refresher& refresher_;
  SessionEvents& events_;
  Sleeper& sleeper_;
  const SessionServiceOptions options_;
  SingleFlight<proto::session::v1::AccessTokenReply> flights_;
};

// The session as `get` shows it (no tokens).
proto::session::v1::SessionView ViewOf(const SessionRecord& record);

}  // namespace portcullis::session_store
