// scripts/bench/session.sh runs this against two session-store instances it started: `get` and
// `access_token` (no refresh needed) requests per second and latency percentiles over NATS, from
// `--clients` concurrent clients (one thread each, one request in flight each).
//
//   session_bench --nats nats://127.0.0.1:PORT --prefix P [--clients 16] [--seconds 5]
//                 [--sessions 256]
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "portcullis/bus/client.h"
#include "portcullis/bus/connection.h"
#include "portcullis/common/clock.h"
#include "portcullis/proto/session/v1/messages.h"
#include "portcullis/proto/session/v1/subjects.h"

namespace {

using namespace portcullis;
namespace sv = proto::session::v1;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string nats = "nats://127.0.0.1:4222";
  std::string prefix = "auth";
  int clients = 16;
  double seconds = 5;
  int sessions = 256;
};

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Runs `one(client_index, i)` from every client for the configured time; prints the figures.
template <typename F>
void Measure(const char* name, const Options& o, F&& one) {
  std::atomic<bool> failed{false};
  std::vector<std::vector<double>> lat(o.clients);
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration<double>(o.seconds);
  for (int c = 0; c < o.clients; ++c) {
    threads.emplace_back([&, c] {
      for (size_t i = static_cast<size_t>(c);; i += static_cast<size_t>(o.clients)) {
        const auto t0 = Clock::now();
        if (t0 >= end || failed) break;
        if (!one(i)) {
          failed = true;
          break;
        }
        lat[c].push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      }
    });
  }
  for (auto& t : threads) t.join();
  if (failed) {
    std::fprintf(stderr, "session_bench: a %s request failed\n", name);
    std::exit(1);
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
  const double n = static_cast<double>(all.size());
  std::printf("%-13s %9.0f req/s   p50 %7.0f us   p99 %7.0f us   (%zu requests, %d clients)\n",
              name, n / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), all.size(),
              o.clients);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--nats")
      o.nats = value;
    else if (flag == "--prefix")
      o.prefix = value;
    else if (flag == "--clients")
      o.clients = std::atoi(value.c_str());
    else if (flag == "--seconds")
      o.seconds = std::atof(value.c_str());
    else if (flag == "--sessions")
      o.sessions = std::atoi(value.c_str());
    else {
      std::fprintf(stderr, "session_bench: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  if (o.clients < 1 || o.sessions < 1 || o.seconds <= 0) {
    std::fprintf(stderr, "session_bench: --clients, --sessions and --seconds must be positive\n");
    return 2;
  }
  spdlog::set_level(spdlog::level::warn);
  auto conn = bus::Connection::Connect({.url = o.nats, .name = "session-bench"});
  if (!conn.ok()) {
    std::fprintf(stderr, "session_bench: %s\n", conn.error().ToString().c_str());
    return 1;
  }
  bus::Client client(**conn);
  const auto deadline = std::chrono::seconds(5);
  const int64_t now = ToUnixSeconds(std::chrono::system_clock::now());
  std::vector<std::string> ids;
  for (int i = 0; i < o.sessions; ++i) {
    sv::CreateRequest r;
    r.user = {.id = "bench-user-" + std::to_string(i % 32),
              .tenant = "t",
              .issuer = "bench",
              .name = "Bench",
              .email = ""};
    r.groups = {"g1", "g2"};
    r.roles = {"Portcullis.Member"};
    // ~1.5 KB tokens, like Entra's, valid for an hour: access_token never refreshes here.
    r.tokens = {"eyJ" + std::string(1500, 'a') + std::to_string(i), "refresh-" + std::to_string(i),
                "eyJ" + std::string(900, 'i'), "openid profile", now + 3600};
    r.metadata = {{"ip", "127.0.0.1"}, {"user_agent", "session_bench"}};
    auto c = client.Request<sv::CreateRequest, sv::CreateReply>(sv::CreateSubject(o.prefix), r,
                                                                deadline);
    if (!c.ok()) {
      std::fprintf(stderr, "session_bench: create: %s\n", c.error().ToString().c_str());
      return 1;
    }
    ids.push_back(c->session_id);
  }
  const std::string get_subject = sv::GetSubject(o.prefix);
  const std::string token_subject = sv::AccessTokenSubject(o.prefix);
  Measure("get", o, [&](size_t i) {
    sv::GetRequest r;
    r.session_id = ids[i % ids.size()];
    return client.Request<sv::GetRequest, sv::SessionView>(get_subject, r, deadline).ok();
  });
  Measure("access_token", o, [&](size_t i) {
    sv::AccessTokenRequest r;
    r.session_id = ids[i % ids.size()];
    auto t =
        client.Request<sv::AccessTokenRequest, sv::AccessTokenReply>(token_subject, r, deadline);
    return t.ok() && !t->refreshed;
  });
  (void)(*conn)->Drain(std::chrono::seconds(2));
  return 0;
}
