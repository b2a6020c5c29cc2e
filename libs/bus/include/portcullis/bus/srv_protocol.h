#pragma once
// The NATS services ("micro") discovery protocol, v1, built by hand because libnats 3.4.1 has no
// micro API (../shared/probes/REPORT.md §4). Pure JSON building and parsing; service.cpp
// subscribes the subjects. proto/README.md shows the exact JSON.
//
//   $SRV.PING | $SRV.PING.<name> | $SRV.PING.<name>.<id>    -> io.nats.micro.v1.ping_response
//   $SRV.INFO...                                            -> io.nats.micro.v1.info_response
//   $SRV.STATS...                                           -> io.nats.micro.v1.stats_response

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/common/clock.h"
#include "portcullis/common/result.h"

namespace portcullis::bus {

struct ServiceIdentity {
  std::string name;     // "session-store"; also the queue group
  std::string id;       // unique per instance
  std::string version;  // semantic version, "0.1.0"
  std::string description;
  std::map<std::string, std::string> metadata;
};

struct EndpointInfo {
  std::string name;  // "get"
  std::string subject;
  std::string queue_group;
};

struct EndpointStats {
  EndpointInfo info;
  uint64_t num_requests = 0;
  uint64_t num_errors = 0;
  std::string last_error;          // "not_found: ..." of the most recent error reply, or ""
  int64_t processing_time_ns = 0;  // total handler time
};

enum class SrvVerb { kPing, kInfo, kStats };

// The nine subjects one instance subscribes: for each verb, the bare one, with name, and with
// name and id.
std::vector<std::string> SrvSubjects(const ServiceIdentity& identity);

// The verb of a $SRV subject, or nullopt when `subject` is not one.
std::optional<SrvVerb> ParseSrvVerb(std::string_view subject);

std::string PingResponseJson(const ServiceIdentity& identity);
std::string InfoResponseJson(const ServiceIdentity& identity,
                             const std::vector<EndpointInfo>& endpoints);
std::string StatsResponseJson(const ServiceIdentity& identity,
                              const std::vector<EndpointStats>& endpoints, TimePoint started);

// An info_response as read back by tooling (authctl services). kBadRequest when `text` is not
// an io.nats.micro.v1.info_response.
struct ServiceInfoView {
  ServiceIdentity identity;
  std::vector<EndpointInfo> endpoints;
};
Result<ServiceInfoView> ParseInfoResponse(std::string_view text);

}  // namespace portcullis::bus
