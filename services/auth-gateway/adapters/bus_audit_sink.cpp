#include "adapters/bus_audit_sink.h"

#include <spdlog/spdlog.h>

#include "portcullis/bus/audit_event.h"

namespace portcullis::gateway {

void BusAuditSink::Emit(const AuditRecord& r) {
  proto::audit::v1::Event e;
  TimePoint now = clock_.Now();
  e.id = bus::NewUuidV7(now);
  e.time = bus::FormatRfc3339Micros(now);
  e.actor = {r.actor_type, r.actor_id, r.actor_name, r.ip, r.user_agent};
  e.action = r.action;
  e.resource = {r.resource_type, r.resource_id, ""};
  e.outcome = r.outcome;
  e.reason = r.reason;
  e.request_id = r.request_id;
  e.tenant = r.tenant;
  e.metadata = r.metadata;
  e.source = {"auth-gateway", instance_id_};
  if (Status s = publisher_.Publish(e); !s.ok()) {
    spdlog::error("audit event {} not published: {}", r.action, s.error().ToString());
  }
}

void LogAuditSink::Emit(const AuditRecord& r) {
  spdlog::info("audit {} {} reason={} actor={} ip={} request_id={}", r.action, r.outcome, r.reason,
               r.actor_id, r.ip, r.request_id);
}

}  // namespace portcullis::gateway
