// SessionService::AccessToken: the stored token, or one refresh per session at a time.
//
// Two layers keep it to one provider call per session across every instance:
//  1. in this process, SingleFlight: concurrent callers share one attempt (and one database
//     connection) instead of queueing on the row lock one by one;
//  2. across instances, the repository's row lock, held by an open transaction for the whole
//     provider call, so it cannot expire while the call is in flight. Whoever gets it second
//     re-reads the row and returns the token the first one stored.
#include <spdlog/spdlog.h>

#include "session_service.h"
#include "token_sealing.h"

namespace portcullis::session_store {

namespace v1 = proto::session::v1;

Result<v1::AccessTokenReply> SessionService::AccessToken(const v1::AccessTokenRequest& r) {
  if (r.min_remaining_s < 0 || r.min_remaining_s > 86400) {
    return Error{ErrorCode::kBadRequest, "min_remaining_s must be 0-86400"};
  }
  if (r.timeout_ms < 0) return Error{ErrorCode::kBadRequest, "timeout_ms must be >= 0"};
  std::chrono::milliseconds timeout =
      r.timeout_ms == 0 ? options_.default_timeout
                        : std::min(std::chrono::milliseconds(r.timeout_ms), options_.max_timeout);
  const TimePoint deadline = clock_.Now() + timeout;

  Result<SessionRecord> rec = LoadLive(r.session_id, /*force_touch=*/false);
  if (!rec.ok()) return rec.error();
  const int64_t now = NowSeconds();
  if (!NeedsRefresh(rec->access_expires_at, now, r.min_remaining_s)) {
    Result<std::string> access =
        OpenColumn(ring_, kSessionsTable, rec->id_hash, "access_token", rec->tokens.access_token);
    if (!access.ok()) {
      spdlog::error("session {}: access token does not open: {}", rec->session_ref,
                    access.error().ToString());
      return Error{ErrorCode::kInternal, "stored token unreadable"};
    }
    v1::AccessTokenReply reply;
    reply.access_token = std::move(*access);
    reply.expires_at = rec->access_expires_at;
    return reply;
  }
  const std::string id_hash = rec->id_hash;
  const crypto::Bytes seen_access = rec->tokens.access_token;
  return flights_.Do(id_hash, Remaining(deadline), [&]() {
    return RefreshLocked(id_hash, seen_access, r.min_remaining_s, deadline);
  });
}

Result<v1::AccessTokenReply> SessionService::RefreshLocked(const std::string& id_hash,
                                                           const crypto::Bytes& seen_access,
                                                           int64_t min_remaining_s,
                                                           TimePoint deadline) {
  std::optional<Result<v1::AccessTokenReply>> out;
  std::optional<SessionRecord> revoked, refreshed;
  auto fail = [&](ErrorCode code, std::string detail) {
    out.emplace(Error{code, std::move(detail)});
    return OkStatus();  // nothing changed: committing is the same as rolling back
  };

  Status locked =
      repo_.WithSessionLocked(id_hash, Remaining(deadline), [&](LockedSession& s) -> Status {
        const std::optional<SessionRecord>& cur = s.record();
        const int64_t now = NowSeconds();
        if (!cur || !IsLive({cur->created_at, cur->last_seen_at, cur->idle_expires_at,
                             cur->absolute_expires_at},
                            now)) {
          return fail(ErrorCode::kNotFound, "no such session");
        }
        // Another instance refreshed while we waited for the lock: use its token rather than
        // refreshing again (even if the provider's lifetime is shorter than min_remaining_s).
        const bool changed = cur->tokens.access_token != seen_access;
        if (!NeedsRefresh(cur->access_expires_at, now, min_remaining_s) ||
            (changed && cur->access_expires_at > now)) {
          Result<std::string> access =
              OpenColumn(ring_, kSessionsTable, id_hash, "access_token", cur->tokens.access_token);
          if (!access.ok()) return fail(ErrorCode::kInternal, "stored token unreadable");
          v1::AccessTokenReply reply;
          reply.access_token = std::move(*access);
          reply.expires_at = cur->access_expires_at;
          out.emplace(std::move(reply));
          return OkStatus();
        }
        Result<std::string> refresh_token =
            OpenColumn(ring_, kSessionsTable, id_hash, "refresh_token", cur->tokens.refresh_token);
        if (!refresh_token.ok()) {
          spdlog::error("session {}: refresh token does not open: {}", cur->session_ref,
                        refresh_token.error().ToString());
          return fail(ErrorCode::kInternal, "stored token unreadable");
        }
        if (refresh_token->empty()) {
          return fail(ErrorCode::kUnauthorized, "the session has no refresh token");
        }
        for (int attempt = 1;; ++attempt) {
          RefreshResult result = refresher_.Refresh(*refresh_token, Remaining(deadline));
          if (result.ok()) {
            const RefreshedTokens& t = result.tokens();
            PlainTokens plain{t.access_token, t.refresh_token, t.id_token};
            if (plain.refresh_token.empty()) plain.refresh_token = *refresh_token;
            if (plain.id_token.empty()) {
              Result<std::string> old_id =
                  OpenColumn(ring_, kSessionsTable, id_hash, "id_token", cur->tokens.id_token);
              if (old_id.ok()) plain.id_token = std::move(*old_id);
            }
            Result<SealedTokens> sealed = SealTokens(ring_, id_hash, plain);
            if (!sealed.ok()) return sealed.error();
            const int64_t expires =
                AccessExpiry(NowSeconds(), t.expires_in, options_.default_access_lifetime);
            const std::string scope = t.scope.empty() ? cur->scope : t.scope;
            if (Status st = s.ReplaceTokens(*sealed, scope, expires); !st.ok()) return st;
            v1::AccessTokenReply reply;
            reply.access_token = t.access_token;
            reply.expires_at = expires;
            reply.refreshed = true;
            out.emplace(std::move(reply));
            refreshed = *cur;
            return OkStatus();
          }
          const RefreshError& e = result.error();
          if (e.kind == RefreshErrorKind::kInvalidGrant) {
            if (Status st = s.Delete(); !st.ok()) return st;
            revoked = *cur;
            out.emplace(Error{ErrorCode::kUnauthorized, "the provider rejected the refresh token"});
            return OkStatus();
          }
          if (e.kind == RefreshErrorKind::kFatal) {
            spdlog::error("session {}: refresh refused: {}", cur->session_ref, e.detail);
            return fail(ErrorCode::kUpstreamError, "the provider refused the refresh");
          }
          std::optional<std::chrono::milliseconds> wait =
              RetryDelay(attempt, e.retry_after, Remaining(deadline), options_.retry);
          spdlog::warn("session {}: refresh attempt {} failed ({}); {}", cur->session_ref, attempt,
                       e.detail, wait ? "retrying" : "giving up before the deadline");
          if (!wait)
            return fail(ErrorCode::kUnavailable, "the provider is unavailable: " + e.detail);
          sleeper_.SleepFor(*wait);
        }
      });
  if (!locked.ok()) return locked.error();
  if (revoked) Revoke(*revoked, "refresh_failed", "session.refresh_failed");
  if (refreshed) {
    events_.Audit({.action = "session.refreshed",
                   .session_ref = refreshed->session_ref,
                   .user = refreshed->user});
  }
  if (!out) return Error{ErrorCode::kInternal, "refresh produced no answer"};
  return std::move(*out);
}

}  // namespace portcullis::session_store
