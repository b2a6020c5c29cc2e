#include "adapters/nats_session_events.h"

#include <nats/nats.h>
#include <spdlog/spdlog.h>

#include "portcullis/bus/audit_event.h"
#include "portcullis/bus/codec.h"
#include "portcullis/proto/session/v1/subjects.h"

namespace portcullis::session_store {

NatsSessionEvents::NatsSessionEvents(bus::Connection& connection, bus::AuditPublisher* publisher,
                                     const Clock& clock, std::string prefix,
                                     std::string instance_id)
    : connection_(connection),
      publisher_(publisher),
      clock_(clock),
      prefix_(std::move(prefix)),
      instance_id_(std::move(instance_id)) {}

void NatsSessionEvents::Revoked(const proto::session::v1::Revoked& revoked) {
  const std::string subject = proto::session::v1::RevokedSubject(prefix_);
  const std::string body = bus::Encode(revoked);
  natsStatus s = natsConnection_Publish(connection_.raw(), subject.c_str(), body.data(),
                                        static_cast<int>(body.size()));
  if (s == NATS_OK) s = natsConnection_Flush(connection_.raw());
  if (s != NATS_OK) {
    spdlog::error("revocation broadcast of {} session(s) not sent: {}", revoked.session_refs.size(),
                  natsStatus_GetText(s));
  }
}

void NatsSessionEvents::Audit(const AuditRecord& r) {
  if (publisher_ == nullptr) return;
  proto::audit::v1::Event e;
  const TimePoint now = clock_.Now();
  e.id = bus::NewUuidV7(now);
  e.time = bus::FormatRfc3339Micros(now);
  if (r.actor_is_service) {
    e.actor = {.type = "service", .id = "session-store"};
  } else {
    e.actor = {.type = "user", .id = r.user.id, .display_name = r.user.name};
  }
  if (auto ip = r.metadata.find("ip"); ip != r.metadata.end()) e.actor.ip = ip->second;
  e.action = r.action;
  e.resource = {.type = r.session_ref.empty() ? "user" : "session",
                .id = r.session_ref.empty() ? r.user.id : r.session_ref};
  e.outcome = r.outcome;
  e.reason = r.reason;
  e.tenant = r.user.tenant;
  e.metadata = r.metadata;
  e.source = {.service = "session-store", .instance_id = instance_id_};
  if (Status s = publisher_->Publish(e); !s.ok()) {
    spdlog::error("audit event {} not accepted: {}", r.action, s.error().ToString());
  }
}

}  // namespace portcullis::session_store
