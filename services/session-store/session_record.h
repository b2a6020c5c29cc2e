#pragma once
// What the store keeps per session and per pending login, as the repository (session_repository.h)
// stores it: keyed by the SHA-256 (hex) of the secret, tokens only as envelopes (token_sealing.h).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "portcullis/crypto/bytes.h"
#include "portcullis/proto/common.h"

namespace portcullis::session_store {

// The three token envelopes of a session, all sealed under `key_id`.
struct SealedTokens {
  std::string key_id;
  crypto::Bytes access_token;
  crypto::Bytes refresh_token;  // seals "" when the provider issued none
  crypto::Bytes id_token;
};

struct SessionRecord {
  std::string id_hash;      // hex SHA-256 of the session id; the id itself is never stored
  std::string session_ref;  // random, non-secret handle for lists, logs and broadcasts
  proto::UserRef user;
  std::vector<std::string> groups;
  std::vector<std::string> roles;
  std::map<std::string, std::string> claims;
  std::map<std::string, std::string> metadata;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t idle_expires_at = 0;
  int64_t absolute_expires_at = 0;
  int64_t access_expires_at = 0;
  std::string scope;
  SealedTokens tokens;
};

struct PendingLoginRecord {
  std::string state_hash;  // hex SHA-256 of the OAuth state
  std::string key_id;
  crypto::Bytes code_verifier;  // envelope
  std::string nonce;
  std::string return_to;
  std::string provider;
  int64_t created_at = 0;
  int64_t expires_at = 0;
};

// The two tables whose rows hold envelopes; their names are part of the associated data.
inline constexpr const char* kSessionsTable = "sessions";
inline constexpr const char* kPendingLoginsTable = "pending_logins";

}  // namespace portcullis::session_store
