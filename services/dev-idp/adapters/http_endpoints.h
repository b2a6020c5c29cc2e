#pragma once
// HttpEndpoints: dev-idp's HTTP surface on Pistache. Routes decode the request into the logic's
// plain types (Params, TokenRequest, ...), call the Provider and write its HttpReply with typed
// headers (Pistache drops addRaw headers on the wire). Pistache exceptions stop here: a handler
// that throws answers 500. Requests are capped at 64 KiB.
//
//   HttpEndpoints http(provider, {.test_controls = true});
//   if (Status s = http.Start("127.0.0.1", 9400, 2); !s.ok()) ...
//   ... WaitForShutdownSignal(); http.Stop();
//
// Start() must follow BlockShutdownSignals() (the endpoint's threads inherit the mask).

#include <memory>
#include <string>

#include "portcullis/common/result.h"
#include "provider.h"

namespace Pistache::Http {
class Endpoint;
}

namespace portcullis::dev_idp {

struct HttpOptions {
  bool test_controls = false;  // serve /_test/...; 404 otherwise
};

class HttpEndpoints {
 public:
  HttpEndpoints(Provider& provider, HttpOptions options);
  ~HttpEndpoints();

  // Binds and serves on background threads. kUnavailable when the address cannot be bound.
  Status Start(const std::string& address, int port, int threads);
  // Stops serving; idempotent.
  void Stop();

 private:
  class Routes;
  Provider& provider_;
  HttpOptions options_;
  std::unique_ptr<Routes> routes_;
  std::shared_ptr<Pistache::Http::Endpoint> endpoint_;
};

}  // namespace portcullis::dev_idp
