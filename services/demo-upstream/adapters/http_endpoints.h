#pragma once
// HttpEndpoints: demo-upstream's Pistache adapter. Decodes each request into a DemoRequest,
// calls DemoApi and writes the DemoReply (typed headers only: Pistache drops addRaw headers);
// /api/stream answers are handed to the SseScheduler. Exceptions stop here (500).
//
//   HttpEndpoints http(api);
//   if (Status s = http.Start("127.0.0.1", 9500, 2, 1 << 20); !s.ok()) ...
//   WaitForShutdownSignal(); http.Stop();

#include <memory>
#include <string>

#include "demo_api.h"
#include "portcullis/common/result.h"

namespace Pistache::Http {
class Endpoint;
}

namespace portcullis::demo_upstream {

class SseScheduler;

class HttpEndpoints {
 public:
  explicit HttpEndpoints(const DemoApi& api);
  ~HttpEndpoints();
  HttpEndpoints(const HttpEndpoints&) = delete;
  HttpEndpoints& operator=(const HttpEndpoints&) = delete;

  // Binds and serves on `threads` background threads. kUnavailable when binding fails.
  Status Start(const std::string& address, int port, int threads, size_t max_request_bytes);
  void Stop();  // idempotent

 private:
  const DemoApi& api_;
  std::unique_ptr<SseScheduler> scheduler_;
  std::shared_ptr<Pistache::Http::Endpoint> endpoint_;
};

}  // namespace portcullis::demo_upstream
