#pragma once
// InMemorySessionRepository: SessionRepository in a map, with the same locking contract as the
// PostgreSQL adapter (WithSessionLocked excludes other lockers of the row and rotation), for
// unit tests. Thread-safe. `fail_next` makes the next call fail, to test error paths.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "session_repository.h"

namespace portcullis::session_store::testing {

class InMemorySessionRepository final : public SessionRepository {
 public:
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

  // Test hooks.
  void FailNext(Error error);
  std::optional<SessionRecord> Peek(const std::string& id_hash);
  void Put(const SessionRecord& record);  // overwrite, as an attacker with DB access could
  std::optional<PendingLoginRecord> PeekLogin(const std::string& state_hash);
  size_t session_count();
  int64_t touches();

 private:
  std::optional<Error> TakeFailure();
  std::shared_ptr<std::timed_mutex> RowLock(const std::string& id_hash);

  std::mutex mu_;
  std::map<std::string, SessionRecord> sessions_;                   // GUARDED_BY(mu_)
  std::map<std::string, PendingLoginRecord> logins_;                // GUARDED_BY(mu_)
  std::map<std::string, std::shared_ptr<std::timed_mutex>> locks_;  // GUARDED_BY(mu_)
  std::optional<Error> fail_next_;                                  // GUARDED_BY(mu_)
  int64_t touches_ = 0;                                             // GUARDED_BY(mu_)
};

}  // namespace portcullis::session_store::testing
