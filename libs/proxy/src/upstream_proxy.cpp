#include "portcullis/proxy/upstream_proxy.h"

#include <cassert>

#include "io_loop.h"

namespace portcullis::proxy {
namespace {

class EpollUpstreamProxy final : public UpstreamProxy {
 public:
  explicit EpollUpstreamProxy(const UpstreamProxyOptions& options) {
    assert(options.io_threads >= 1 && options.read_buffer_bytes >= 1024 &&
           options.max_connections_per_host >= 1);
    for (int i = 0; i < options.io_threads; ++i) {
      loops_.push_back(std::make_unique<IoLoop>(options, counters_));
    }
  }

  ~EpollUpstreamProxy() override { loops_.clear(); }

  void Forward(UpstreamRequest request, std::shared_ptr<UpstreamSink> sink) override {
    assert(sink);
    auto call = std::make_shared<Call>();
    call->request = std::move(request);
    call->sink = std::move(sink);
    counters_.calls_in_flight.fetch_add(1, std::memory_order_relaxed);
    const size_t index = next_.fetch_add(1, std::memory_order_relaxed) % loops_.size();
    loops_[index]->Start(std::move(call));
  }

  Stats GetStats() const override {
    Stats s;
    s.connections_opened = counters_.connections_opened.load(std::memory_order_relaxed);
    s.connections_reused = counters_.connections_reused.load(std::memory_order_relaxed);
    s.open_connections = counters_.open_connections.load(std::memory_order_relaxed);
    s.calls_in_flight = counters_.calls_in_flight.load(std::memory_order_relaxed);
    return s;
  }

 private:
  EngineCounters counters_;  // outlives the loops (declared first)
  std::vector<std::unique_ptr<IoLoop>> loops_;
  std::atomic<size_t> next_{0};
};

}  // namespace

std::unique_ptr<UpstreamProxy> MakeUpstreamProxy(const UpstreamProxyOptions& options) {
  return std::make_unique<EpollUpstreamProxy>(options);
}

}  // namespace portcullis::proxy
