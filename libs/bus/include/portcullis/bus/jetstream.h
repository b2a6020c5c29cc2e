#pragma once
// JetStream set-up for the audit trail.
//
//   AuditStreamOptions o;  o.prefix = "auth";  o.replicas = 3;
//   if (Status s = EnsureAuditStream(conn, o); !s.ok()) ...   // kUnavailable

#include <chrono>
#include <string>

#include "portcullis/bus/connection.h"
#include "portcullis/common/result.h"

namespace portcullis::bus {

struct AuditStreamOptions {
  std::string prefix = "auth";
  std::string stream = "AUTH_AUDIT";
  int replicas = 1;                                           // 3 on a NATS cluster
  std::chrono::seconds max_age{std::chrono::hours(24 * 30)};  // 0: keep forever
  std::chrono::seconds duplicate_window{120};                 // Nats-Msg-Id dedupe window
};

// Creates the stream (subjects "<prefix>.audit.events.>", file storage) or updates an existing
// one to these settings. kUnavailable when JetStream does not answer or refuses, with its reason.
Status EnsureAuditStream(Connection& connection, const AuditStreamOptions& options);

}  // namespace portcullis::bus
