#pragma once
// The session store's subjects on a bus::Service: subject -> decode -> logic -> reply.
//
//   bus::Service svc(conn, {.name = "session-store", .version = "0.1.0", .workers = 8});
//   AddSessionEndpoints(svc, prefix, sessions, logins);
//   svc.Start();

#include <string>

#include "login_service.h"
#include "portcullis/bus/service.h"
#include "session_service.h"

namespace portcullis::session_store {

// session.v1.{create,get,access_token,touch,destroy,destroy_user,list_user} and
// login.v1.{begin,take}. The services must outlive `svc`.
void AddSessionEndpoints(bus::Service& svc, const std::string& prefix, SessionService& sessions,
                         LoginService& logins);

}  // namespace portcullis::session_store
