#pragma once
// The gateway's Prometheus metrics (issue 7 "/metrics"): requests by route and status, latency
// histograms by route, logins by outcome, authentication failures by reason, session cache hits
// and misses, upstream errors by route and code. Thread-safe.

#include <string>
#include <string_view>

#include "portcullis/http/metrics.h"

namespace portcullis::gateway {

class GatewayMetrics {
 public:
  GatewayMetrics();

  void Request(std::string_view route, int status, double seconds);
  void Login(std::string_view outcome, std::string_view reason);  // outcome: success | failure
  void AuthFailure(std::string_view reason);  // csrf_*, token_rejected, rate_limited, ...
  void SessionCache(bool hit);
  void UpstreamError(std::string_view route, std::string_view code);

  std::string Render() const { return registry_.Render(); }

 private:
  http::MetricsRegistry registry_;
  http::CounterFamily& requests_;
  http::HistogramFamily& latency_;
  http::CounterFamily& logins_;
  http::CounterFamily& auth_failures_;
  http::CounterFamily& cache_;
  http::CounterFamily& upstream_errors_;
  http::Counter& cache_hits_;
  http::Counter& cache_misses_;
};

}  // namespace portcullis::gateway
