#include "portcullis/store/retry.h"

#include <algorithm>
#include <pqxx/pqxx>
#include <random>
#include <thread>

#include "portcullis/store/pg_errors.h"

namespace portcullis::store {
namespace {

void SleepBefore(int attempt, const RetryOptions& options) {
  const auto ceiling = BackoffCeiling(attempt, options);
  // Jitter spreads instances that failed together (a server restart) so they do not retry in
  // lockstep.
  thread_local std::minstd_rand rng{std::random_device{}()};
  std::uniform_int_distribution<int64_t> pick(ceiling.count() / 2, ceiling.count());
  std::this_thread::sleep_for(std::chrono::milliseconds(pick(rng)));
}

Error AfterAttempts(Error error, int attempts) {
  if (attempts > 1) error.detail += " (after " + std::to_string(attempts) + " attempts)";
  return error;
}

}  // namespace

std::chrono::milliseconds BackoffCeiling(int attempt, const RetryOptions& options) {
  if (attempt <= 1) return std::chrono::milliseconds(0);
  auto wait = options.initial_backoff;
  for (int i = 2; i < attempt && wait < options.max_backoff; ++i) wait *= 2;
  return std::min(wait, options.max_backoff);
}

namespace internal {

Status RunWithRetry(ConnectionPool& pool,
                    const std::function<Status(pqxx::connection_base&)>& attempt,
                    const RetryOptions& options) {
  const int max_attempts = std::max(1, options.max_attempts);
  Error last;
  for (int n = 1; n <= max_attempts; ++n) {
    if (n > 1) SleepBefore(n, options);
    Result<Lease> lease = pool.Acquire();
    if (!lease.ok()) {
      last = lease.error();
      if (lease.code() == ErrorCode::kUnavailable) continue;
      return last;
    }
    try {
      return attempt(lease->conn());
    } catch (const std::exception& e) {
      if (IsConnectionLost(e)) lease->MarkBroken();
      last = ErrorFromException(e);
      if (!IsRetryable(e)) return AfterAttempts(std::move(last), n);
    } catch (...) {
      // Not ours to classify; the connection may be mid-transaction, so do not reuse it.
      lease->MarkBroken();
      return AfterAttempts(Error{ErrorCode::kInternal, "non-standard exception"}, n);
    }
  }
  return AfterAttempts(std::move(last), max_attempts);
}

}  // namespace internal
}  // namespace portcullis::store
