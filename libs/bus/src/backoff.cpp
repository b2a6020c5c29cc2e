#include "portcullis/bus/backoff.h"

#include <algorithm>
#include <random>

namespace portcullis::bus {

std::chrono::milliseconds BackoffDelay(const BackoffPolicy& policy, int attempt,
                                       double unit_random) {
  auto delay = static_cast<double>(policy.initial.count());
  const auto cap = static_cast<double>(policy.max.count());
  for (int i = 1; i < attempt && delay < cap; ++i) delay *= policy.multiplier;
  delay = std::min(delay, cap);
  delay *= 1.0 + policy.jitter * (2.0 * unit_random - 1.0);
  return std::chrono::milliseconds(static_cast<long long>(std::max(0.0, delay)));
}

std::chrono::milliseconds JitteredBackoffDelay(const BackoffPolicy& policy, int attempt) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  return BackoffDelay(policy, attempt, unit(rng));
}

}  // namespace portcullis::bus
