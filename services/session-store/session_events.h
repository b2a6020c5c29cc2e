#pragma once
// SessionEvents: what the session logic tells the rest of the suite. NatsSessionEvents (adapters/)
// broadcasts `session.v1.revoked` and publishes audit events through libs/bus's AuditPublisher;
// testing::RecordingSessionEvents keeps them for assertions.
//
//   events.Revoked({.session_refs = {ref}, .reason = "logout"});
//   events.Audit({.action = "session.destroyed", .session_ref = ref, .user = user});
//
// Both calls are best effort from the logic's point of view (the adapter logs failures; the
// AuditPublisher spools). Thread-safe.

#include <map>
#include <string>

#include "portcullis/proto/common.h"
#include "portcullis/proto/session/v1/messages.h"

namespace portcullis::session_store {

struct AuditRecord {
  std::string action;               // "session.created", "session.refreshed", ...
  std::string outcome = "success";  // success | failure
  std::string reason;
  std::string session_ref;  // resource id ("" for revoked_all)
  proto::UserRef user;      // the session's user (actor unless actor_is_service)
  bool actor_is_service = false;
  std::map<std::string, std::string> metadata;  // never secrets
};

class SessionEvents {
 public:
  virtual ~SessionEvents() = default;
  virtual void Revoked(const proto::session::v1::Revoked& revoked) = 0;
  virtual void Audit(const AuditRecord& record) = 0;
};

}  // namespace portcullis::session_store
