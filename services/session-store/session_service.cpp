#include "session_service.h"

#include <spdlog/spdlog.h>

#include "portcullis/crypto/encoding.h"
#include "portcullis/crypto/random.h"
#include "token_sealing.h"

namespace portcullis::session_store {

namespace v1 = proto::session::v1;

namespace {

constexpr size_t kMaxIdLength = 256;

SessionTimes TimesOf(const SessionRecord& r) {
  return {r.created_at, r.last_seen_at, r.idle_expires_at, r.absolute_expires_at};
}

Status ValidateSessionId(const std::string& id) {
  if (id.empty() || id.size() > kMaxIdLength) {
    return Error{ErrorCode::kBadRequest, "session_id must be 1-256 characters"};
  }
  return OkStatus();
}

Result<std::string> NewSessionRef() {
  Result<crypto::Bytes> bytes = crypto::RandomBytes(12);
  if (!bytes.ok()) return bytes.error();
  return "s_" + crypto::Base64UrlEncode(*bytes);
}

}  // namespace

SessionService::SessionService(const Clock& clock, SessionRepository& repo,
                               const crypto::KeyRing& ring, Refresher& refresher,
                               SessionEvents& events, Sleeper& sleeper,
                               SessionServiceOptions options)
    : clock_(clock),
      repo_(repo),
      ring_(ring),
      refresher_(refresher),
      events_(events),
      sleeper_(sleeper),
      options_(std::move(options)) {}

v1::SessionView ViewOf(const SessionRecord& r) {
  v1::SessionView v;
  v.session_ref = r.session_ref;
  v.user = r.user;
  v.groups = r.groups;
  v.roles = r.roles;
  v.created_at = r.created_at;
  v.last_seen_at = r.last_seen_at;
  v.idle_expires_at = r.idle_expires_at;
  v.absolute_expires_at = r.absolute_expires_at;
  v.access_expires_at = r.access_expires_at;
  v.metadata = r.metadata;
  return v;
}

Result<v1::CreateReply> SessionService::Create(const v1::CreateRequest& r) {
  if (r.user.id.empty()) return Error{ErrorCode::kBadRequest, "user.id is required"};
  if (r.tokens.access_token.empty()) {
    return Error{ErrorCode::kBadRequest, "tokens.access_token is required"};
  }
  Result<std::string> id = crypto::RandomId();
  if (!id.ok()) return id.error();
  Result<std::string> ref = NewSessionRef();
  if (!ref.ok()) return ref.error();
  const int64_t now = NowSeconds();
  const SessionTimes times = NewSessionTimes(now, options_.policy);

  SessionRecord rec;
  rec.id_hash = HashSecret(*id);
  rec.session_ref = *ref;
  rec.user = r.user;
  rec.groups = r.groups;
  rec.roles = r.roles;
  rec.claims = r.claims;
  rec.metadata = r.metadata;
  rec.created_at = times.created_at;
  rec.last_seen_at = times.last_seen_at;
  rec.idle_expires_at = times.idle_expires_at;
  rec.absolute_expires_at = times.absolute_expires_at;
  // 0 means the caller does not know; the first access_token call then refreshes.
  rec.access_expires_at = r.tokens.access_expires_at;
  rec.scope = r.tokens.scope;
  Result<SealedTokens> sealed = SealTokens(
      ring_, rec.id_hash, {r.tokens.access_token, r.tokens.refresh_token, r.tokens.id_token});
  if (!sealed.ok()) return sealed.error();
  rec.tokens = std::move(*sealed);
  if (Status s = repo_.InsertSession(rec); !s.ok()) return s.error();

  AuditRecord audit{.action = "session.created", .session_ref = rec.session_ref, .user = rec.user};
  if (auto ip = r.metadata.find("ip"); ip != r.metadata.end()) audit.metadata["ip"] = ip->second;
  events_.Audit(audit);
  v1::CreateReply reply;
  reply.session_id = std::move(*id);
  reply.idle_expires_at = rec.idle_expires_at;
  reply.absolute_expires_at = rec.absolute_expires_at;
  return reply;
}

Result<SessionRecord> SessionService::LoadLive(const std::string& session_id, bool force_touch) {
  if (Status s = ValidateSessionId(session_id); !s.ok()) return s.error();
  const std::string id_hash = HashSecret(session_id);
  Result<std::optional<SessionRecord>> found = repo_.FindSession(id_hash);
  if (!found.ok()) return found.error();
  if (!found->has_value()) return Error{ErrorCode::kNotFound, "no such session"};
  SessionRecord rec = std::move(**found);
  const int64_t now = NowSeconds();
  if (!IsLive(TimesOf(rec), now)) return Error{ErrorCode::kNotFound, "session expired"};
  if (auto slid = SlideIdle(TimesOf(rec), now, options_.policy, force_touch)) {
    if (Status s = repo_.TouchSession(id_hash, slid->last_seen_at, slid->idle_expires_at);
        !s.ok()) {
      return s.error();
    }
    rec.last_seen_at = slid->last_seen_at;
    rec.idle_expires_at = slid->idle_expires_at;
  }
  return rec;
}

Result<v1::SessionView> SessionService::Get(const v1::GetRequest& r) {
  Result<SessionRecord> rec = LoadLive(r.session_id, /*force_touch=*/false);
  if (!rec.ok()) return rec.error();
  return ViewOf(*rec);
}

Result<v1::TouchReply> SessionService::Touch(const v1::TouchRequest& r) {
  Result<SessionRecord> rec = LoadLive(r.session_id, /*force_touch=*/true);
  if (!rec.ok()) return rec.error();
  v1::TouchReply reply;
  reply.idle_expires_at = rec->idle_expires_at;
  reply.absolute_expires_at = rec->absolute_expires_at;
  return reply;
}

void SessionService::Revoke(const SessionRecord& rec, const std::string& reason,
                            const std::string& action, bool by_operator) {
  v1::Revoked revoked;
  revoked.session_refs = {rec.session_ref};
  revoked.reason = reason;
  events_.Revoked(revoked);
  events_.Audit({.action = action,
                 .outcome = action == "session.refresh_failed" ? "failure" : "success",
                 .reason = reason,
                 .session_ref = rec.session_ref,
                 .user = rec.user,
                 .actor_is_service = by_operator});
}

Result<v1::DestroyReply> SessionService::Destroy(const v1::DestroyRequest& r) {
  Result<std::optional<SessionRecord>> gone = std::optional<SessionRecord>();
  if (!r.session_id.empty()) {
    if (Status s = ValidateSessionId(r.session_id); !s.ok()) return s.error();
    gone = repo_.DeleteSession(HashSecret(r.session_id));
  } else if (!r.session_ref.empty()) {
    gone = repo_.DeleteSessionByRef(r.session_ref);
  } else {
    return Error{ErrorCode::kBadRequest, "session_id or session_ref is required"};
  }
  if (!gone.ok()) return gone.error();
  v1::DestroyReply reply;
  reply.destroyed = gone->has_value();
  if (reply.destroyed) {
    Revoke(**gone, r.reason.empty() ? "logout" : r.reason, "session.destroyed",
           /*by_operator=*/r.session_id.empty());
  }
  return reply;
}

Result<v1::DestroyUserReply> SessionService::DestroyUser(const v1::DestroyUserRequest& r) {
  if (r.user_id.empty()) return Error{ErrorCode::kBadRequest, "user_id is required"};
  Result<std::vector<std::string>> refs = repo_.DeleteUserSessions(r.user_id, r.tenant);
  if (!refs.ok()) return refs.error();
  const std::string reason = r.reason.empty() ? "admin" : r.reason;
  v1::Revoked revoked;
  revoked.session_refs = *refs;
  revoked.user_id = r.user_id;
  revoked.reason = reason;
  // Broadcast even when nothing was stored here: a gateway may still cache a session.
  events_.Revoked(revoked);
  AuditRecord audit{.action = "session.revoked_all",
                    .reason = reason,
                    .user = proto::UserRef{.id = r.user_id, .tenant = r.tenant},
                    .actor_is_service = true};
  audit.metadata["sessions"] = std::to_string(refs->size());
  events_.Audit(audit);
  v1::DestroyUserReply reply;
  reply.destroyed = static_cast<int64_t>(refs->size());
  return reply;
}

Result<v1::ListUserReply> SessionService::ListUser(const v1::ListUserRequest& r) {
  if (r.user_id.empty()) return Error{ErrorCode::kBadRequest, "user_id is required"};
  Result<std::vector<SessionRecord>> rows = repo_.ListUserSessions(r.user_id, r.tenant);
  if (!rows.ok()) return rows.error();
  const int64_t now = NowSeconds();
  v1::ListUserReply reply;
  for (const SessionRecord& rec : *rows) {
    if (IsLive(TimesOf(rec), now)) reply.sessions.push_back(ViewOf(rec));
  }
  return reply;
}

std::chrono::milliseconds SessionService::Remaining(TimePoint deadline) const {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_.Now());
  return std::max(left, std::chrono::milliseconds(0));
}

}  // namespace portcullis::session_store
