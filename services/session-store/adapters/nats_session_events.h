#pragma once
// NatsSessionEvents: SessionEvents over NATS. Revocations are a plain publish on
// `<prefix>.session.v1.revoked` (every gateway subscribes, no queue group); audit events go
// through libs/bus's AuditPublisher (JetStream AUTH_AUDIT, spooled while NATS is down).
//
//   NatsSessionEvents events(conn, publisher.get(), clock, prefix, svc.instance_id());
//
// A revocation that cannot be published is logged: the session is gone from the store either
// way, so a gateway that missed it learns on its next `get` (not_found). Thread-safe.

#include <string>

#include "portcullis/bus/audit_publisher.h"
#include "portcullis/bus/connection.h"
#include "portcullis/common/clock.h"
#include "session_events.h"

namespace portcullis::session_store {

class NatsSessionEvents final : public SessionEvents {
 public:
  // `publisher` may be null (no audit, e.g. in tools); every reference must outlive this.
  NatsSessionEvents(bus::Connection& connection, bus::AuditPublisher* publisher, const Clock& clock,
                    std::string prefix, std::string instance_id);
  void Revoked(const proto::session::v1::Revoked& revoked) override;
  void Audit(const AuditRecord& record) override;

 private:
  bus::Connection& connection_;
  bus::AuditPublisher* publisher_;
  const Clock& clock_;
  const std::string prefix_;
  const std::string instance_id_;
};

}  // namespace portcullis::session_store
