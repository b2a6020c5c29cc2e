#pragma once
// Types several services' messages share. Times on the wire are Unix seconds (int64) unless a
// field says otherwise; the audit event alone uses RFC 3339 strings.

#include <msgpack.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace portcullis::proto {

// The schema version every message of a v1 subject carries in its `v` field.
inline constexpr int kV1 = 1;

// Who a request is about: the identity provider's view of a user.
struct UserRef {
  std::string id;      // stable subject id (Entra `oid`, else `sub`)
  std::string tenant;  // Entra `tid` or issuer-derived tenant; "" for single-tenant providers
  std::string issuer;  // `iss` of the id token
  std::string name;    // display name
  std::string email;   // may be ""
  MSGPACK_DEFINE_MAP(id, tenant, issuer, name, email);
};

// What an authorization decision is computed from (verified claims, never client input).
struct Principal {
  std::string subject;  // UserRef::id, or a service token's subject
  std::string tenant;
  std::string issuer;
  std::vector<std::string> groups;     // group object ids
  std::vector<std::string> app_roles;  // `roles` claim
  std::vector<std::string> scopes;     // `scp` claim, split
  MSGPACK_DEFINE_MAP(subject, tenant, issuer, groups, app_roles, scopes);
};

// A protected thing: a tool, an agent, a workflow, an API route.
struct ResourceRef {
  std::string type;  // "tool" | "agent" | "workflow" | ... (open set)
  std::string id;
  std::string name;  // display name; may be ""
  MSGPACK_DEFINE_MAP(type, id, name);
};

}  // namespace portcullis::proto
