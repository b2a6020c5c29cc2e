#pragma once
// Audit sinks: BusAuditSink turns AuditRecords into proto audit events on libs/bus's
// AuditPublisher (JetStream AUTH_AUDIT, spooled across outages); LogAuditSink writes them to the
// log when no spool is configured. Both are thread-safe and never block the request for long.

#include <memory>
#include <string>

#include "audit_sink.h"
#include "portcullis/bus/audit_publisher.h"
#include "portcullis/common/clock.h"

namespace portcullis::gateway {

class BusAuditSink final : public AuditSink {
 public:
  BusAuditSink(bus::AuditPublisher& publisher, const Clock& clock, std::string instance_id)
      : publisher_(publisher), clock_(clock), instance_id_(std::move(instance_id)) {}
  void Emit(const AuditRecord& record) override;

 private:
  bus::AuditPublisher& publisher_;
  const Clock& clock_;
  std::string instance_id_;
};

class LogAuditSink final : public AuditSink {
 public:
  void Emit(const AuditRecord& record) override;
};

}  // namespace portcullis::gateway
