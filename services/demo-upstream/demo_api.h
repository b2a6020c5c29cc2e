#pragma once
// DemoApi: the agent-platform stand-in's logic. Every /api/* request must carry a Bearer token
// that the BearerAuthenticator accepts; then
//   GET  /api/whoami                     the caller and the claims as verified (JSON)
//   GET  /api/ping                       "pong" (benchmarks)
//   GET  /api/stream?n=N&interval_ms=M   N server-sent events, M ms apart
//   POST /api/echo                       the request body back, same Content-Type
// No Pistache here: the adapter turns a request into DemoRequest and writes the DemoReply.
//
//   DemoApi api(authenticator, {.max_events = 10000});
//   DemoReply reply = api.Handle({.method = "GET", .path = "/api/ping", .authorization = h});
//
// Thread-safe if the authenticator is (CompositeBearerAuthenticator is).

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "portcullis/common/result.h"

namespace portcullis::demo_upstream {

// Who called: the provider that accepted the credential and what it said.
struct Principal {
  std::string provider;     // e.g. "dev-idp", "service-tokens"
  std::string subject;      // "sub", or the service name of a static token
  std::string claims_json;  // the verified claims as JSON; "{}" for static service tokens
};

// The port to libs/token. kUnauthorized (detail: the precise reason, for logs) or kUnavailable
// (the issuer's keys cannot be fetched).
class BearerAuthenticator {
 public:
  virtual ~BearerAuthenticator() = default;
  virtual Result<Principal> Authenticate(std::string_view token) const = 0;
};

struct DemoRequest {
  std::string method;
  std::string path;  // without the query
  std::map<std::string, std::string> query;
  std::optional<std::string> authorization;  // the Authorization header, if any
  std::string content_type;
  std::string body;
};

struct StreamPlan {
  int events = 0;
  std::chrono::milliseconds interval{0};
};

struct DemoReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string www_authenticate;      // set on 401
  std::optional<StreamPlan> stream;  // set: answer with SseEvent(0..events-1), interval apart
};

struct DemoLimits {
  int max_events = 10000;
  std::chrono::milliseconds max_interval{60000};
};

// The token of an `Authorization: Bearer <token>` value (scheme case-insensitive, token68
// characters only), or nullopt.
std::optional<std::string_view> ExtractBearer(std::string_view authorization);

// Event `index` (0-based) of `total`: "id: <index>\nevent: tick\ndata: {...}\n\n".
std::string SseEvent(int index, int total);

// n in [0, max_events], interval_ms in [0, max_interval]; defaults n=10, interval_ms=100.
Result<StreamPlan> ParseStreamPlan(const std::map<std::string, std::string>& query,
                                   const DemoLimits& limits);

class DemoApi {
 public:
  DemoApi(const BearerAuthenticator& authenticator, DemoLimits limits)
      : authenticator_(authenticator), limits_(limits) {}

  // 401 (with WWW-Authenticate) without a valid token, 503 when keys are unavailable, 404 for an
  // unknown path, 405 for a wrong method, 400 for bad stream parameters.
  DemoReply Handle(const DemoRequest& request) const;

 private:
  const BearerAuthenticator& authenticator_;
  DemoLimits limits_;
};

}  // namespace portcullis::demo_upstream
