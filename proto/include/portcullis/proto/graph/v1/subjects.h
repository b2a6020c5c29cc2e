#pragma once
// graph v1 subjects, served in queue group kQueueGroup. Build with the helpers below, e.g.
// TokenSubject("auth") == "auth.graph.v1.token".

#include <string>
#include <string_view>

#include "portcullis/proto/subject.h"

namespace portcullis::proto::graph::v1 {

inline constexpr std::string_view kQueueGroup = "graph-token";

inline constexpr std::string_view kTokenSuffix = "graph.v1.token";
inline constexpr std::string_view kGroupsSuffix = "graph.v1.groups";

inline std::string TokenSubject(std::string_view p) { return Subject(p, kTokenSuffix); }
inline std::string GroupsSubject(std::string_view p) { return Subject(p, kGroupsSuffix); }

}  // namespace portcullis::proto::graph::v1
