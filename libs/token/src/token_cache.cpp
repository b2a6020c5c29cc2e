#include "portcullis/token/token_cache.h"

namespace portcullis::token {

TokenCache::TokenCache(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {
  index_.reserve(capacity_);
}

std::string_view TokenCache::KeyOf(std::string_view token) {
  constexpr size_t kKeyBytes = 32;
  return token.size() <= kKeyBytes ? token : token.substr(token.size() - kKeyBytes);
}

std::shared_ptr<const VerifiedToken> TokenCache::Lookup(std::string_view token, TimePoint now) {
  const long double now_s = std::chrono::duration<long double>(now.time_since_epoch()).count();
  std::lock_guard<std::mutex> guard(mu_);
  auto [begin, end] = index_.equal_range(KeyOf(token));
  for (auto it = begin; it != end; ++it) {
    const List::iterator entry = it->second;
    if (entry->token != token) continue;  // full byte-for-byte confirmation
    if (!(now_s < entry->exp)) {
      index_.erase(it);
      lru_.erase(entry);
      ++stats_.evictions;
      ++stats_.misses;
      return nullptr;
    }
    lru_.splice(lru_.begin(), lru_, entry);
    ++stats_.hits;
    return entry->verified;
  }
  ++stats_.misses;
  return nullptr;
}

void TokenCache::Insert(std::string_view token, std::shared_ptr<const VerifiedToken> verified) {
  if (!verified) return;
  const auto exp = verified->claims.Expiry();
  if (!exp) return;
  std::lock_guard<std::mutex> guard(mu_);
  auto [begin, end] = index_.equal_range(KeyOf(token));
  for (auto it = begin; it != end; ++it) {
    if (it->second->token == token) return;  // a concurrent verification got there first
  }
  while (lru_.size() >= capacity_) {
    const List::iterator victim = std::prev(lru_.end());
    auto [vb, ve] = index_.equal_range(KeyOf(victim->token));
    for (auto it = vb; it != ve; ++it) {
      if (it->second == victim) {
        index_.erase(it);
        break;
      }
    }
    lru_.erase(victim);
    ++stats_.evictions;
  }
  lru_.push_front(Entry{std::string(token), std::move(verified), static_cast<long double>(*exp)});
  index_.emplace(KeyOf(lru_.front().token), lru_.begin());
  ++stats_.insertions;
}

void TokenCache::Clear() {
  std::lock_guard<std::mutex> guard(mu_);
  index_.clear();
  lru_.clear();
}

TokenCacheStats TokenCache::stats() const {
  std::lock_guard<std::mutex> guard(mu_);
  return stats_;
}

size_t TokenCache::size() const {
  std::lock_guard<std::mutex> guard(mu_);
  return lru_.size();
}

}  // namespace portcullis::token
