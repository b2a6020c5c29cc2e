#pragma once
// Service: typed request/reply endpoints in a queue group named after the service, plus the NATS
// services discovery protocol ($SRV.PING/INFO/STATS, srv_protocol.h) so standard tooling lists
// every instance.
//
//   Service svc(conn, {.name = "session-store", .version = "0.1.0"});
//   svc.AddEndpoint<GetRequest, SessionView>("get", session::v1::GetSubject(prefix),
//       [&](const GetRequest& r) { return logic.Get(r); });        // Result<SessionView>
//   if (Status s = svc.Start(); !s.ok()) ...                        // kUnavailable
//   ...
//   svc.Stop();                                                     // drains, waits for handlers
//
// Each request is answered exactly once: a decode failure is `bad_request`, a request queued
// behind more than max_queued others `unavailable`, a handler exception `internal` plus one log
// line. Handlers run on `workers`
// threads per endpoint and may be called concurrently. Thread-safe after Start(); AddEndpoint only
// before.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "portcullis/bus/codec.h"
#include "portcullis/bus/connection.h"
#include "portcullis/bus/dispatch.h"
#include "portcullis/bus/nats_handles.h"
#include "portcullis/bus/srv_protocol.h"
#include "portcullis/common/clock.h"
#include "portcullis/common/result.h"

namespace portcullis::bus {

struct ServiceConfig {
  std::string name;               // "session-store": queue group and $SRV name
  std::string version = "0.0.0";  // semantic version for $SRV
  std::string description;
  // Handler threads per endpoint. They pull requests straight from the endpoint's (synchronous)
  // subscription, so a request costs no extra thread hand-off (see README.md, benchmark).
  std::size_t workers = 4;
  // Requests waiting per endpoint beyond which workers answer `unavailable` at once. Past
  // max(4 x this, 4096) requests or 256 MiB, nats.c drops requests (slow consumer, logged) and
  // callers time out: memory stays bounded even when every worker is stuck.
  std::size_t max_queued = 1024;
  DecodeLimits limits;  // applied to every request payload
  std::chrono::milliseconds drain_timeout{5000};
};

class Service {
 public:
  // `connection` must outlive the Service.
  Service(Connection& connection, ServiceConfig config);
  ~Service();  // Stop()
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Registers `handler` for `subject` under the endpoint name `name`. Before Start() only.
  template <typename Req, typename Resp>
  void AddEndpoint(std::string name, std::string subject,  // NOLINT(performance-*): moved below
                   std::function<Result<Resp>(const Req&)> handler) {
    AddRawEndpoint(std::move(name), std::move(subject),
                   MakeRawHandler<Req, Resp>(std::move(handler)));
  }
  void AddRawEndpoint(std::string name, std::string subject, RawHandler handler);

  // Subscribes every endpoint (queue group = config.name) and the $SRV subjects (plain, so every
  // instance answers), then flushes so the subscriptions are live on return. kUnavailable when
  // NATS refuses; kBadRequest when called twice or with an empty name.
  Status Start();

  // Stops taking requests, lets queued ones finish (bounded by drain_timeout). Idempotent.
  void Stop();

  const std::string& instance_id() const { return identity_.id; }
  const ServiceIdentity& identity() const { return identity_; }
  std::vector<EndpointStats> Stats() const;

 private:
  struct Endpoint;
  void WorkerLoop(Endpoint& endpoint);
  int HardCap() const;
  static void OnDiscovery(natsConnection* nc, natsSubscription* sub, natsMsg* raw, void* closure);
  void Handle(Endpoint& endpoint, NatsMsgPtr msg);

  Connection& connection_;
  ServiceConfig config_;
  ServiceIdentity identity_;
  TimePoint started_at_{};
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
  std::vector<NatsSubscriptionPtr> discovery_subs_;
  std::atomic<bool> stopping_{false};
  std::mutex lifecycle_mu_;
  bool started_ = false;  // GUARDED_BY(lifecycle_mu_)
  bool stopped_ = false;  // GUARDED_BY(lifecycle_mu_)
};

// A random instance id: 22 characters of [0-9A-Za-z], like the ids nats.go's micro assigns.
std::string NewInstanceId();

}  // namespace portcullis::bus
