#pragma once
// SessionCache: a bounded in-process cache of sessions (issue 7 "The proxy") so the cookie path
// does no NATS round trip per request. An entry lives at most `ttl` (clamped to 30 s), holds the
// session and, beside it, the last access token with its expiry; it is dropped at once when a
// `session.v1.revoked` broadcast names its session_ref or its user. Least recently used entries
// are evicted at `capacity`. Thread-safe.
//
//   if (auto hit = cache.Get(session_id)) { if (hit->HasToken(now, min_remaining)) Forward(...); }
//   auto generation = cache.generation();          // before asking session-store
//   Result<SessionInfo> s = sessions.Get(id);
//   cache.Put(id, *s, generation);                 // refused if a revocation came in between
//
// Keys are the session ids themselves (held in memory only, never logged).

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "portcullis/common/clock.h"
#include "session_client.h"

namespace portcullis::gateway {

inline constexpr std::chrono::seconds kMaxSessionCacheTtl{30};

struct CachedSession {
  SessionInfo session;
  std::optional<AccessToken> access_token;

  // True when the cached token has more than `min_remaining` left at `now`.
  bool HasToken(TimePoint now, std::chrono::seconds min_remaining) const {
    return access_token && access_token->expires_at - ToUnixSeconds(now) > min_remaining.count();
  }
};

struct SessionCacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;
  uint64_t evictions = 0;
  uint64_t revocations = 0;  // entries dropped by broadcasts
};

class SessionCache {
 public:
  SessionCache(const Clock& clock, std::chrono::seconds ttl, size_t capacity);

  // The entry, unless absent, older than the TTL, or past the session's own expiries.
  // Shared and immutable: a hit costs no copy.
  std::shared_ptr<const CachedSession> Get(const std::string& session_id);
  // A counter that every revocation bumps; pass the value read before fetching to Put.
  uint64_t generation() const;
  // Stores (or replaces) the session, keeping a cached token unless the user changed. Refused
  // (false) when a revocation happened after `generation` was read - the fetched view may be
  // from before it.
  bool Put(const std::string& session_id, const SessionInfo& session, uint64_t generation);
  // Stores the token beside an existing entry (no-op when the entry is gone).
  void PutToken(const std::string& session_id, const AccessToken& token, uint64_t generation);
  void Drop(const std::string& session_id);
  // Drops the entries with these refs / of this user; returns how many were dropped.
  size_t DropRefs(const std::vector<std::string>& session_refs);
  size_t DropUser(const std::string& user_id);

  size_t size() const;
  SessionCacheStats stats() const;
  std::chrono::seconds ttl() const { return ttl_; }

 private:
  struct Entry {
    std::shared_ptr<const CachedSession> value;
    TimePoint stored;
    std::list<std::string>::iterator lru;
  };
  void EraseLocked(std::unordered_map<std::string, Entry>::iterator it);

  const Clock& clock_;
  const std::chrono::seconds ttl_;
  const size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // GUARDED_BY(mu_)
  std::list<std::string> lru_;                      // GUARDED_BY(mu_): front = most recent
  uint64_t generation_ = 0;                         // GUARDED_BY(mu_)
  SessionCacheStats stats_;                         // GUARDED_BY(mu_)
};

}  // namespace portcullis::gateway
