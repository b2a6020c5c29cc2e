#include "login_service.h"

#include <spdlog/spdlog.h>

#include "session_rules.h"
#include "token_sealing.h"

namespace portcullis::session_store {

namespace lv = proto::login::v1;

LoginService::LoginService(const Clock& clock, SessionRepository& repo, const crypto::KeyRing& ring,
                           LoginServiceOptions options)
    : clock_(clock), repo_(repo), ring_(ring), options_(options) {}

Result<lv::BeginReply> LoginService::Begin(const lv::BeginRequest& r) {
  if (Status s = ValidatePendingLogin(r.state, r.code_verifier, r.return_to); !s.ok()) {
    return s.error();
  }
  if (r.nonce.size() > 512 || r.provider.size() > 256) {
    return Error{ErrorCode::kBadRequest, "nonce or provider too long"};
  }
  const int64_t now = ToUnixSeconds(clock_.Now());
  Result<int64_t> expires = PendingLoginExpiry(now, r.ttl_s, options_.max_ttl);
  if (!expires.ok()) return expires.error();
  PendingLoginRecord rec;
  rec.state_hash = HashSecret(r.state);
  Result<crypto::Bytes> verifier =
      SealColumn(ring_, kPendingLoginsTable, rec.state_hash, "code_verifier", r.code_verifier);
  if (!verifier.ok()) return verifier.error();
  rec.key_id = ring_.active_id();
  rec.code_verifier = std::move(*verifier);
  rec.nonce = r.nonce;
  rec.return_to = r.return_to;
  rec.provider = r.provider;
  rec.created_at = now;
  rec.expires_at = *expires;
  if (Status s = repo_.InsertPendingLogin(rec); !s.ok()) {
    if (s.code() == ErrorCode::kConflict) {
      return Error{ErrorCode::kConflict, "state is already pending"};
    }
    return s.error();
  }
  lv::BeginReply reply;
  reply.expires_at = rec.expires_at;
  return reply;
}

Result<lv::TakeReply> LoginService::Take(const lv::TakeRequest& r) {
  if (r.state.empty() || r.state.size() > 512) {
    return Error{ErrorCode::kBadRequest, "state must be 1-512 characters"};
  }
  const std::string state_hash = HashSecret(r.state);
  Result<std::optional<PendingLoginRecord>> taken = repo_.TakePendingLogin(state_hash);
  if (!taken.ok()) return taken.error();
  if (!taken->has_value()) return Error{ErrorCode::kNotFound, "no pending login for this state"};
  const PendingLoginRecord& rec = **taken;
  // Taken rows are gone either way: an expired one must not be handed out later either.
  if (ToUnixSeconds(clock_.Now()) >= rec.expires_at) {
    return Error{ErrorCode::kNotFound, "the pending login expired"};
  }
  Result<std::string> verifier =
      OpenColumn(ring_, kPendingLoginsTable, state_hash, "code_verifier", rec.code_verifier);
  if (!verifier.ok()) {
    spdlog::error("pending login: verifier does not open: {}", verifier.error().ToString());
    return Error{ErrorCode::kInternal, "stored verifier unreadable"};
  }
  lv::TakeReply reply;
  reply.code_verifier = std::move(*verifier);
  reply.nonce = rec.nonce;
  reply.return_to = rec.return_to;
  reply.provider = rec.provider;
  reply.created_at = rec.created_at;
  return reply;
}

}  // namespace portcullis::session_store
