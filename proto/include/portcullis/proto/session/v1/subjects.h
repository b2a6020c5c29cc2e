#pragma once
// session-store v1 subjects. Served in queue group kQueueGroup; build with proto::Subject(prefix,
// suffix) or the helpers below, e.g. CreateSubject("auth") == "auth.session.v1.create".

#include <string>
#include <string_view>

#include "portcullis/proto/subject.h"

namespace portcullis::proto::session::v1 {

inline constexpr std::string_view kQueueGroup = "session-store";

inline constexpr std::string_view kCreateSuffix = "session.v1.create";
inline constexpr std::string_view kGetSuffix = "session.v1.get";
inline constexpr std::string_view kAccessTokenSuffix = "session.v1.access_token";
inline constexpr std::string_view kTouchSuffix = "session.v1.touch";
inline constexpr std::string_view kDestroySuffix = "session.v1.destroy";
inline constexpr std::string_view kDestroyUserSuffix = "session.v1.destroy_user";
inline constexpr std::string_view kListUserSuffix = "session.v1.list_user";
// Broadcast (plain publish, no reply): gateways drop cached sessions.
inline constexpr std::string_view kRevokedSuffix = "session.v1.revoked";

inline std::string CreateSubject(std::string_view p) { return Subject(p, kCreateSuffix); }
inline std::string GetSubject(std::string_view p) { return Subject(p, kGetSuffix); }
inline std::string AccessTokenSubject(std::string_view p) { return Subject(p, kAccessTokenSuffix); }
inline std::string TouchSubject(std::string_view p) { return Subject(p, kTouchSuffix); }
inline std::string DestroySubject(std::string_view p) { return Subject(p, kDestroySuffix); }
inline std::string DestroyUserSubject(std::string_view p) { return Subject(p, kDestroyUserSuffix); }
inline std::string ListUserSubject(std::string_view p) { return Subject(p, kListUserSuffix); }
inline std::string RevokedSubject(std::string_view p) { return Subject(p, kRevokedSuffix); }

}  // namespace portcullis::proto::session::v1
