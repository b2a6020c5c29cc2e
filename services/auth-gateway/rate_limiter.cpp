#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace portcullis::gateway {

RateLimiter::RateLimiter(const Clock& clock, RateLimitOptions options)
    : clock_(clock), options_(options) {}

RateDecision RateLimiter::Take(std::string_view key) {
  if (options_.per_second <= 0) return {};
  const TimePoint now = clock_.Now();
  const double burst = std::max(1.0, options_.burst);
  std::lock_guard lock(mu_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= std::max<size_t>(1, options_.max_keys)) {
      buckets_.erase(lru_.back());
      lru_.pop_back();
    }
    lru_.emplace_front(key);
    it = buckets_.emplace(std::string(key), Bucket{burst, now, lru_.begin()}).first;
  } else {
    lru_.splice(lru_.begin(), lru_, it->second.lru);
  }
  Bucket& b = it->second;
  double elapsed = std::chrono::duration<double>(now - b.updated).count();
  if (elapsed > 0) {
    b.tokens = std::min(burst, b.tokens + elapsed * options_.per_second);
    b.updated = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return {};
  }
  double wait = (1.0 - b.tokens) / options_.per_second;
  return {false, std::chrono::seconds(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait))))};
}

size_t RateLimiter::size() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace portcullis::gateway
