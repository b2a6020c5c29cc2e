#include "testing/in_memory_session_repository.h"

namespace portcullis::session_store::testing {

std::optional<Error> InMemorySessionRepository::TakeFailure() {
  std::optional<Error> e;
  e.swap(fail_next_);
  return e;
}

void InMemorySessionRepository::FailNext(Error error) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_next_ = std::move(error);
}

std::optional<SessionRecord> InMemorySessionRepository::Peek(const std::string& id_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(id_hash);
  if (it == sessions_.end()) return std::nullopt;
  return it->second;
}

void InMemorySessionRepository::Put(const SessionRecord& record) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_[record.id_hash] = record;
}

std::optional<PendingLoginRecord> InMemorySessionRepository::PeekLogin(
    const std::string& state_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = logins_.find(state_hash);
  if (it == logins_.end()) return std::nullopt;
  return it->second;
}

size_t InMemorySessionRepository::session_count() {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

int64_t InMemorySessionRepository::touches() {
  std::lock_guard<std::mutex> lock(mu_);
  return touches_;
}

Status InMemorySessionRepository::InsertSession(const SessionRecord& record) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto e = TakeFailure()) return *e;
  if (!sessions_.emplace(record.id_hash, record).second) {
    return Error{ErrorCode::kConflict, "duplicate session"};
  }
  return OkStatus();
}

Result<std::optional<SessionRecord>> InMemorySessionRepository::FindSession(
    const std::string& id_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto e = TakeFailure()) return *e;
  auto it = sessions_.find(id_hash);
  if (it == sessions_.end()) return std::optional<SessionRecord>();
  return std::optional<SessionRecord>(it->second);
}

Status InMemorySessionRepository::TouchSession(const std::string& id_hash, int64_t last_seen_at,
                                               int64_t idle_expires_at) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto e = TakeFailure()) return *e;
  auto it = sessions_.find(id_hash);
  if (it != sessions_.end()) {
    it->second.last_seen_at = last_seen_at;
    it->second.idle_expires_at = idle_expires_at;
    ++touches_;
  }
  return OkStatus();
}

Result<std::optional<SessionRecord>> InMemorySessionRepository::DeleteSession(
    const std::string& id_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto e = TakeFailure()) return *e;
  auto it = sessions_.find(id_hash);
  if (it == sessions_.end()) return std::optional<SessionRecord>();
  SessionRecord r = std::move(it->second);
  sessions_.erase(it);
  return std::optional<SessionRecord>(std::move(r));
}

Result<std::optional<SessionRecord>> InMemorySessionRepository::DeleteSessionByRef(
    const std::string& ref) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto e = TakeFailure()) return *e;
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    if (it->second.session_ref == ref) {
      SessionRecord r = std::move(it->second);
      sessions_.erase(it);
      return std::optional<SessionRecord>(std::move(r));
    }
  }
  return std::optional<SessionRecord>();
}

Result<std::vector<std::string>> InMemorySessionRepository::DeleteUserSessions(
    const std::string& user_id, const std::string& tenant) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto e = TakeFailure()) return *e;
  std::vector<std::string> refs;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (it->second.user.id == user_id && (tenant.empty() || it->second.user.tenant == tenant)) {
      refs.push_back(it->second.session_ref);
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
  return refs;
}

Result<std::vector<SessionRecord>> InMemorySessionRepository::ListUserSessions(
    const std::string& user_id, const std::string& tenant) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto e = TakeFailure()) return *e;
  std::vector<SessionRecord> out;
  for (const auto& [k, r] : sessions_) {
    if (r.user.id == user_id && (tenant.empty() || r.user.tenant == tenant)) out.push_back(r);
  }
  return out;
}

std::shared_ptr<std::timed_mutex> InMemorySessionRepository::RowLock(const std::string& id_hash) {
  auto& l = locks_[id_hash];
  if (!l) l = std::make_shared<std::timed_mutex>();
  return l;
}

namespace {
class MemLocked final : public LockedSession {
 public:
  explicit MemLocked(std::optional<SessionRecord> r) : record_(std::move(r)) {}
  const std::optional<SessionRecord>& record() const override { return record_; }
  Status ReplaceTokens(const SealedTokens& tokens, const std::string& scope,
                       int64_t access_expires_at) override {
    if (!record_) return Error{ErrorCode::kNotFound, "row gone"};
    pending_ = *record_;
    pending_->tokens = tokens;
    pending_->scope = scope;
    pending_->access_expires_at = access_expires_at;
    deleted_ = false;
    return OkStatus();
  }
  Status Delete() override {
    deleted_ = true;
    return OkStatus();
  }
  std::optional<SessionRecord> record_;
  std::optional<SessionRecord> pending_;
  bool deleted_ = false;
};
}  // namespace

Status InMemorySessionRepository::WithSessionLocked(
    const std::string& id_hash, std::chrono::milliseconds wait,
    const std::function<Status(LockedSession&)>& fn) {
  std::shared_ptr<std::timed_mutex> row;
  std::optional<SessionRecord> current;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto e = TakeFailure()) return *e;
    row = RowLock(id_hash);
  }
  std::unique_lock<std::timed_mutex> held(*row, std::defer_lock);
  if (!held.try_lock_for(wait)) return Error{ErrorCode::kUnavailable, "row lock timed out"};
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sessions_.find(id_hash);
    if (it != sessions_.end()) current = it->second;
  }
  MemLocked locked(std::move(current));
  Status s = fn(locked);
  if (!s.ok()) return s;
  std::lock_guard<std::mutex> lock(mu_);
  if (locked.deleted_) {
    sessions_.erase(id_hash);
  } else if (locked.pending_) {
    auto it = sessions_.find(id_hash);
    if (it != sessions_.end()) {
      it->second.tokens = locked.pending_->tokens;
      it->second.scope = locked.pending_->scope;
      it->second.access_expires_at = locked.pending_->access_expires_at;
    }
  }
  return OkStatus();
}

Result<int64_t> InMemorySessionRepository::DeleteExpiredSessions(int64_t now, int64_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto e = TakeFailure()) return *e;
  int64_t n = 0;
  for (auto it = sessions_.begin(); it != sessions_.end() && n < limit;) {
    if (it->second.idle_expires_at <= now || it->second.absolute_expires_at <= now) {
      it = sessions_.erase(it);
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

Status InMemorySessionRepository::InsertPendingLogin(const PendingLoginRecord& record) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto e = TakeFailure()) return *e;
  if (!logins_.emplace(record.state_hash, record).second) {
    return Error{ErrorCode::kConflict, "duplicate state"};
  }
  return OkStatus();
}

Result<std::optional<PendingLoginRecord>> InMemorySessionRepository::TakePendingLogin(
    const std::string& state_hash) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto e = TakeFailure()) return *e;
  auto it = logins_.find(state_hash);
  if (it == logins_.end()) return std::optional<PendingLoginRecord>();
  PendingLoginRecord r = std::move(it->second);
  logins_.erase(it);
  return std::optional<PendingLoginRecord>(std::move(r));
}

Result<int64_t> InMemorySessionRepository::DeleteExpiredPendingLogins(int64_t now, int64_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto e = TakeFailure()) return *e;
  int64_t n = 0;
  for (auto it = logins_.begin(); it != logins_.end() && n < limit;) {
    if (it->second.expires_at <= now) {
      it = logins_.erase(it);
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

Result<int64_t> InMemorySessionRepository::ResealBatch(const std::string& table,
                                                       const std::string& active_key_id,
                                                       int64_t limit, const Resealer& reseal) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto e = TakeFailure()) return *e;
  int64_t n = 0;
  if (table == kSessionsTable) {
    for (auto& [k, r] : sessions_) {
      if (n >= limit) break;
      if (r.tokens.key_id == active_key_id) continue;
      auto row_lock = RowLock(k);
      std::unique_lock<std::timed_mutex> held(*row_lock, std::try_to_lock);
      if (!held.owns_lock()) continue;  // SKIP LOCKED
      SealedRow in{k,
                   r.tokens.key_id,
                   {{"access_token", r.tokens.access_token},
                    {"refresh_token", r.tokens.refresh_token},
                    {"id_token", r.tokens.id_token}}};
      Result<SealedRow> out = reseal(in);
      if (!out.ok()) return out.error();
      r.tokens.key_id = out->key_id;
      r.tokens.access_token = out->columns[0].second;
      r.tokens.refresh_token = out->columns[1].second;
      r.tokens.id_token = out->columns[2].second;
      ++n;
    }
  } else {
    for (auto& [k, r] : logins_) {
      if (n >= limit) break;
      if (r.key_id == active_key_id) continue;
      Result<SealedRow> out = reseal({k, r.key_id, {{"code_verifier", r.code_verifier}}});
      if (!out.ok()) return out.error();
      r.key_id = out->key_id;
      r.code_verifier = out->columns[0].second;
      ++n;
    }
  }
  return n;
}

Result<int64_t> InMemorySessionRepository::CountNotUnderKey(const std::string& table,
                                                            const std::string& active_key_id) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto e = TakeFailure()) return *e;
  int64_t n = 0;
  if (table == kSessionsTable) {
    for (const auto& [k, r] : sessions_) n += r.tokens.key_id != active_key_id;
  } else {
    for (const auto& [k, r] : logins_) n += r.key_id != active_key_id;
  }
  return n;
}

}  // namespace portcullis::session_store::testing
