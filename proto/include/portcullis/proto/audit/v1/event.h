#pragma once
// The audit event: what every service publishes to stream AUTH_AUDIT and what outside systems
// consume. proto/README.md documents each field for consumers in other languages.

#include <msgpack.hpp>

#include <array>
#include <map>
#include <string>
#include <string_view>

#include "portcullis/proto/common.h"

namespace portcullis::proto::audit::v1 {

inline constexpr std::array<std::string_view, 3> kActorTypes = {"user", "service", "anonymous"};
inline constexpr std::array<std::string_view, 3> kOutcomes = {"success", "failure", "denied"};

struct Actor {
  std::string type;  // one of kActorTypes
  std::string id;    // user id, service name, or "" for anonymous
  std::string display_name;
  std::string ip;  // client address as the gateway saw it; may be ""
  std::string user_agent;
  MSGPACK_DEFINE_MAP(type, id, display_name, ip, user_agent);
};

struct Resource {
  std::string type;  // "session", "role", "tool", ...
  std::string id;
  std::string name;
  MSGPACK_DEFINE_MAP(type, id, name);
};

struct Source {
  std::string service;      // "auth-gateway", "session-store", ...
  std::string instance_id;  // the instance's $SRV id
  MSGPACK_DEFINE_MAP(service, instance_id);
};

struct Event {
  int v = kV1;
  std::string id;    // UUIDv7, lowercase canonical form: unique, ordered by creation time
  std::string time;  // RFC 3339 UTC with microseconds: "2026-11-23T12:30:00.123456Z"
  Actor actor;
  std::string action;  // "<category>.<verb>", e.g. "session.login_succeeded"
  Resource resource;
  std::string outcome;  // one of kOutcomes
  std::string reason;   // machine-readable cause, e.g. "expired", "default_deny"; may be ""
  std::string request_id;
  std::string tenant;
  std::map<std::string, std::string> metadata;
  Source source;
  MSGPACK_DEFINE_MAP(v, id, time, actor, action, resource, outcome, reason, request_id, tenant,
                     metadata, source);
};

inline bool IsActorType(std::string_view t) {
  for (auto k : kActorTypes) {
    if (k == t) return true;
  }
  return false;
}
inline bool IsOutcome(std::string_view o) {
  for (auto k : kOutcomes) {
    if (k == o) return true;
  }
  return false;
}

}  // namespace portcullis::proto::audit::v1
