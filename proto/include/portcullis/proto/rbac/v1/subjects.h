#pragma once
// rbac v1 subjects, served in queue group kQueueGroup. Build with the helpers below, e.g.
// ResolveSubject("auth") == "auth.rbac.v1.resolve".

#include <string>
#include <string_view>

#include "portcullis/proto/subject.h"

namespace portcullis::proto::rbac::v1 {

inline constexpr std::string_view kQueueGroup = "rbac";

inline constexpr std::string_view kResolveSuffix = "rbac.v1.resolve";
inline constexpr std::string_view kCheckSuffix = "rbac.v1.check";
inline constexpr std::string_view kFilterSuffix = "rbac.v1.filter";
inline constexpr std::string_view kAclGrantSuffix = "rbac.v1.acl.grant";
inline constexpr std::string_view kAclRevokeSuffix = "rbac.v1.acl.revoke";
inline constexpr std::string_view kAclListSuffix = "rbac.v1.acl.list";

inline std::string ResolveSubject(std::string_view p) { return Subject(p, kResolveSuffix); }
inline std::string CheckSubject(std::string_view p) { return Subject(p, kCheckSuffix); }
inline std::string FilterSubject(std::string_view p) { return Subject(p, kFilterSuffix); }
inline std::string AclGrantSubject(std::string_view p) { return Subject(p, kAclGrantSuffix); }
inline std::string AclRevokeSubject(std::string_view p) { return Subject(p, kAclRevokeSuffix); }
inline std::string AclListSubject(std::string_view p) { return Subject(p, kAclListSuffix); }

}  // namespace portcullis::proto::rbac::v1
