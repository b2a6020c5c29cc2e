#pragma once
// PgSessionRepository: SessionRepository on PostgreSQL (libs/store pool, libpqxx), tables in
// schema `session_store` (migrations/session-store/). Every statement names the schema, so the
// conninfo needs no search_path.
//
//   store::ConnectionPool pool({.conninfo = cfg.database_url, .size = 8});
//   PgSessionRepository repo(pool);
//
// WithSessionLocked holds `SELECT ... FOR UPDATE` in an open transaction for as long as the
// callback runs (the provider call included): the lock ends only with the transaction, so it
// cannot expire mid-call, and a crashed holder's lock ends with its connection. The wait for
// the lock is bounded with `SET LOCAL lock_timeout`. Take uses `DELETE ... RETURNING`, which
// hands a row to exactly one of any number of concurrent transactions. Rotation batches use
// `FOR UPDATE SKIP LOCKED` so they never wait behind (or block) a refresh.
// Thread-safe as the pool is.

#include "portcullis/store/pool.h"
#include "session_repository.h"

namespace portcullis::session_store {

class PgSessionRepository final : public SessionRepository {
 public:
  explicit PgSessionRepository(store::ConnectionPool& pool) : pool_(pool) {}

  Status InsertSession(const SessionRecord& record) override;
  Result<std::optional<SessionRecord>> FindSession(const std::string& id_hash) override;
  Status TouchSession(const std::string& id_hash, int64_t last_seen_at,
                      int64_t idle_expires_at) override;
  Result<std::optional<SessionRecord>> DeleteSession(const std::string& id_hash) override;
  Result<std::optional<SessionRecord>> DeleteSessionByRef(const std::string& ref) override;
  Result<std::vector<std::string>> DeleteUserSessions(const std::string& user_id,
                                                      const std::string& tenant) override;
  Result<std::vector<SessionRecord>> ListUserSessions(const std::string& user_id,
                                                      const std::string& tenant) override;
  Status WithSessionLocked(const std::string& id_hash, std::chrono::milliseconds wait,
                           const std::function<Status(LockedSession&)>& fn) override;
  Result<int64_t> DeleteExpiredSessions(int64_t now, int64_t limit) override;
  Status InsertPendingLogin(const PendingLoginRecord& record) override;
  Result<std::optional<PendingLoginRecord>> TakePendingLogin(
      const std::string& state_hash) override;
  Result<int64_t> DeleteExpiredPendingLogins(int64_t now, int64_t limit) override;
  Result<int64_t> ResealBatch(const std::string& table, const std::string& active_key_id,
                              int64_t limit, const Resealer& reseal) override;
  Result<int64_t> CountNotUnderKey(const std::string& table,
                                   const std::string& active_key_id) override;

 private:
  store::ConnectionPool& pool_;
};

}  // namespace portcullis::session_store
