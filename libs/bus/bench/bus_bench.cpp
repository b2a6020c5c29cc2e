// scripts/bench/bus.sh runs this against its own nats-server: request/reply round trips per
// second and latency for raw libnats and for libs/bus (one client thread, one service instance,
// 200-byte payload), then acknowledged audit publishes per second.
//
//   bus_bench --nats nats://127.0.0.1:PORT [--seconds 3] [--rounds 2] [--audit-events 20000]
//             [--spool-dir DIR]
#include <nats/nats.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "portcullis/bus/audit_event.h"
#include "portcullis/bus/audit_publisher.h"
#include "portcullis/bus/client.h"
#include "portcullis/bus/jetstream.h"
#include "portcullis/bus/service.h"

namespace {

using namespace portcullis;
using Clock = std::chrono::steady_clock;

struct BenchRequest {
  int v = 1;
  std::string data;
  MSGPACK_DEFINE_MAP(v, data);
};

struct Run {
  double rt_per_s = 0;
  std::vector<double> latencies_us;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

template <typename F>
Run Loop(double seconds, F&& one_round_trip) {
  Run run;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(seconds);
  for (;;) {
    const auto t0 = Clock::now();
    if (t0 >= end) break;
    if (!one_round_trip()) {
      std::fprintf(stderr, "bus_bench: a round trip failed\n");
      std::exit(1);
    }
    run.latencies_us.push_back(
        std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  run.rt_per_s = static_cast<double>(run.latencies_us.size()) / elapsed;
  return run;
}

void RawEcho(natsConnection* nc, natsSubscription*, natsMsg* msg, void*) {
  natsConnection_Publish(nc, natsMsg_GetReply(msg), natsMsg_GetData(msg),
                         natsMsg_GetDataLength(msg));
  natsMsg_Destroy(msg);
}

// Raw libnats: a SendAsap responder replying from its callback, a natsConnection_Request loop.
Run RawRun(const std::string& url, double seconds) {
  natsOptions* opts = nullptr;
  natsOptions_Create(&opts);
  natsOptions_SetURL(opts, url.c_str());
  natsOptions_SetSendAsap(opts, true);
  natsConnection* responder = nullptr;
  natsConnection* requester = nullptr;
  if (natsConnection_Connect(&responder, opts) != NATS_OK ||
      natsConnection_Connect(&requester, opts) != NATS_OK) {
    std::fprintf(stderr, "bus_bench: cannot connect to %s\n", url.c_str());
    std::exit(1);
  }
  natsSubscription* sub = nullptr;
  natsConnection_QueueSubscribe(&sub, responder, "bench.raw", "raw", RawEcho, nullptr);
  natsConnection_Flush(responder);
  const std::string payload(200, 'x');
  Run run = Loop(seconds, [&] {
    natsMsg* reply = nullptr;
    natsStatus s = natsConnection_Request(&reply, requester, "bench.raw", payload.data(),
                                          static_cast<int>(payload.size()), 2000);
    natsMsg_Destroy(reply);
    return s == NATS_OK;
  });
  natsSubscription_Unsubscribe(sub);
  natsSubscription_Destroy(sub);
  natsConnection_Destroy(requester);
  natsConnection_Destroy(responder);
  natsOptions_Destroy(opts);
  return run;
}

std::unique_ptr<bus::Connection> Connect(const std::string& url, const char* name) {
  bus::ConnectionOptions o;
  o.url = url;
  o.name = name;
  auto c = bus::Connection::Connect(o);
  if (!c.ok()) {
    std::fprintf(stderr, "bus_bench: %s\n", c.error().ToString().c_str());
    std::exit(1);
  }
  return std::move(*c);
}

// libs/bus: Service (default config: 4 workers, decode with limits) and typed Client.
Run BusRun(const std::string& url, double seconds) {
  auto service_conn = Connect(url, "bench-service");
  auto client_conn = Connect(url, "bench-client");
  bus::ServiceConfig cfg;
  cfg.name = "bench";
  bus::Service service(*service_conn, cfg);
  service.AddEndpoint<BenchRequest, BenchRequest>(
      "echo", "bench.bus", [](const BenchRequest& r) -> Result<BenchRequest> { return r; });
  if (!service.Start().ok()) std::exit(1);
  bus::Client client(*client_conn);
  BenchRequest req{1, std::string(200, 'x')};
  return Loop(seconds, [&] {
    return client
        .Request<BenchRequest, BenchRequest>("bench.bus", req, std::chrono::milliseconds(2000))
        .ok();
  });
}

double AuditRun(const std::string& url, int events, const std::string& spool_dir) {
  auto conn = Connect(url, "bench-audit");
  bus::AuditStreamOptions stream;
  stream.prefix = "bench";
  if (Status s = bus::EnsureAuditStream(*conn, stream); !s.ok()) {
    std::fprintf(stderr, "bus_bench: %s\n", s.error().ToString().c_str());
    std::exit(1);
  }
  bus::AuditPublisherOptions o;
  o.prefix = "bench";
  o.spool_path = spool_dir + "/bench-audit.spool";
  o.queue_capacity = static_cast<std::size_t>(events);
  auto pub = bus::AuditPublisher::Start(*conn, o);
  if (!pub.ok()) std::exit(1);
  const auto start = Clock::now();
  for (int i = 0; i < events; ++i) {
    proto::audit::v1::Event e;
    auto now = std::chrono::system_clock::now();
    e.id = bus::NewUuidV7(now);
    e.time = bus::FormatRfc3339Micros(now);
    e.actor = {"user", "u1", "Bench User", "127.0.0.1", "bench"};
    e.action = "session.login_succeeded";
    e.resource = {"session", std::to_string(i), ""};
    e.outcome = "success";
    e.source = {"bench", "1"};
    if (!(*pub)->Publish(e).ok()) std::exit(1);
  }
  if (!(*pub)->Flush(std::chrono::seconds(120)).ok()) std::exit(1);
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  if ((*pub)->stats().acknowledged != static_cast<uint64_t>(events)) std::exit(1);
  return events / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  std::string url = "nats://127.0.0.1:4222";
  double seconds = 3;
  int rounds = 2;
  int audit_events = 20000;
  std::string spool_dir = "/tmp";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    std::string value = argv[i + 1];
    if (flag == "--nats") url = value;
    if (flag == "--seconds") seconds = std::atof(value.c_str());
    if (flag == "--rounds") rounds = std::atoi(value.c_str());
    if (flag == "--audit-events") audit_events = std::atoi(value.c_str());
    if (flag == "--spool-dir") spool_dir = value;
  }
  spdlog::set_level(spdlog::level::warn);
  Run raw;
  Run bus;
  for (int r = 0; r < rounds; ++r) {  // interleaved, so drift in machine load hits both
    Run a = RawRun(url, seconds);
    Run b = BusRun(url, seconds);
    raw.rt_per_s += a.rt_per_s / rounds;
    bus.rt_per_s += b.rt_per_s / rounds;
    raw.latencies_us.insert(raw.latencies_us.end(), a.latencies_us.begin(), a.latencies_us.end());
    bus.latencies_us.insert(bus.latencies_us.end(), b.latencies_us.begin(), b.latencies_us.end());
  }
  const double audit = AuditRun(url, audit_events, spool_dir);
  std::printf("| measure | raw libnats | libs/bus | bus/raw |\n|---|---|---|---|\n");
  std::printf(
      "| request/reply round trips/s (1 client, 1 instance, 200 B) | %.0f | %.0f | %.2f |\n",
      raw.rt_per_s, bus.rt_per_s, bus.rt_per_s / raw.rt_per_s);
  std::printf("| p50 latency (us) | %.1f | %.1f | |\n", Percentile(raw.latencies_us, 0.50),
              Percentile(bus.latencies_us, 0.50));
  std::printf("| p99 latency (us) | %.1f | %.1f | |\n", Percentile(raw.latencies_us, 0.99),
              Percentile(bus.latencies_us, 0.99));
  std::printf("| audit events/s acknowledged (%d events, AuditPublisher) | | %.0f | |\n",
              audit_events, audit);
  nats_CloseAndWait(2000);
  return 0;
}
