#pragma once
// The session store's rules as pure functions of their inputs and `now` (Unix seconds): when a
// session is live, when a read slides its idle expiry, when an access token must be refreshed,
// how long to wait before retrying the provider, and what a pending login may hold.
// No I/O, no clock: thread-safe and unit-tested with plain values.
//
//   SessionTimes t = NewSessionTimes(now, policy);
//   if (!IsLive(t, now)) return NotFound();
//   if (auto slid = SlideIdle(t, now, policy)) repo.Touch(*slid);
//   if (NeedsRefresh(access_expires_at, now, min_remaining_s)) Refresh();

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "portcullis/common/result.h"

namespace portcullis::session_store {

struct SessionPolicy {
  std::chrono::seconds idle_timeout = std::chrono::hours(8);        // sliding
  std::chrono::seconds absolute_lifetime = std::chrono::hours(40);  // from creation, fixed
  // A read moves the idle expiry only when the last move is at least this old (or a quarter of
  // the idle timeout, if that is shorter), so a busy session is not written on every request.
  std::chrono::seconds touch_interval = std::chrono::seconds(60);
};

struct SessionTimes {
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  int64_t idle_expires_at = 0;
  int64_t absolute_expires_at = 0;
};

// A session created at `now`: idle expiry never beyond the absolute one.
SessionTimes NewSessionTimes(int64_t now, const SessionPolicy& policy);

// Live while both expiries are in the future (an expiry equal to `now` has passed).
bool IsLive(const SessionTimes& times, int64_t now);

// The times after a read at `now`, or nullopt when nothing needs writing yet (see
// SessionPolicy::touch_interval). Precondition: IsLive(times, now).
std::optional<SessionTimes> SlideIdle(const SessionTimes& times, int64_t now,
                                      const SessionPolicy& policy, bool force = false);

// True when the access token has less than `min_remaining_s` left at `now`.
bool NeedsRefresh(int64_t access_expires_at, int64_t now, int64_t min_remaining_s);

// When a refreshed access token expires: now + expires_in, or now + `fallback` when the provider
// did not say.
int64_t AccessExpiry(int64_t now, std::optional<std::chrono::seconds> expires_in,
                     std::chrono::seconds fallback = std::chrono::hours(1));

struct RetryPolicy {
  std::chrono::milliseconds initial_backoff{250};
  std::chrono::milliseconds max_backoff{4000};
  // Time kept back for the attempt itself after a wait: a wait that would leave less than this
  // before the deadline is not started.
  std::chrono::milliseconds attempt_reserve{300};
};

// How long to wait before attempt `attempt` + 1 after a retryable failure of attempt `attempt`
// (1, 2, ...): exponential backoff, at least the provider's Retry-After. nullopt when that wait
// plus the attempt reserve does not fit in `remaining`: give up with `unavailable`.
std::optional<std::chrono::milliseconds> RetryDelay(int attempt,
                                                    std::optional<std::chrono::seconds> retry_after,
                                                    std::chrono::milliseconds remaining,
                                                    const RetryPolicy& policy);

// Pending logins: kBadRequest naming the field for an empty or oversized state, a verifier that
// is not 43-128 characters of RFC 7636's alphabet, or a return path that is not relative and
// same-origin ("/x", never "//host", "/\host" or a scheme).
Status ValidatePendingLogin(std::string_view state, std::string_view code_verifier,
                            std::string_view return_to);

// True for a same-origin relative path.
bool IsSafeReturnPath(std::string_view path);

// The expiry of a pending login begun at `now` asking for `ttl_s` (<= 0: `max_ttl`). kBadRequest
// when ttl_s exceeds max_ttl.
Result<int64_t> PendingLoginExpiry(int64_t now, int64_t ttl_s, std::chrono::seconds max_ttl);

}  // namespace portcullis::session_store
