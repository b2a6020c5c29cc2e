#pragma once
// Pending-login v1 messages (subjects.h), served by session-store. A pending login is stored by
// `begin` and handed out exactly once by `take`.

#include <msgpack.hpp>

#include <cstdint>
#include <string>

#include "portcullis/proto/common.h"

namespace portcullis::proto::login::v1 {

// auth.login.v1.begin. conflict when `state` is already pending.
struct BeginRequest {
  int v = kV1;
  std::string state;          // the OAuth `state` value (random, single use)
  std::string code_verifier;  // PKCE verifier (S256 challenge sent to the IdP)
  std::string nonce;          // expected `nonce` claim of the id token
  std::string return_to;      // relative, same-origin path
  std::string provider;       // configured provider name
  int64_t ttl_s = 600;        // how long the login may stay pending
  MSGPACK_DEFINE_MAP(v, state, code_verifier, nonce, return_to, provider, ttl_s);
};
struct BeginReply {
  int v = kV1;
  int64_t expires_at = 0;  // Unix seconds
  MSGPACK_DEFINE_MAP(v, expires_at);
};

// auth.login.v1.take. not_found when unknown, expired or already taken.
struct TakeRequest {
  int v = kV1;
  std::string state;
  MSGPACK_DEFINE_MAP(v, state);
};
struct TakeReply {
  int v = kV1;
  std::string code_verifier;
  std::string nonce;
  std::string return_to;
  std::string provider;
  int64_t created_at = 0;
  MSGPACK_DEFINE_MAP(v, code_verifier, nonce, return_to, provider, created_at);
};

}  // namespace portcullis::proto::login::v1
