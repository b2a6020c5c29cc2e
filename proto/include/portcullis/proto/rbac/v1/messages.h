#pragma once
// rbac v1 messages (subjects.h). Decisions are default-deny; callers fail closed when rbac is
// unavailable.

#include <msgpack.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "portcullis/proto/common.h"

namespace portcullis::proto::rbac::v1 {

// auth.rbac.v1.resolve
struct ResolveRequest {
  int v = kV1;
  Principal principal;
  MSGPACK_DEFINE_MAP(v, principal);
};
struct ResolveReply {
  int v = kV1;
  std::vector<std::string> roles;
  std::vector<std::string> permissions;  // "agents.read", "tools.invoke", ...
  MSGPACK_DEFINE_MAP(v, roles, permissions);
};

// auth.rbac.v1.check
struct CheckRequest {
  int v = kV1;
  Principal principal;
  std::string permission;
  std::optional<ResourceRef> resource;  // nil: a permission check without a resource ACL
  MSGPACK_DEFINE_MAP(v, principal, permission, resource);
};
struct CheckReply {
  int v = kV1;
  bool allowed = false;
  std::string reason;  // "role:admin", "acl:group:<id>", "default_deny", ...
  MSGPACK_DEFINE_MAP(v, allowed, reason);
};

// auth.rbac.v1.filter: the subset of `items` the principal may see, in the given order.
struct FilterRequest {
  int v = kV1;
  Principal principal;
  std::vector<ResourceRef> items;
  MSGPACK_DEFINE_MAP(v, principal, items);
};
struct FilterReply {
  int v = kV1;
  std::vector<ResourceRef> visible;
  MSGPACK_DEFINE_MAP(v, visible);
};

// Who an ACL entry grants to.
struct Grantee {
  std::string type;  // "user" | "group" | "role"
  std::string id;
  MSGPACK_DEFINE_MAP(type, id);
};
struct AclGrant {
  ResourceRef resource;
  Grantee grantee;
  std::string permission;
  std::string granted_by;  // user id of the administrator
  int64_t granted_at = 0;  // Unix seconds
  MSGPACK_DEFINE_MAP(resource, grantee, permission, granted_by, granted_at);
};

// auth.rbac.v1.acl.grant. forbidden unless the caller may administer ACLs.
struct AclGrantRequest {
  int v = kV1;
  Principal caller;
  ResourceRef resource;
  Grantee grantee;
  std::string permission;
  MSGPACK_DEFINE_MAP(v, caller, resource, grantee, permission);
};
struct AclGrantReply {
  int v = kV1;
  bool created = false;  // false when the same grant already existed
  MSGPACK_DEFINE_MAP(v, created);
};

// auth.rbac.v1.acl.revoke
struct AclRevokeRequest {
  int v = kV1;
  Principal caller;
  ResourceRef resource;
  Grantee grantee;
  std::string permission;
  MSGPACK_DEFINE_MAP(v, caller, resource, grantee, permission);
};
struct AclRevokeReply {
  int v = kV1;
  bool removed = false;
  MSGPACK_DEFINE_MAP(v, removed);
};

// auth.rbac.v1.acl.list: grants matching every filter that is set.
struct AclListRequest {
  int v = kV1;
  Principal caller;
  std::optional<ResourceRef> resource;
  std::optional<Grantee> grantee;
  MSGPACK_DEFINE_MAP(v, caller, resource, grantee);
};
struct AclListReply {
  int v = kV1;
  std::vector<AclGrant> grants;
  MSGPACK_DEFINE_MAP(v, grants);
};

}  // namespace portcullis::proto::rbac::v1
