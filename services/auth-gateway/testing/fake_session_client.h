#pragma once
// FakeSessionClient: session-store's login.v1 / session.v1 semantics in memory, for unit tests:
// pending logins taken once, sessions with a ref, access tokens, destroy; every call counted;
// `unavailable` makes every call fail with kUnavailable.

#include <atomic>
#include <map>
#include <mutex>

#include "session_client.h"

namespace portcullis::gateway::testing {

class FakeSessionClient final : public SessionClient {
 public:
  Status BeginLogin(const PendingLogin& login) override {
    std::lock_guard lock(mu_);
    ++begin_calls;
    if (unavailable) return Error{ErrorCode::kUnavailable, "fake down"};
    if (!pending_.emplace(login.state, login).second) return Error{ErrorCode::kConflict, "dup"};
    return OkStatus();
  }
  Result<PendingLogin> TakeLogin(const std::string& state) override {
    std::lock_guard lock(mu_);
    if (unavailable) return Error{ErrorCode::kUnavailable, "fake down"};
    auto it = pending_.find(state);
    if (it == pending_.end()) return Error{ErrorCode::kNotFound, "no pending login"};
    PendingLogin p = it->second;
    pending_.erase(it);
    return p;
  }
  Result<CreatedSession> Create(const NewSession& s) override {
    std::lock_guard lock(mu_);
    if (unavailable) return Error{ErrorCode::kUnavailable, "fake down"};
    std::string id = "sid-" + std::to_string(++next_);
    SessionInfo info;
    info.session_ref = "ref-" + std::to_string(next_);
    info.user = s.user;
    info.groups = s.groups;
    info.roles = s.roles;
    info.created_at = 1000;
    info.idle_expires_at = 4'000'000'000;
    info.absolute_expires_at = 4'000'000'000;
    info.access_expires_at = s.tokens.access_expires_at;
    sessions_[id] = {info, {s.tokens.access_token, s.tokens.access_expires_at}};
    created.push_back(s);
    return CreatedSession{id, info.idle_expires_at, info.absolute_expires_at};
  }
  Result<SessionInfo> Get(const std::string& id) override {
    std::lock_guard lock(mu_);
    ++get_calls;
    if (unavailable) return Error{ErrorCode::kUnavailable, "fake down"};
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return Error{ErrorCode::kNotFound, "no session"};
    return it->second.first;
  }
  Result<AccessToken> GetAccessToken(const std::string& id,
                                     std::chrono::seconds min_remaining) override {
    std::lock_guard lock(mu_);
    ++token_calls;
    last_min_remaining = min_remaining;
    if (unavailable) return Error{ErrorCode::kUnavailable, "fake down"};
    auto it = sessions_.find(id);
    if (it == sessions_.end()) return Error{ErrorCode::kNotFound, "no session"};
    if (refresh_fails) return Error{ErrorCode::kUnauthorized, "refresh failed"};
    return it->second.second;
  }
  Result<bool> Destroy(const std::string& id, const std::string&) override {
    std::lock_guard lock(mu_);
    if (unavailable) return Error{ErrorCode::kUnavailable, "fake down"};
    return sessions_.erase(id) > 0;
  }
  Status Ping() override {
    if (unavailable) return Error{ErrorCode::kUnavailable, "fake down"};
    return OkStatus();
  }

  // Test helpers.
  std::string AddSession(const SessionInfo& info, AccessToken token) {
    std::lock_guard lock(mu_);
    std::string id = "sid-" + std::to_string(++next_);
    sessions_[id] = {info, std::move(token)};
    return id;
  }
  void SetToken(const std::string& id, AccessToken token) {
    std::lock_guard lock(mu_);
    sessions_[id].second = std::move(token);
  }
  bool HasPending(const std::string& state) {
    std::lock_guard lock(mu_);
    return pending_.count(state) > 0;
  }
  std::optional<PendingLogin> LastPending() {
    std::lock_guard lock(mu_);
    if (pending_.empty()) return std::nullopt;
    return pending_.begin()->second;
  }
  bool HasSession(const std::string& id) {
    std::lock_guard lock(mu_);
    return sessions_.count(id) > 0;
  }

  std::atomic<bool> unavailable{false};
  std::atomic<bool> refresh_fails{false};
  std::atomic<int> begin_calls{0}, get_calls{0}, token_calls{0};
  std::chrono::seconds last_min_remaining{0};
  std::vector<NewSession> created;

 private:
  std::mutex mu_;
  int next_ = 0;
  std::map<std::string, PendingLogin> pending_;
  std::map<std::string, std::pair<SessionInfo, AccessToken>> sessions_;
};

}  // namespace portcullis::gateway::testing
