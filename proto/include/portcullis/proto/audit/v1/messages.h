#pragma once
// audit v1 request/reply messages (subjects.h): query, export and verify the stored trail.

#include <msgpack.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "portcullis/proto/audit/v1/event.h"
#include "portcullis/proto/common.h"

namespace portcullis::proto::audit::v1 {

// Filters shared by query and export; an empty/absent field does not filter.
struct EventFilter {
  std::string tenant;
  std::string actor_id;
  std::string action_prefix;  // "session." matches every session event
  std::string outcome;
  std::string resource_type;
  std::string resource_id;
  std::string from;  // RFC 3339, inclusive
  std::string to;    // RFC 3339, exclusive
  MSGPACK_DEFINE_MAP(tenant, actor_id, action_prefix, outcome, resource_type, resource_id, from,
                     to);
};

// auth.audit.v1.query: newest first, at most `limit` (server caps it at 1000).
struct QueryRequest {
  int v = kV1;
  EventFilter filter;
  int64_t limit = 100;
  std::string cursor;  // next_cursor of the previous page; "" for the first
  MSGPACK_DEFINE_MAP(v, filter, limit, cursor);
};
struct QueryReply {
  int v = kV1;
  std::vector<Event> events;
  std::string next_cursor;  // "" when there is no further page
  MSGPACK_DEFINE_MAP(v, events, next_cursor);
};

// auth.audit.v1.export: oldest first, one page of JSON lines per call.
struct ExportRequest {
  int v = kV1;
  EventFilter filter;
  std::string format = "jsonl";  // the only format of v1
  std::string cursor;
  MSGPACK_DEFINE_MAP(v, filter, format, cursor);
};
struct ExportReply {
  int v = kV1;
  std::string data;  // one JSON object per line
  int64_t count = 0;
  std::string next_cursor;
  MSGPACK_DEFINE_MAP(v, data, count, next_cursor);
};

// auth.audit.v1.verify: recompute the hash chain over stored rows [from_seq, to_seq].
struct VerifyRequest {
  int v = kV1;
  int64_t from_seq = 0;  // 0: from the first row
  int64_t to_seq = 0;    // 0: to the last row
  MSGPACK_DEFINE_MAP(v, from_seq, to_seq);
};
struct VerifyReply {
  int v = kV1;
  bool ok = false;
  int64_t checked = 0;
  std::optional<int64_t> first_bad_seq;  // nil when ok
  std::string detail;
  MSGPACK_DEFINE_MAP(v, ok, checked, first_bad_seq, detail);
};

}  // namespace portcullis::proto::audit::v1
