// authctl bus ping: is NATS reachable, how far away is it, and which services answer $SRV.PING.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "flags.h"
#include "portcullis/bus/client.h"
#include "portcullis/bus/connection.h"

namespace portcullis::authctl {
namespace {

constexpr const char* kBusUsage =
    "usage: authctl bus ping [--nats URL] [--count N] [--wait MS]\n"
    "\n"
    "  --nats URL   NATS server (default: $PORTCULLIS_NATS_URL, else nats://127.0.0.1:4222)\n"
    "  --count N    server round trips to measure (default: 5)\n"
    "  --wait MS    how long to collect $SRV.PING answers (default: 500)\n"
    "\n"
    "Exit status 0 when the server answered, 1 when it cannot be reached.\n";

struct PingArgs {
  std::string url = "nats://127.0.0.1:4222";
  int count = 5;
  int wait_ms = 500;
};

std::optional<PingArgs> ParsePingArgs(const std::vector<std::string>& args) {
  auto flags = Flags::Parse(args, 0, {{"nats"}, {"count"}, {"wait"}});
  Result<int64_t> count = flags.ok() ? flags->Int("count", 5, 1, 600000) : flags.error();
  Result<int64_t> wait = flags.ok() ? flags->Int("wait", 500, 1, 600000) : flags.error();
  for (const Error* e :
       {count.ok() ? nullptr : &count.error(), wait.ok() ? nullptr : &wait.error()}) {
    if (e != nullptr) {
      std::fprintf(stderr, "authctl bus ping: %s\n%s", e->detail.c_str(), kBusUsage);
      return std::nullopt;
    }
  }
  PingArgs out;
  out.url = flags->GetOr("nats", EnvOr({"PORTCULLIS_NATS_URL"}, out.url));
  out.count = static_cast<int>(*count);
  out.wait_ms = static_cast<int>(*wait);
  return out;
}

int RunPing(const PingArgs& args) {
  spdlog::set_level(spdlog::level::off);  // failures are printed below, once
  bus::ConnectionOptions options;
  options.url = args.url;
  options.name = "authctl";
  options.connect_deadline = std::chrono::milliseconds(3000);
  auto conn = bus::Connection::Connect(options);
  if (!conn.ok()) {
    std::fprintf(stderr, "authctl bus ping: %s\n", conn.error().ToString().c_str());
    return kExitFailed;
  }
  std::vector<double> rtts_ms;
  for (int i = 0; i < args.count; ++i) {
    auto rtt = (*conn)->Rtt(std::chrono::milliseconds(2000));
    if (!rtt.ok()) {
      std::fprintf(stderr, "authctl bus ping: %s\n", rtt.error().ToString().c_str());
      return kExitFailed;
    }
    rtts_ms.push_back(static_cast<double>(rtt->count()) / 1000.0);
  }
  std::sort(rtts_ms.begin(), rtts_ms.end());
  double sum = 0;
  for (double r : rtts_ms) sum += r;
  std::printf("%s: %d round trips, min %.3f ms, avg %.3f ms, max %.3f ms\n", args.url.c_str(),
              args.count, rtts_ms.front(), sum / static_cast<double>(rtts_ms.size()),
              rtts_ms.back());
  bus::Client client(**conn);
  auto pongs = client.Gather("$SRV.PING", "", std::chrono::milliseconds(args.wait_ms));
  if (!pongs.ok()) {
    std::fprintf(stderr, "authctl bus ping: %s\n", pongs.error().ToString().c_str());
    return kExitFailed;
  }
  std::printf("%zu service instance(s) answered $SRV.PING\n", pongs->size());
  std::vector<std::string> lines;
  for (const std::string& text : *pongs) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) continue;
    auto field = [&](const char* k) {
      return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string("?");
    };
    lines.push_back("  " + field("name") + " " + field("version") + " " + field("id"));
  }
  std::sort(lines.begin(), lines.end());
  for (const std::string& line : lines) std::printf("%s\n", line.c_str());
  return kExitOk;
}

int RunBus(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kBusUsage, args.empty() ? stderr : stdout);
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] != "ping") {
    std::fprintf(stderr, "authctl bus: unknown subcommand '%s'\n%s", args[0].c_str(), kBusUsage);
    return kExitUsage;
  }
  std::optional<PingArgs> parsed = ParsePingArgs({args.begin() + 1, args.end()});
  if (!parsed) return kExitUsage;
  return RunPing(*parsed);
}

}  // namespace

PORTCULLIS_AUTHCTL_COMMAND(bus, "check the NATS bus: round trip and $SRV.PING responders", RunBus);

}  // namespace portcullis::authctl
