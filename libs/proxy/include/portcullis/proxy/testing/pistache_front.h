#pragma once
// PistacheFront: a real Pistache endpoint on 127.0.0.1 whose every request is forwarded by an
// UpstreamProxy to `upstream_base + resource` through MakePistacheStreamingSink — the gateway's
// /api/* path without authentication. Records each call's StreamOutcome. Test and bench helper.

#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "portcullis/proxy/hop_by_hop.h"
#include "portcullis/proxy/pistache_streaming_sink.h"
#include "portcullis/proxy/upstream_proxy.h"

namespace portcullis::proxy::testing {

struct FrontState {
  UpstreamProxy* proxy = nullptr;
  std::string upstream_base;  // "http://127.0.0.1:port"
  std::chrono::milliseconds timeout{5000};
  size_t max_buffered_bytes = 256 * 1024;
  bool record = true;
  // The gateway's way (AttachClientSocket + KeepAliveRequested); false: Pistache's queue and
  // Pistache's keep-alive choice only, as before either existed.
  std::atomic<bool> direct_writes{true};
  std::mutex mu;
  std::condition_variable cv;
  std::vector<StreamOutcome> outcomes;  // GUARDED_BY(mu)
};

class ForwardingHandler : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(ForwardingHandler)
  explicit ForwardingHandler(std::shared_ptr<FrontState> state) : state_(std::move(state)) {}

  void onRequest(const Pistache::Http::Request& request,
                 Pistache::Http::ResponseWriter writer) override {
    UpstreamRequest up;
    up.method = Pistache::Http::methodString(request.method());
    up.url = state_->upstream_base + request.resource() + request.query().as_str();
    for (const auto& header : request.headers().rawList()) {
      up.headers.emplace_back(header.second.name(), header.second.value());
    }
    RemoveHopByHopHeaders(up.headers);
    up.body = request.body();
    up.timeout = state_->timeout;
    StreamingSinkOptions options;
    options.request_method = up.method;
    options.max_buffered_bytes = state_->max_buffered_bytes;
    options.extra_headers = {{"X-Proxied-By", "portcullis-test"}};
    if (state_->direct_writes) {
      options.keep_alive = KeepAliveRequested(request);
      options.client_socket = AttachClientSocket(writer);
    }
    std::shared_ptr<FrontState> state = state_;
    state_->proxy->Forward(std::move(up),
                           MakePistacheStreamingSink(std::move(writer), std::move(options),
                                                     [state](const StreamOutcome& outcome) {
                                                       if (!state->record) return;
                                                       std::lock_guard<std::mutex> g(state->mu);
                                                       state->outcomes.push_back(outcome);
                                                       state->cv.notify_all();
                                                     }));
  }

 private:
  std::shared_ptr<FrontState> state_;
};

class PistacheFront {
 public:
  // port 0: a free one.
  PistacheFront(UpstreamProxy& proxy, std::string upstream_base, int threads = 2, int port = 0)
      : state_(std::make_shared<FrontState>()) {
    state_->proxy = &proxy;
    state_->upstream_base = std::move(upstream_base);
    port_ = port != 0 ? port : FreePort();
    endpoint_ = std::make_unique<Pistache::Http::Endpoint>(Pistache::Address(
        Pistache::IP(127, 0, 0, 1), Pistache::Port(static_cast<uint16_t>(port_))));
    endpoint_->init(Pistache::Http::Endpoint::options()
                        .threads(threads)
                        .flags(Pistache::Tcp::Options::ReuseAddr | Pistache::Tcp::Options::NoDelay)
                        .maxRequestSize(256 * 1024));
    endpoint_->setHandler(Pistache::Http::make_handler<ForwardingHandler>(state_));
    endpoint_->serveThreaded();
  }
  ~PistacheFront() { endpoint_->shutdown(); }

  int port() const { return port_; }
  FrontState& state() { return *state_; }

  // Waits for `count` recorded outcomes; returns them (possibly fewer on timeout).
  std::vector<StreamOutcome> WaitOutcomes(
      size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    std::unique_lock<std::mutex> lock(state_->mu);
    state_->cv.wait_for(lock, timeout, [&] { return state_->outcomes.size() >= count; });
    return state_->outcomes;
  }

 private:
  static int FreePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ::close(fd);
      throw std::runtime_error("no free port");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
  }

  std::shared_ptr<FrontState> state_;
  int port_ = 0;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
};

}  // namespace portcullis::proxy::testing
