#pragma once
// WithRetry: run a unit of work on a pooled connection, again if it failed transiently.
//
//   Result<int64_t> n = WithRetry(pool, [&](pqxx::connection_base& c) -> Result<int64_t> {
//     pqxx::work tx(c);
//     int64_t v = tx.exec_params1("UPDATE counters SET n = n + 1 RETURNING n")[0].as<int64_t>();
//     tx.commit();
//     return v;
//   });
//
// `fn` takes `pqxx::connection_base&` and returns a Result<T> (or Status). It opens and commits
// its own transaction, so each attempt starts from scratch; it must be safe to run more than once
// (any side effect outside the transaction happens once per attempt).
//
// Retried, with capped exponential backoff and jitter, up to max_attempts in all:
//   - exceptions for which IsRetryable holds (serialization failure 40001, deadlock 40P01, a
//     broken connection: the connection is discarded and the next attempt gets a new one);
//   - Acquire failing with kUnavailable (server restarting, pool exhausted).
// Not retried: an error `fn` returns as a value, and any other exception, converted by
// ErrorFromException. The last error is returned when attempts run out.
// Blocks the calling thread while backing off. Thread-safe as the pool is.

#include <chrono>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>

#include "portcullis/common/result.h"
#include "portcullis/store/pool.h"

namespace portcullis::store {

struct RetryOptions {
  int max_attempts = 5;                           // in all, including the first (>= 1)
  std::chrono::milliseconds initial_backoff{20};  // before the second attempt
  std::chrono::milliseconds max_backoff{1000};    // cap of the doubling
};

// The longest wait before attempt `attempt` (2, 3, ...): initial_backoff * 2^(attempt-2), capped
// at max_backoff. The actual wait is uniformly random in [half of it, all of it].
std::chrono::milliseconds BackoffCeiling(int attempt, const RetryOptions& options);

namespace internal {
Status RunWithRetry(ConnectionPool& pool,
                    const std::function<Status(pqxx::connection_base&)>& attempt,
                    const RetryOptions& options);
}  // namespace internal

template <typename Fn>
auto WithRetry(ConnectionPool& pool, Fn&& fn, const RetryOptions& options = {})
    -> std::invoke_result_t<Fn&, pqxx::connection_base&> {
  using R = std::invoke_result_t<Fn&, pqxx::connection_base&>;
  if constexpr (std::is_same_v<R, Status>) {
    return internal::RunWithRetry(pool, fn, options);
  } else {
    std::optional<R> out;
    Status status = internal::RunWithRetry(
        pool,
        [&](pqxx::connection_base& c) -> Status {
          out.emplace(fn(c));
          if (!out->ok()) return out->error();
          return OkStatus();
        },
        options);
    if (!status.ok()) return R(status.error());
    return std::move(*out);
  }
}

}  // namespace portcullis::store
