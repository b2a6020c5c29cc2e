#pragma once
// AuditSink: where the gateway's audit facts go (issue 7: login_succeeded, login_failed, logout,
// csrf_rejected, token_rejected, rate_limited, upstream_error). adapters/bus_audit_sink turns a
// record into a proto audit event on libs/bus's AuditPublisher; tests collect records.
// Emit never blocks the request path for long and never fails the request. Thread-safe.

#include <map>
#include <string>

namespace portcullis::gateway {

struct AuditRecord {
  std::string action;                    // "session.login_succeeded", "gateway.csrf_rejected", ...
  std::string outcome;                   // success | failure | denied
  std::string reason;                    // machine-readable cause, may be ""
  std::string actor_type = "anonymous";  // user | service | anonymous
  std::string actor_id;
  std::string actor_name;
  std::string ip;
  std::string user_agent;
  std::string request_id;
  std::string tenant;
  std::string resource_type;
  std::string resource_id;
  std::map<std::string, std::string> metadata;  // never secrets
};

class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual void Emit(const AuditRecord& record) = 0;
};

}  // namespace portcullis::gateway
