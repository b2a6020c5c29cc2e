#include "session_rules.h"

#include <algorithm>

namespace portcullis::session_store {

SessionTimes NewSessionTimes(int64_t now, const SessionPolicy& policy) {
  SessionTimes t;
  t.created_at = now;
  t.last_seen_at = now;
  t.absolute_expires_at = now + policy.absolute_lifetime.count();
  t.idle_expires_at = std::min(now + policy.idle_timeout.count(), t.absolute_expires_at);
  return t;
}

bool IsLive(const SessionTimes& times, int64_t now) {
  return now < times.idle_expires_at && now < times.absolute_expires_at;
}

std::optional<SessionTimes> SlideIdle(const SessionTimes& times, int64_t now,
                                      const SessionPolicy& policy, bool force) {
  const int64_t interval =
      std::min<int64_t>(policy.touch_interval.count(), policy.idle_timeout.count() / 4);
  if (!force && now - times.last_seen_at < interval) return std::nullopt;
  SessionTimes t = times;
  t.last_seen_at = std::max(times.last_seen_at, now);
  t.idle_expires_at = std::min(now + policy.idle_timeout.count(), times.absolute_expires_at);
  return t;
}

bool NeedsRefresh(int64_t access_expires_at, int64_t now, int64_t min_remaining_s) {
  return access_expires_at - now < min_remaining_s;
}

int64_t AccessExpiry(int64_t now, std::optional<std::chrono::seconds> expires_in,
                     std::chrono::seconds fallback) {
  return now + (expires_in ? expires_in->count() : fallback.count());
}

std::optional<std::chrono::milliseconds> RetryDelay(int attempt,
                                                    std::optional<std::chrono::seconds> retry_after,
                                                    std::chrono::milliseconds remaining,
                                                    const RetryPolicy& policy) {
  std::chrono::milliseconds backoff = policy.initial_backoff;
  for (int i = 1; i < attempt && backoff < policy.max_backoff; ++i) backoff *= 2;
  backoff = std::min(backoff, policy.max_backoff);
  std::chrono::milliseconds wait = backoff;
  if (retry_after) wait = std::max<std::chrono::milliseconds>(wait, *retry_after);
  if (wait + policy.attempt_reserve > remaining) return std::nullopt;
  return wait;
}

namespace {
bool IsVerifierChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}
}  // namespace

bool IsSafeReturnPath(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.size() > 1 && (path[1] == '/' || path[1] == '\\')) return false;
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\') return false;
  }
  return path.size() <= 2048;
}

Status ValidatePendingLogin(std::string_view state, std::string_view code_verifier,
                            std::string_view return_to) {
  if (state.empty() || state.size() > 512) {
    return Error{ErrorCode::kBadRequest, "state must be 1-512 characters"};
  }
  if (code_verifier.size() < 43 || code_verifier.size() > 128 ||
      !std::all_of(code_verifier.begin(), code_verifier.end(), IsVerifierChar)) {
    return Error{ErrorCode::kBadRequest, "code_verifier must be 43-128 RFC 7636 characters"};
  }
  if (!IsSafeReturnPath(return_to)) {
    return Error{ErrorCode::kBadRequest, "return_to must be a relative same-origin path"};
  }
  return OkStatus();
}

Result<int64_t> PendingLoginExpiry(int64_t now, int64_t ttl_s, std::chrono::seconds max_ttl) {
  if (ttl_s <= 0) return now + max_ttl.count();
  if (ttl_s > max_ttl.count()) {
    return Error{ErrorCode::kBadRequest,
                 "ttl_s exceeds the maximum of " + std::to_string(max_ttl.count()) + " s"};
  }
  return now + ttl_s;
}

}  // namespace portcullis::session_store
