#pragma once
// Token buckets per client address for /auth/* (issue 7 "Security"). Each key gets `burst`
// tokens refilled at `per_second`; a request takes one or is told how long to wait
// (Retry-After). Memory is bounded: at `max_keys` the least recently used bucket is evicted
// (a bucket idle long enough to have refilled loses nothing by being forgotten, and under a
// flood of fresh addresses the oldest one goes first). Thread-safe.
//
//   RateLimiter limiter(clock, {.per_second = 5, .burst = 20, .max_keys = 100000});
//   RateDecision d = limiter.Take(client_ip);
//   if (!d.allowed) return TooManyRequests(d.retry_after);

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "portcullis/common/clock.h"

namespace portcullis::gateway {

struct RateLimitOptions {
  double per_second = 5;  // sustained rate; <= 0 disables limiting
  double burst = 20;      // bucket size (>= 1)
  size_t max_keys = 100000;
};

struct RateDecision {
  bool allowed = true;
  std::chrono::seconds retry_after{0};  // when refused: whole seconds until a token is back (>= 1)
};

class RateLimiter {
 public:
  RateLimiter(const Clock& clock, RateLimitOptions options);
  RateDecision Take(std::string_view key);
  size_t size() const;

 private:
  struct Bucket {
    double tokens;
    TimePoint updated;
    std::list<std::string>::iterator lru;
  };
  const Clock& clock_;
  const RateLimitOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // GUARDED_BY(mu_)
  std::list<std::string> lru_;                       // GUARDED_BY(mu_): front = most recent
};

}  // namespace portcullis::gateway
