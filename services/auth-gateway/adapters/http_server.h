#pragma once
// HttpServer: the gateway's HTTP edge on Pistache. Every request becomes a RequestView and is
// dispatched: the gateway's own endpoints (/, /healthz, /readyz, /metrics, /auth/*,
// /.well-known/oauth-protected-resource) and the proxy routes. Calls that block (session-store,
// the provider) run on a WorkerPool with the ResponseWriter moved into a shared_ptr; a cached
// cookie session or a Bearer token is forwarded straight from the reactor thread. Answers are
// written with typed headers only (Pistache drops raw ones). Pistache exceptions stop here.
//
//   HttpServer http(service, table, limiter, metrics, proxy, sessions, audit, options);
//   if (Status s = http.Start(); !s.ok()) ...
//   ... WaitForShutdownSignal(); http.Stop();
//
// Start() must follow BlockShutdownSignals() (the endpoint's threads inherit the mask).

#include <chrono>
#include <memory>
#include <string>

#include "audit_sink.h"
#include "gateway_metrics.h"
#include "gateway_service.h"
#include "portcullis/common/result.h"
#include "portcullis/proxy/upstream_proxy.h"
#include "rate_limiter.h"
#include "route_table.h"
#include "session_client.h"

namespace Pistache::Http {
class Endpoint;
}

namespace portcullis::gateway {

struct HttpServerOptions {
  std::string bind = "127.0.0.1";
  int port = 8080;
  int threads = 2;
  int workers = 8;
  size_t max_queued_work = 4096;
  size_t max_request_bytes = 64 * 1024;
  size_t max_url_bytes = 8192;
  std::string forwarded_proto = "http";  // the public base URL's scheme
  std::chrono::milliseconds upstream_timeout{30000};
  // Pistache's header/body timeout; it also cuts proxied streams that last longer (see .cpp).
  std::chrono::milliseconds request_timeout{300000};
};

struct HttpServerDeps {
  GatewayService& service;
  const RouteTable& routes;
  RateLimiter& auth_limiter;
  GatewayMetrics& metrics;
  proxy::UpstreamProxy& proxy;
  SessionClient& sessions;  // readiness
  AuditSink& audit;
};

class HttpServer {
 public:
  HttpServer(HttpServerDeps deps, HttpServerOptions options);
  ~HttpServer();

  // Binds and serves on background threads. kUnavailable when the address cannot be bound.
  Status Start();
  // Stops serving, then lets queued work finish; idempotent.
  void Stop();
  int port() const { return options_.port; }

  class State;

 private:
  std::shared_ptr<State> state_;
  HttpServerOptions options_;
  std::shared_ptr<Pistache::Http::Endpoint> endpoint_;
};

}  // namespace portcullis::gateway
