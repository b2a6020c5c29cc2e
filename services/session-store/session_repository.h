#pragma once
// SessionRepository: what the session store's logic needs from storage. PgSessionRepository
// (adapters/) is the production implementation, testing::InMemorySessionRepository the fake.
//
//   repo.InsertSession(record);                         // kConflict when the id hash exists
//   Result<std::optional<SessionRecord>> r = repo.FindSession(id_hash);
//   repo.WithSessionLocked(id_hash, wait, [&](LockedSession& s) -> Status {
//     ... call the provider while every other instance waits for this row ...
//     return s.ReplaceTokens(sealed, scope, access_expires_at);   // commits when fn returns OK
//   });
//
// Errors everywhere: kUnavailable when storage is unreachable or a lock was not granted in time,
// kConflict for a duplicate key, kInternal otherwise. Implementations are thread-safe.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "portcullis/common/result.h"
#include "session_record.h"

namespace portcullis::session_store {

// A session row held under an exclusive lock that lasts until the WithSessionLocked callback
// returns (so it cannot lapse while a provider call is in flight).
class LockedSession {
 public:
  virtual ~LockedSession() = default;
  // The row as it is now, read after the lock was granted; nullopt when it no longer exists.
  virtual const std::optional<SessionRecord>& record() const = 0;
  virtual Status ReplaceTokens(const SealedTokens& tokens, const std::string& scope,
                               int64_t access_expires_at) = 0;
  virtual Status Delete() = 0;
};

// A row whose envelopes a key rotation re-seals: its key and its envelopes by column name.
struct SealedRow {
  std::string row_key;
  std::string key_id;
  std::vector<std::pair<std::string, crypto::Bytes>> columns;
};

// Turns a row's envelopes into envelopes under the active key (same columns, same order).
using Resealer = std::function<Result<SealedRow>(const SealedRow& row)>;

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;

  virtual Status InsertSession(const SessionRecord& record) = 0;
  virtual Result<std::optional<SessionRecord>> FindSession(const std::string& id_hash) = 0;
  // Writes the sliding times; OK (and nothing happens) when the row is gone.
  virtual Status TouchSession(const std::string& id_hash, int64_t last_seen_at,
                              int64_t idle_expires_at) = 0;
  // Removes the row; returns it as it was, or nullopt when there was none.
  virtual Result<std::optional<SessionRecord>> DeleteSession(const std::string& id_hash) = 0;
  virtual Result<std::optional<SessionRecord>> DeleteSessionByRef(const std::string& ref) = 0;
  // Removes every session of `user_id` (in `tenant`, or every tenant when it is ""); returns
  // their session refs.
  virtual Result<std::vector<std::string>> DeleteUserSessions(const std::string& user_id,
                                                              const std::string& tenant) = 0;
  // Every session of the user (expired ones included; the caller filters), oldest first.
  virtual Result<std::vector<SessionRecord>> ListUserSessions(const std::string& user_id,
                                                              const std::string& tenant) = 0;

  // Locks the row against every other WithSessionLocked (on any instance) and against key
  // rotation, waiting at most `wait` (then kUnavailable), and runs `fn`. Changes made through the
  // LockedSession are committed when fn returns OK and discarded when it returns an error, which
  // is then returned.
  virtual Status WithSessionLocked(const std::string& id_hash, std::chrono::milliseconds wait,
                                   const std::function<Status(LockedSession&)>& fn) = 0;

  // Deletes at most `limit` sessions whose idle or absolute expiry is <= now; returns how many.
  virtual Result<int64_t> DeleteExpiredSessions(int64_t now, int64_t limit) = 0;

  // Pending logins. InsertPendingLogin: kConflict when the state is already pending.
  virtual Status InsertPendingLogin(const PendingLoginRecord& record) = 0;
  // Removes and returns the pending login atomically: of any number of concurrent callers for
  // one state, exactly one receives it. nullopt when there is none (never begun, or taken).
  virtual Result<std::optional<PendingLoginRecord>> TakePendingLogin(
      const std::string& state_hash) = 0;
  virtual Result<int64_t> DeleteExpiredPendingLogins(int64_t now, int64_t limit) = 0;

  // Key rotation over `table` (kSessionsTable or kPendingLoginsTable): takes at most `limit`
  // rows whose key id is not `active_key_id` and that no one holds locked, re-seals them with
  // `reseal` and stores the result, in one transaction. Returns how many rows were re-sealed
  // (0: none left that were not locked). A reseal error aborts the batch and is returned.
  virtual Result<int64_t> ResealBatch(const std::string& table, const std::string& active_key_id,
                                      int64_t limit, const Resealer& reseal) = 0;
  // How many rows of `table` are not under `active_key_id`.
  virtual Result<int64_t> CountNotUnderKey(const std::string& table,
                                           const std::string& active_key_id) = 0;
};

}  // namespace portcullis::session_store
