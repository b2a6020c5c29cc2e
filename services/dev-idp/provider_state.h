#pragma once
// ProviderState: the knobs tests turn at run time (token lifetimes, injected token-endpoint
// faults) and the counters they read. Always present; only the /_test/ endpoints, enabled with
// --test-controls, change or read it. Thread-safe.

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "portcullis/common/clock.h"

namespace portcullis::dev_idp {

struct Lifetimes {
  std::chrono::seconds access_token{3600};  // Entra's default is 60-90 minutes
  std::chrono::seconds id_token{3600};
  std::chrono::seconds refresh_token{24 * 3600};
  std::chrono::seconds code{60};
};

struct TokenFault {
  int status = 429;                        // 429 or 5xx
  std::optional<int> retry_after_seconds;  // sent as Retry-After
};

class ProviderState {
 public:
  explicit ProviderState(Lifetimes lifetimes) : lifetimes_(lifetimes) {}

  Lifetimes lifetimes() const;
  void SetLifetimes(const Lifetimes& lifetimes);

  // The next `count` token requests get `fault` instead of an answer.
  void InjectTokenFaults(int count, TokenFault fault);
  // The fault the current token request must get, if any (consumes one).
  std::optional<TokenFault> TakeTokenFault();

  // Counts a token issued by `grant_type` (and a request answered with a fault as "faults").
  void Count(const std::string& what);
  nlohmann::json Counters() const;

 private:
  mutable std::mutex mu_;
  Lifetimes lifetimes_;                      // GUARDED_BY(mu_)
  int faults_left_ = 0;                      // GUARDED_BY(mu_)
  TokenFault fault_;                         // GUARDED_BY(mu_)
  std::map<std::string, int64_t> counters_;  // GUARDED_BY(mu_)
};

}  // namespace portcullis::dev_idp
