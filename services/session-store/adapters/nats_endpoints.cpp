#include "adapters/nats_endpoints.h"

#include "portcullis/proto/login/v1/subjects.h"
#include "portcullis/proto/session/v1/subjects.h"

namespace portcullis::session_store {

namespace sv = proto::session::v1;
namespace lv = proto::login::v1;

void AddSessionEndpoints(bus::Service& svc, const std::string& p, SessionService& s,
                         LoginService& l) {
  svc.AddEndpoint<sv::CreateRequest, sv::CreateReply>(
      "create", sv::CreateSubject(p), [&s](const sv::CreateRequest& r) { return s.Create(r); });
  svc.AddEndpoint<sv::GetRequest, sv::SessionView>(
      "get", sv::GetSubject(p), [&s](const sv::GetRequest& r) { return s.Get(r); });
  svc.AddEndpoint<sv::AccessTokenRequest, sv::AccessTokenReply>(
      "access_token", sv::AccessTokenSubject(p),
      [&s](const sv::AccessTokenRequest& r) { return s.AccessToken(r); });
  svc.AddEndpoint<sv::TouchRequest, sv::TouchReply>(
      "touch", sv::TouchSubject(p), [&s](const sv::TouchRequest& r) { return s.Touch(r); });
  svc.AddEndpoint<sv::DestroyRequest, sv::DestroyReply>(
      "destroy", sv::DestroySubject(p), [&s](const sv::DestroyRequest& r) { return s.Destroy(r); });
  svc.AddEndpoint<sv::DestroyUserRequest, sv::DestroyUserReply>(
      "destroy_user", sv::DestroyUserSubject(p),
      [&s](const sv::DestroyUserRequest& r) { return s.DestroyUser(r); });
  svc.AddEndpoint<sv::ListUserRequest, sv::ListUserReply>(
      "list_user", sv::ListUserSubject(p),
      [&s](const sv::ListUserRequest& r) { return s.ListUser(r); });
  svc.AddEndpoint<lv::BeginRequest, lv::BeginReply>(
      "login_begin", lv::BeginSubject(p), [&l](const lv::BeginRequest& r) { return l.Begin(r); });
  svc.AddEndpoint<lv::TakeRequest, lv::TakeReply>(
      "login_take", lv::TakeSubject(p), [&l](const lv::TakeRequest& r) { return l.Take(r); });
}

}  // namespace portcullis::session_store
