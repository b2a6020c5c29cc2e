#include "session_cache.h"

#include <algorithm>

namespace portcullis::gateway {

SessionCache::SessionCache(const Clock& clock, std::chrono::seconds ttl, size_t capacity)
    : clock_(clock),
      ttl_(std::clamp(ttl, std::chrono::seconds(0), kMaxSessionCacheTtl)),
      capacity_(std::max<size_t>(1, capacity)) {}

std::shared_ptr<const CachedSession> SessionCache::Get(const std::string& session_id) {
  const TimePoint now = clock_.Now();
  const int64_t now_s = ToUnixSeconds(now);
  std::lock_guard lock(mu_);
  auto it = entries_.find(session_id);
  if (it == entries_.end()) {
    ++stats_.misses;
    return nullptr;
  }
  const SessionInfo& s = it->second.value->session;
  if (now - it->second.stored >= ttl_ || (s.idle_expires_at && now_s >= s.idle_expires_at) ||
      (s.absolute_expires_at && now_s >= s.absolute_expires_at)) {
    EraseLocked(it);
    ++stats_.misses;
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second.lru);
  ++stats_.hits;
  return it->second.value;
}

uint64_t SessionCache::generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

bool SessionCache::Put(const std::string& session_id, const SessionInfo& session,
                       uint64_t generation) {
  if (ttl_.count() == 0) return false;
  const TimePoint now = clock_.Now();
  std::lock_guard lock(mu_);
  if (generation != generation_) return false;
  auto it = entries_.find(session_id);
  if (it != entries_.end()) {
    Entry& e = it->second;
    auto updated = std::make_shared<CachedSession>(*e.value);
    if (updated->session.user.id != session.user.id) updated->access_token.reset();
    updated->session = session;
    e.value = std::move(updated);
    e.stored = now;
    lru_.splice(lru_.begin(), lru_, e.lru);
    return true;
  }
  if (entries_.size() >= capacity_) {
    EraseLocked(entries_.find(lru_.back()));
    ++stats_.evictions;
  }
  lru_.push_front(session_id);
  entries_.emplace(
      session_id, Entry{std::make_shared<const CachedSession>(CachedSession{session, std::nullopt}),
                        now, lru_.begin()});
  return true;
}

void SessionCache::PutToken(const std::string& session_id, const AccessToken& token,
                            uint64_t generation) {
  std::lock_guard lock(mu_);
  if (generation != generation_) return;
  auto it = entries_.find(session_id);
  if (it == entries_.end()) return;
  auto updated = std::make_shared<CachedSession>(*it->second.value);
  updated->access_token = token;
  it->second.value = std::move(updated);
}

void SessionCache::Drop(const std::string& session_id) {
  std::lock_guard lock(mu_);
  ++generation_;
  auto it = entries_.find(session_id);
  if (it != entries_.end()) EraseLocked(it);
}

size_t SessionCache::DropRefs(const std::vector<std::string>& session_refs) {
  std::lock_guard lock(mu_);
  ++generation_;
  size_t dropped = 0;
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto next = std::next(it);
    if (std::find(session_refs.begin(), session_refs.end(),
                  it->second.value->session.session_ref) != session_refs.end()) {
      EraseLocked(it);
      ++dropped;
    }
    it = next;
  }
  stats_.revocations += dropped;
  return dropped;
}

size_t SessionCache::DropUser(const std::string& user_id) {
  std::lock_guard lock(mu_);
  ++generation_;
  size_t dropped = 0;
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto next = std::next(it);
    if (it->second.value->session.user.id == user_id) {
      EraseLocked(it);
      ++dropped;
    }
    it = next;
  }
  stats_.revocations += dropped;
  return dropped;
}

size_t SessionCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

SessionCacheStats SessionCache::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void SessionCache::EraseLocked(std::unordered_map<std::string, Entry>::iterator it) {
  lru_.erase(it->second.lru);
  entries_.erase(it);
}

}  // namespace portcullis::gateway
