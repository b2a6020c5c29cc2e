#include "adapters/nats_session_client.h"

#include "portcullis/proto/login/v1/messages.h"
#include "portcullis/proto/login/v1/subjects.h"
#include "portcullis/proto/session/v1/messages.h"
#include "portcullis/proto/session/v1/subjects.h"

namespace portcullis::gateway {
namespace {

namespace sv1 = proto::session::v1;
namespace lv1 = proto::login::v1;

UserInfo FromWire(const proto::UserRef& u) { return {u.id, u.tenant, u.issuer, u.name, u.email}; }
proto::UserRef ToWire(const UserInfo& u) { return {u.id, u.tenant, u.issuer, u.name, u.email}; }

}  // namespace

NatsSessionClient::NatsSessionClient(bus::Connection& connection, std::string prefix,
                                     std::chrono::milliseconds timeout)
    : connection_(connection), client_(connection), prefix_(std::move(prefix)), timeout_(timeout) {}

Status NatsSessionClient::BeginLogin(const PendingLogin& login) {
  lv1::BeginRequest req;
  req.state = login.state;
  req.code_verifier = login.code_verifier;
  req.nonce = login.nonce;
  req.return_to = login.return_to;
  req.provider = login.provider;
  req.ttl_s = login.ttl_s;
  auto r = client_.Request<lv1::BeginRequest, lv1::BeginReply>(lv1::BeginSubject(prefix_), req,
                                                               timeout_);
  if (!r.ok()) return r.error();
  return OkStatus();
}

Result<PendingLogin> NatsSessionClient::TakeLogin(const std::string& state) {
  lv1::TakeRequest req;
  req.state = state;
  auto r =
      client_.Request<lv1::TakeRequest, lv1::TakeReply>(lv1::TakeSubject(prefix_), req, timeout_);
  if (!r.ok()) return r.error();
  return PendingLogin{state, r->code_verifier, r->nonce, r->return_to, r->provider, 0};
}

Result<CreatedSession> NatsSessionClient::Create(const NewSession& s) {
  sv1::CreateRequest req;
  req.user = ToWire(s.user);
  req.claims = s.claims;
  req.groups = s.groups;
  req.roles = s.roles;
  req.tokens.access_token = s.tokens.access_token;
  req.tokens.refresh_token = s.tokens.refresh_token;
  req.tokens.id_token = s.tokens.id_token;
  req.tokens.scope = s.tokens.scope;
  req.tokens.access_expires_at = s.tokens.access_expires_at;
  req.metadata = s.metadata;
  auto r = client_.Request<sv1::CreateRequest, sv1::CreateReply>(sv1::CreateSubject(prefix_), req,
                                                                 timeout_);
  if (!r.ok()) return r.error();
  return CreatedSession{r->session_id, r->idle_expires_at, r->absolute_expires_at};
}

Result<SessionInfo> NatsSessionClient::Get(const std::string& session_id) {
  sv1::GetRequest req;
  req.session_id = session_id;
  auto r =
      client_.Request<sv1::GetRequest, sv1::SessionView>(sv1::GetSubject(prefix_), req, timeout_);
  if (!r.ok()) return r.error();
  SessionInfo s;
  s.session_ref = r->session_ref;
  s.user = FromWire(r->user);
  s.groups = r->groups;
  s.roles = r->roles;
  s.created_at = r->created_at;
  s.idle_expires_at = r->idle_expires_at;
  s.absolute_expires_at = r->absolute_expires_at;
  s.access_expires_at = r->access_expires_at;
  return s;
}

Result<AccessToken> NatsSessionClient::GetAccessToken(const std::string& session_id,
                                                      std::chrono::seconds min_remaining) {
  sv1::AccessTokenRequest req;
  req.session_id = session_id;
  req.min_remaining_s = min_remaining.count();
  auto r = client_.Request<sv1::AccessTokenRequest, sv1::AccessTokenReply>(
      sv1::AccessTokenSubject(prefix_), req, timeout_);
  if (!r.ok()) return r.error();
  return AccessToken{r->access_token, r->expires_at};
}

Result<bool> NatsSessionClient::Destroy(const std::string& session_id, const std::string& reason) {
  sv1::DestroyRequest req;
  req.session_id = session_id;
  req.reason = reason;
  auto r = client_.Request<sv1::DestroyRequest, sv1::DestroyReply>(sv1::DestroySubject(prefix_),
                                                                   req, timeout_);
  if (!r.ok()) return r.error();
  return r->destroyed;
}

Status NatsSessionClient::Ping() {
  if (!connection_.IsConnected()) return Error{ErrorCode::kUnavailable, "NATS is not connected"};
  // A get for an id that cannot exist: not_found proves session-store answers.
  Result<SessionInfo> r = Get("readiness-probe");
  if (r.ok() || r.code() == ErrorCode::kNotFound || r.code() == ErrorCode::kBadRequest) {
    return OkStatus();
  }
  return r.error();
}

}  // namespace portcullis::gateway
