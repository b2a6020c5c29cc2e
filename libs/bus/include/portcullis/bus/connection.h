#pragma once
// Connection: one NATS connection with retry at start, reconnection forever with backoff, state
// changes logged (spdlog default logger) and counted, and drain on shutdown.
//
//   ConnectionOptions o;  o.url = "nats://127.0.0.1:4222";  o.name = "session-store";
//   Result<std::unique_ptr<Connection>> c = Connection::Connect(o);
//   if (!c.ok()) { spdlog::error("{}", c.error().ToString()); return 1; }   // kUnavailable
//   Service svc(**c, {...});  Client client(**c);
//   (*c)->Drain(std::chrono::seconds(5));                                    // at shutdown
//
// Thread-safe: share one Connection between Services, Clients and an AuditPublisher; it must
// outlive them.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "portcullis/bus/backoff.h"
#include "portcullis/bus/nats_handles.h"
#include "portcullis/common/result.h"

namespace portcullis::bus {

struct ConnectionOptions {
  std::string url = "nats://127.0.0.1:4222";  // comma-separated list allowed
  std::string name;                           // shown by the server (connz) and in logs
  // Start-up: attempts until connected or this much time has passed (then kUnavailable).
  std::chrono::milliseconds connect_deadline{30000};
  std::chrono::milliseconds connect_timeout{2000};  // one attempt
  // Delay between connect attempts and between reconnect attempts (forever).
  BackoffPolicy backoff;
  // Replies go out at once instead of being buffered (REPORT.md §4 gotcha 1: ~1k rt/s without).
  bool send_asap = true;
  // Requests in flight fail at once on a disconnect instead of waiting for their timeout.
  bool fail_requests_on_disconnect = true;
};

struct ConnectionStats {
  uint64_t disconnects = 0;
  uint64_t reconnects = 0;
  uint64_t connect_attempts = 0;
};

class Connection {
 public:
  // Connects, retrying with backoff until options.connect_deadline. Then kUnavailable naming
  // the URL and the last failure. kBadRequest for options nats.c rejects (a malformed URL).
  static Result<std::unique_ptr<Connection>> Connect(const ConnectionOptions& options);

  // Drains (bounded by 5 s) unless Drain() was called, then closes.
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // True while connected (not reconnecting, draining or closed).
  bool IsConnected() const;

  // Flushes and measures the server round trip. kUnavailable when not answered within timeout.
  Result<std::chrono::microseconds> Rtt(std::chrono::milliseconds timeout) const;

  // Stops subscriptions, lets handlers finish, flushes and closes. Later calls return OK.
  Status Drain(std::chrono::milliseconds timeout);

  ConnectionStats stats() const;
  const std::string& name() const { return name_; }

  // The underlying handle for libs/bus internals. Never null; owned by this Connection.
  natsConnection* raw() const { return nc_.get(); }

 private:
  explicit Connection(std::string name);
  static void OnDisconnected(natsConnection* nc, void* closure);
  static void OnReconnected(natsConnection* nc, void* closure);
  static void OnClosed(natsConnection* nc, void* closure);
  static int64_t ReconnectDelay(natsConnection* nc, int attempts, void* closure);

  std::string name_;
  BackoffPolicy backoff_;
  NatsConnectionPtr nc_;
  std::atomic<bool> drained_{false};
  std::atomic<bool> closed_seen_{false};
  std::atomic<uint64_t> disconnects_{0};
  std::atomic<uint64_t> reconnects_{0};
  std::atomic<uint64_t> connect_attempts_{0};
};

}  // namespace portcullis::bus
