#pragma once
// session-store v1 messages (subjects.h). Every struct is a msgpack map whose keys are the member
// names; `v` is the schema version. Fields are only ever added (proto/README.md "Evolution").

#include <msgpack.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "portcullis/proto/common.h"

namespace portcullis::proto::session::v1 {

// The user's tokens from the identity provider. Stored encrypted; never returned by `get`.
struct TokenSet {
  std::string access_token;
  std::string refresh_token;  // "" when the provider issued none
  std::string id_token;
  std::string scope;              // space-separated
  int64_t access_expires_at = 0;  // Unix seconds
  MSGPACK_DEFINE_MAP(access_token, refresh_token, id_token, scope, access_expires_at);
};

// auth.session.v1.create
struct CreateRequest {
  int v = kV1;
  UserRef user;
  std::map<std::string, std::string> claims;  // snapshot of the verified id token claims
  std::vector<std::string> groups;
  std::vector<std::string> roles;  // as resolved by rbac at login
  TokenSet tokens;
  std::map<std::string, std::string> metadata;  // ip, user_agent, ...
  MSGPACK_DEFINE_MAP(v, user, claims, groups, roles, tokens, metadata);
};
struct CreateReply {
  int v = kV1;
  std::string session_id;           // the cookie value; only ever sent to the gateway
  int64_t idle_expires_at = 0;      // Unix seconds
  int64_t absolute_expires_at = 0;  // Unix seconds
  MSGPACK_DEFINE_MAP(v, session_id, idle_expires_at, absolute_expires_at);
};

// auth.session.v1.get: a session without its tokens. not_found when unknown, expired or revoked.
struct GetRequest {
  int v = kV1;
  std::string session_id;
  MSGPACK_DEFINE_MAP(v, session_id);
};
struct SessionView {
  int v = kV1;
  std::string session_ref;  // a non-secret handle (hash prefix) for listing and logs
  UserRef user;
  std::vector<std::string> groups;
  std::vector<std::string> roles;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t idle_expires_at = 0;
  int64_t absolute_expires_at = 0;
  int64_t access_expires_at = 0;
  std::map<std::string, std::string> metadata;
  MSGPACK_DEFINE_MAP(v, session_ref, user, groups, roles, created_at, last_seen_at, idle_expires_at,
                     absolute_expires_at, access_expires_at, metadata);
};

// auth.session.v1.access_token: refreshed first when less than min_remaining_s is left (one
// refresh at a time per session across all instances). unauthorized when refresh is impossible
// (the provider rejected the refresh token: the session is revoked); unavailable when the
// provider stayed throttled or down for the whole of timeout_ms (the session is kept).
struct AccessTokenRequest {
  int v = kV1;
  std::string session_id;
  int64_t min_remaining_s = 300;
  // How long the caller waits for an answer; the service answers before then. 0: the service's
  // default (refresh_timeout). Should be a little below the caller's NATS request deadline.
  int64_t timeout_ms = 0;
  MSGPACK_DEFINE_MAP(v, session_id, min_remaining_s, timeout_ms);
};
struct AccessTokenReply {
  int v = kV1;
  std::string access_token;
  int64_t expires_at = 0;
  bool refreshed = false;  // true when this call refreshed the token
  MSGPACK_DEFINE_MAP(v, access_token, expires_at, refreshed);
};

// auth.session.v1.touch: slides the idle expiry (activity without a token request). not_found
// when unknown, expired or revoked.
struct TouchRequest {
  int v = kV1;
  std::string session_id;
  MSGPACK_DEFINE_MAP(v, session_id);
};
struct TouchReply {
  int v = kV1;
  int64_t idle_expires_at = 0;      // Unix seconds, after this touch
  int64_t absolute_expires_at = 0;  // Unix seconds (never moves)
  MSGPACK_DEFINE_MAP(v, idle_expires_at, absolute_expires_at);
};

// auth.session.v1.destroy (logout; or an operator ending one session by its session_ref).
struct DestroyRequest {
  int v = kV1;
  std::string session_id;
  std::string reason;       // "logout", "admin", ...
  std::string session_ref;  // used when session_id is "": operators know only the ref
  MSGPACK_DEFINE_MAP(v, session_id, reason, session_ref);
};
struct DestroyReply {
  int v = kV1;
  bool destroyed = false;  // false when there was nothing to destroy
  MSGPACK_DEFINE_MAP(v, destroyed);
};

// auth.session.v1.destroy_user (revoke everywhere)
struct DestroyUserRequest {
  int v = kV1;
  std::string user_id;
  std::string tenant;  // "": the user's sessions in every tenant
  std::string reason;
  MSGPACK_DEFINE_MAP(v, user_id, tenant, reason);
};
struct DestroyUserReply {
  int v = kV1;
  int64_t destroyed = 0;  // number of sessions ended
  MSGPACK_DEFINE_MAP(v, destroyed);
};

// auth.session.v1.list_user
struct ListUserRequest {
  int v = kV1;
  std::string user_id;
  std::string tenant;  // "": every tenant
  MSGPACK_DEFINE_MAP(v, user_id, tenant);
};
struct ListUserReply {
  int v = kV1;
  std::vector<SessionView> sessions;
  MSGPACK_DEFINE_MAP(v, sessions);
};

// auth.session.v1.revoked (broadcast): drop these sessions from any cache.
struct Revoked {
  int v = kV1;
  std::vector<std::string> session_refs;  // SessionView::session_ref values
  std::string user_id;                    // set for destroy_user; then drop all of the user's
  std::string reason;
  MSGPACK_DEFINE_MAP(v, session_refs, user_id, reason);
};

}  // namespace portcullis::proto::session::v1
