#pragma once
// Exponential backoff with jitter, as a pure function so it is tested without sleeping.

#include <chrono>

namespace portcullis::bus {

struct BackoffPolicy {
  std::chrono::milliseconds initial{50};
  std::chrono::milliseconds max{2000};
  double multiplier = 2.0;
  double jitter = 0.2;  // the delay varies by ±jitter×delay
};

// The delay before retry `attempt` (1 for the first retry): initial × multiplier^(attempt-1),
// capped at max, then scaled by 1 + jitter × (2 × unit_random − 1). `unit_random` is in [0, 1).
// Never negative; attempts below 1 count as 1.
std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, int attempt,
                                       double unit_random);

// BackoffDelay with a thread-local random source.
std::chrono::milliseconds JitteredBackoffDelay(const BackoffPolicy& policy, int attempt);

}  // namespace portcullis::bus
