#pragma once
// LoginService: pending logins behind `login.v1.begin` / `login.v1.take`. A pending login maps
// the OAuth state to the PKCE verifier (sealed), nonce, return path and provider for a short
// time; `take` hands it out exactly once, however many callers race for the same state.
//
//   LoginService logins(clock, repo, ring, {.max_ttl = std::chrono::minutes(10)});
//   logins.Begin({.state = s, .code_verifier = v, .nonce = n, .return_to = "/x"});
//   Result<TakeReply> t = logins.Take({.state = s});   // then kNotFound for everyone else
//
// Rows are keyed by SHA-256 of the state, so a database dump yields no usable state.
// Errors: kBadRequest (validation), kConflict (state already pending), kNotFound (unknown,
// expired or taken), kUnavailable (storage). Thread-safe.

#include <chrono>

#include "portcullis/common/clock.h"
#include "portcullis/common/result.h"
#include "portcullis/crypto/key_ring.h"
#include "portcullis/proto/login/v1/messages.h"
#include "session_repository.h"

namespace portcullis::session_store {

struct LoginServiceOptions {
  std::chrono::seconds max_ttl = std::chrono::minutes(10);  // also the default TTL
};

class LoginService {
 public:
  LoginService(const Clock& clock, SessionRepository& repo, const crypto::KeyRing& ring,
               LoginServiceOptions options);

  Result<proto::login::v1::BeginReply> Begin(const proto::login::v1::BeginRequest& r);
  Result<proto::login::v1::TakeReply> Take(const proto::login::v1::TakeRequest& r);

 private:
  const Clock& clock_;
  SessionRepository& repo_;
  const crypto::KeyRing& ring_;
  const LoginServiceOptions options_;
};

}  // namespace portcullis::session_store
