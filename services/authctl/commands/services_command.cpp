// authctl services: the live service instances, as answered to $SRV.INFO (and $SRV.STATS) by
// every libs/bus Service on the NATS the suite uses.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "flags.h"
#include "portcullis/bus/client.h"
#include "portcullis/bus/connection.h"
#include "portcullis/bus/srv_protocol.h"

namespace portcullis::authctl {
namespace {

constexpr const char* kServicesUsage =
    "usage: authctl services [--nats URL] [--prefix P] [--wait MS] [--all]\n"
    "\n"
    "  --nats URL    NATS server (default: $PORTCULLIS_NATS_URL, else nats://127.0.0.1:4222)\n"
    "  --prefix P    subject prefix of the deployment to list (default: auth)\n"
    "  --wait MS     how long to collect answers (default: 500)\n"
    "  --all         every $SRV service on this NATS, whatever its prefix\n";

struct ServicesArgs {
  std::string url = "nats://127.0.0.1:4222";
  std::string prefix = "auth";
  int wait_ms = 500;
  bool all = false;
};

std::optional<ServicesArgs> ParseServicesArgs(const std::vector<std::string>& args) {
  auto flags = Flags::Parse(args, 0, {{"nats"}, {"prefix"}, {"wait"}, {"all", FlagKind::kSwitch}});
  Result<int64_t> wait = flags.ok() ? flags->Int("wait", 500, 1, 600000) : flags.error();
  if (!wait.ok()) {
    std::fprintf(stderr, "authctl services: %s\n%s", wait.error().detail.c_str(), kServicesUsage);
    return std::nullopt;
  }
  ServicesArgs out;
  out.url = flags->GetOr("nats", EnvOr({"PORTCULLIS_NATS_URL"}, out.url));
  out.prefix = flags->GetOr("prefix", out.prefix);
  out.wait_ms = static_cast<int>(*wait);
  out.all = flags->Has("all");
  return out;
}

struct Counts {
  uint64_t requests = 0;
  uint64_t errors = 0;
};

// Requests and errors per instance id, summed over endpoints, from $SRV.STATS answers.
std::map<std::string, Counts> StatsById(const std::vector<std::string>& replies) {
  std::map<std::string, Counts> out;
  for (const std::string& text : replies) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || !j.contains("endpoints") || !j["endpoints"].is_array()) continue;
    Counts& c = out[j.value("id", "")];
    for (const auto& e : j["endpoints"]) {
      if (!e.is_object()) continue;
      if (e.contains("num_requests") && e["num_requests"].is_number_unsigned()) {
        c.requests += e["num_requests"].get<uint64_t>();
      }
      if (e.contains("num_errors") && e["num_errors"].is_number_unsigned()) {
        c.errors += e["num_errors"].get<uint64_t>();
      }
    }
  }
  return out;
}

bool InDeployment(const bus::ServiceInfoView& info, const std::string& prefix) {
  if (info.endpoints.empty()) return true;
  for (const auto& e : info.endpoints) {
    if (e.subject.rfind(prefix + ".", 0) == 0) return true;
  }
  return false;
}

int RunServices(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::fputs(kServicesUsage, stdout);
    return kExitOk;
  }
  std::optional<ServicesArgs> parsed = ParseServicesArgs(args);
  if (!parsed) return kExitUsage;
  spdlog::set_level(spdlog::level::off);  // failures are printed below, once
  bus::ConnectionOptions options;
  options.url = parsed->url;
  options.name = "authctl";
  options.connect_deadline = std::chrono::milliseconds(3000);
  auto conn = bus::Connection::Connect(options);
  if (!conn.ok()) {
    std::fprintf(stderr, "authctl services: %s\n", conn.error().ToString().c_str());
    return kExitFailed;
  }
  bus::Client client(**conn);
  const std::chrono::milliseconds wait(parsed->wait_ms);
  auto infos = client.Gather("$SRV.INFO", "", wait);
  auto stats = client.Gather("$SRV.STATS", "", wait);
  if (!infos.ok()) {
    std::fprintf(stderr, "authctl services: %s\n", infos.error().ToString().c_str());
    return kExitFailed;
  }
  std::map<std::string, Counts> counts =
      StatsById(stats.ok() ? *stats : std::vector<std::string>{});
  std::vector<bus::ServiceInfoView> views;
  for (const std::string& text : *infos) {
    Result<bus::ServiceInfoView> view = bus::ParseInfoResponse(text);
    if (view.ok() && (parsed->all || InDeployment(*view, parsed->prefix))) {
      views.push_back(std::move(*view));
    }
  }
  std::sort(views.begin(), views.end(), [](const auto& a, const auto& b) {
    return std::tie(a.identity.name, a.identity.id) < std::tie(b.identity.name, b.identity.id);
  });
  if (views.empty()) {
    std::printf("no service instances answered $SRV.INFO on %s within %d ms\n", parsed->url.c_str(),
                parsed->wait_ms);
    return kExitOk;
  }
  std::printf("%-18s %-10s %-24s %9s %9s %7s\n", "SERVICE", "VERSION", "INSTANCE", "ENDPOINTS",
              "REQUESTS", "ERRORS");
  for (const auto& v : views) {
    const Counts c = counts.count(v.identity.id) ? counts[v.identity.id] : Counts{};
    std::printf("%-18s %-10s %-24s %9zu %9llu %7llu\n", v.identity.name.c_str(),
                v.identity.version.c_str(), v.identity.id.c_str(), v.endpoints.size(),
                static_cast<unsigned long long>(c.requests),
                static_cast<unsigned long long>(c.errors));
    for (const auto& e : v.endpoints) {
      std::printf("    %-16s %s  (queue %s)\n", e.name.c_str(), e.subject.c_str(),
                  e.queue_group.c_str());
    }
  }
  std::printf("%zu instance(s)\n", views.size());
  return kExitOk;
}

}  // namespace

PORTCULLIS_AUTHCTL_COMMAND(services, "list live service instances ($SRV.INFO over NATS)",
                           RunServices);

}  // namespace portcullis::authctl
