#pragma once
// A small metrics registry with Prometheus text exposition (format 0.0.4): counters and
// histograms, each a family with fixed label names. Families are registered once at start-up;
// recording is thread-safe and lock-free once a label set has been seen (the child lookup takes
// a shared lock; a new label set takes the exclusive one).
//
//   MetricsRegistry registry;
//   CounterFamily& requests = registry.AddCounter("gateway_requests_total", "Requests served",
//                                                 {"route", "status"});
//   HistogramFamily& latency = registry.AddHistogram("gateway_request_seconds", "Latency",
//                                                    {"route"}, DefaultLatencyBuckets());
//   requests.With({"/api/", "200"}).Increment();
//   latency.With({"/api/"}).Observe(0.0012);
//   std::string body = registry.Render();   // text/plain; version=0.0.4
//
// Families live as long as the registry; references returned by With() stay valid.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace portcullis::http {

class Counter {
 public:
  void Increment(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Histogram {
 public:
  explicit Histogram(const std::vector<double>* bounds);
  void Observe(double value);
  // Cumulative counts per bound (+Inf last), the sum and the count, as Render needs them.
  std::vector<uint64_t> CumulativeCounts() const;
  double sum() const;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  const std::vector<double>* bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_->size() + 1 (the +Inf bucket)
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_nanos_{0};  // sum kept in 1e-9 units: atomics on doubles need CAS
};

template <typename Child>
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> labels)
      : name_(std::move(name)), help_(std::move(help)), labels_(std::move(labels)) {}
  virtual ~Family() = default;
  // The child for `values` (one per label name, in order; asserted), created on first use.
  Child& With(const std::vector<std::string>& values);
  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& labels() const { return labels_; }
  // A consistent copy of the children's label values and pointers, sorted by label values.
  std::vector<std::pair<std::vector<std::string>, const Child*>> Children() const;

 protected:
  virtual std::unique_ptr<Child> Make() const = 0;

 private:
  std::string name_, help_;
  std::vector<std::string> labels_;
  mutable std::shared_mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Child>> children_;  // GUARDED_BY(mu_)
};

class CounterFamily final : public Family<Counter> {
 public:
  using Family::Family;

 private:
  std::unique_ptr<Counter> Make() const override { return std::make_unique<Counter>(); }
};

class HistogramFamily final : public Family<Histogram> {
 public:
  HistogramFamily(std::string name, std::string help, std::vector<std::string> labels,
                  std::vector<double> bounds)
      : Family(std::move(name), std::move(help), std::move(labels)), bounds_(std::move(bounds)) {}
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  std::unique_ptr<Histogram> Make() const override { return std::make_unique<Histogram>(&bounds_); }
  std::vector<double> bounds_;  // ascending, finite
};

// 0.5 ms .. 10 s, roughly doubling: HTTP request latencies.
std::vector<double> DefaultLatencyBuckets();

class MetricsRegistry {
 public:
  // Names must match [a-zA-Z_:][a-zA-Z0-9_:]* and be unique (asserted). Not thread-safe with
  // Render(): register everything before serving.
  CounterFamily& AddCounter(std::string name, std::string help, std::vector<std::string> labels);
  HistogramFamily& AddHistogram(std::string name, std::string help, std::vector<std::string> labels,
                                std::vector<double> bounds);
  // Every family in registration order, as Prometheus text. Thread-safe with recording.
  std::string Render() const;

 private:
  std::vector<std::unique_ptr<CounterFamily>> counters_;
  std::vector<std::unique_ptr<HistogramFamily>> histograms_;
  std::vector<std::pair<bool, size_t>> order_;  // (is_counter, index)
};

// Escapes a label value: backslash, double quote and newline (the exposition format's rules).
std::string EscapeLabelValue(std::string_view value);

}  // namespace portcullis::http
