#include "gateway_metrics.h"

namespace portcullis::gateway {

GatewayMetrics::GatewayMetrics()
    : requests_(registry_.AddCounter("portcullis_gateway_requests_total",
                                     "HTTP requests answered, by route and status",
                                     {"route", "status"})),
      latency_(registry_.AddHistogram("portcullis_gateway_request_duration_seconds",
                                      "Time from request to response head, by route", {"route"},
                                      http::DefaultLatencyBuckets())),
      logins_(registry_.AddCounter("portcullis_gateway_logins_total",
                                   "Completed login callbacks, by outcome and reason",
                                   {"outcome", "reason"})),
      auth_failures_(registry_.AddCounter("portcullis_gateway_auth_failures_total",
                                          "Requests refused by a defence, by reason", {"reason"})),
      cache_(registry_.AddCounter("portcullis_gateway_session_cache_total",
                                  "Session cache lookups on the cookie path", {"result"})),
      upstream_errors_(registry_.AddCounter("portcullis_gateway_upstream_errors_total",
                                            "Proxied calls that failed, by route and code",
                                            {"route", "code"})),
      cache_hits_(cache_.With({"hit"})),
      cache_misses_(cache_.With({"miss"})) {}

void GatewayMetrics::Request(std::string_view route, int status, double seconds) {
  requests_.With({std::string(route), std::to_string(status)}).Increment();
  latency_.With({std::string(route)}).Observe(seconds);
}

void GatewayMetrics::Login(std::string_view outcome, std::string_view reason) {
  logins_.With({std::string(outcome), std::string(reason)}).Increment();
}

void GatewayMetrics::AuthFailure(std::string_view reason) {
  auth_failures_.With({std::string(reason)}).Increment();
}

void GatewayMetrics::SessionCache(bool hit) { (hit ? cache_hits_ : cache_misses_).Increment(); }

void GatewayMetrics::UpstreamError(std::string_view route, std::string_view code) {
  upstream_errors_.With({std::string(route), std::string(code)}).Increment();
}

}  // namespace portcullis::gateway
