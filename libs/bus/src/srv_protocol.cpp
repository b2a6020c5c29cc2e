#include "portcullis/bus/srv_protocol.h"

#include <nlohmann/json.hpp>

#include <array>

#include "portcullis/bus/time_format.h"

namespace portcullis::bus {
namespace {

using nlohmann::json;

constexpr std::array<std::pair<SrvVerb, std::string_view>, 3> kVerbs = {{
    {SrvVerb::kPing, "PING"},
    {SrvVerb::kInfo, "INFO"},
    {SrvVerb::kStats, "STATS"},
}};

json Base(const ServiceIdentity& identity, std::string_view type) {
  json j = json::object();
  j["name"] = identity.name;
  j["id"] = identity.id;
  j["version"] = identity.version;
  j["metadata"] = identity.metadata;
  j["type"] = type;
  return j;
}

}  // namespace

std::vector<std::string> SrvSubjects(const ServiceIdentity& identity) {
  std::vector<std::string> subjects;
  for (const auto& [verb, word] : kVerbs) {
    std::string bare = "$SRV." + std::string(word);
    subjects.push_back(bare);
    subjects.push_back(bare + "." + identity.name);
    subjects.push_back(bare + "." + identity.name + "." + identity.id);
  }
  return subjects;
}

std::optional<SrvVerb> ParseSrvVerb(std::string_view subject) {
  constexpr std::string_view kPrefix = "$SRV.";
  if (subject.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  subject.remove_prefix(kPrefix.size());
  std::string_view word = subject.substr(0, subject.find('.'));
  for (const auto& [verb, name] : kVerbs) {
    if (word == name) return verb;
  }
  return std::nullopt;
}

std::string PingResponseJson(const ServiceIdentity& identity) {
  return Base(identity, "io.nats.micro.v1.ping_response").dump();
}

std::string InfoResponseJson(const ServiceIdentity& identity,
                             const std::vector<EndpointInfo>& endpoints) {
  json j = Base(identity, "io.nats.micro.v1.info_response");
  j["description"] = identity.description;
  json list = json::array();
  for (const EndpointInfo& e : endpoints) {
    list.push_back({{"name", e.name},
                    {"subject", e.subject},
                    {"queue_group", e.queue_group},
                    {"metadata", nullptr}});
  }
  j["endpoints"] = std::move(list);
  return j.dump();
}

std::string StatsResponseJson(const ServiceIdentity& identity,
                              const std::vector<EndpointStats>& endpoints, TimePoint started) {
  json j = Base(identity, "io.nats.micro.v1.stats_response");
  j["started"] = FormatRfc3339Micros(started);
  json list = json::array();
  for (const EndpointStats& e : endpoints) {
    int64_t average =
        e.num_requests == 0 ? 0 : e.processing_time_ns / static_cast<int64_t>(e.num_requests);
    list.push_back({{"name", e.info.name},
                    {"subject", e.info.subject},
                    {"queue_group", e.info.queue_group},
                    {"num_requests", e.num_requests},
                    {"num_errors", e.num_errors},
                    {"last_error", e.last_error},
                    {"processing_time", e.processing_time_ns},
                    {"average_processing_time", average},
                    {"data", nullptr}});
  }
  j["endpoints"] = std::move(list);
  return j.dump();
}

Result<ServiceInfoView> ParseInfoResponse(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Error{ErrorCode::kBadRequest, "info response is not a JSON object"};
  }
  try {
    if (j.value("type", "") != "io.nats.micro.v1.info_response") {
      return Error{ErrorCode::kBadRequest, "not an io.nats.micro.v1.info_response"};
    }
    ServiceInfoView view;
    view.identity.name = j.value("name", "");
    view.identity.id = j.value("id", "");
    view.identity.version = j.value("version", "");
    view.identity.description = j.value("description", "");
    if (j.contains("metadata") && j["metadata"].is_object()) {
      for (const auto& [k, v] : j["metadata"].items()) {
        if (v.is_string()) view.identity.metadata[k] = v.get<std::string>();
      }
    }
    if (j.contains("endpoints") && j["endpoints"].is_array()) {
      for (const json& e : j["endpoints"]) {
        view.endpoints.push_back(
            {e.value("name", ""), e.value("subject", ""), e.value("queue_group", "")});
      }
    }
    return view;
  } catch (const json::exception& e) {
    return Error{ErrorCode::kBadRequest, std::string("malformed info response: ") + e.what()};
  }
}

}  // namespace portcullis::bus
