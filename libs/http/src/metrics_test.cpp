#include "portcullis/http/metrics.h"

#include <gtest/gtest.h>

#include <thread>

namespace portcullis::http {
namespace {

TEST(MetricsTest, RendersCountersWithLabels) {
  MetricsRegistry r;
  CounterFamily& c = r.AddCounter("requests_total", "Requests served", {"route", "status"});
  c.With({"/api/", "200"}).Increment();
  c.With({"/api/", "200"}).Increment(2);
  c.With({"/auth/\"x\"", "401"}).Increment();
  EXPECT_EQ(r.Render(),
            "# HELP requests_total Requests served\n"
            "# TYPE requests_total counter\n"
            "requests_total{route=\"/api/\",status=\"200\"} 3\n"
            "requests_total{route=\"/auth/\\\"x\\\"\",status=\"401\"} 1\n");
}

TEST(MetricsTest, RendersCumulativeHistogramBuckets) {
  MetricsRegistry r;
  HistogramFamily& h = r.AddHistogram("latency_seconds", "Latency", {}, {0.1, 1});
  h.With({}).Observe(0.05);
  h.With({}).Observe(0.5);
  h.With({}).Observe(0.5);
  h.With({}).Observe(7);
  EXPECT_EQ(r.Render(),
            "# HELP latency_seconds Latency\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{le=\"0.1\"} 1\n"
            "latency_seconds_bucket{le=\"1\"} 3\n"
            "latency_seconds_bucket{le=\"+Inf\"} 4\n"
            "latency_seconds_sum 8.05\n"
            "latency_seconds_count 4\n");
}

TEST(MetricsTest, CountsFromManyThreads) {
  MetricsRegistry r;
  CounterFamily& c = r.AddCounter("n_total", "n", {"k"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&c, t] {
      for (int i = 0; i < 10000; ++i) c.With({std::to_string(i % 3 + t % 2)}).Increment();
    });
  }
  for (auto& t : threads) t.join();
  uint64_t total = 0;
  for (const auto& [labels, child] : c.Children()) total += child->value();
  EXPECT_EQ(total, 40000u);
}

}  // namespace
}  // namespace portcullis::http
