#pragma once
// graph-token v1 messages (subjects.h): On-Behalf-Of tokens and overage-resolved groups.

#include <msgpack.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "portcullis/proto/common.h"

namespace portcullis::proto::graph::v1 {

// auth.graph.v1.token. unauthorized when the assertion is rejected, upstream_error when the
// identity provider fails.
struct TokenRequest {
  int v = kV1;
  std::string user_assertion;       // the user's access token for our API
  std::vector<std::string> scopes;  // e.g. "https://graph.microsoft.com/User.Read"
  std::string tenant;
  MSGPACK_DEFINE_MAP(v, user_assertion, scopes, tenant);
};
struct TokenReply {
  int v = kV1;
  std::string access_token;
  int64_t expires_at = 0;  // Unix seconds
  std::string scope;       // as granted, space-separated
  MSGPACK_DEFINE_MAP(v, access_token, expires_at, scope);
};

// auth.graph.v1.groups: every group id of the user, resolving Entra's group overage.
struct GroupsRequest {
  int v = kV1;
  std::string user_assertion;
  std::string tenant;
  MSGPACK_DEFINE_MAP(v, user_assertion, tenant);
};
struct GroupsReply {
  int v = kV1;
  std::vector<std::string> group_ids;
  MSGPACK_DEFINE_MAP(v, group_ids);
};

}  // namespace portcullis::proto::graph::v1
