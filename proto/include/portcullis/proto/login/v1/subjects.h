#pragma once
// login v1 subjects, served in queue group kQueueGroup. Build with the helpers below, e.g.
// BeginSubject("auth") == "auth.login.v1.begin".

#include <string>
#include <string_view>

#include "portcullis/proto/subject.h"

namespace portcullis::proto::login::v1 {

inline constexpr std::string_view kQueueGroup = "session-store";

inline constexpr std::string_view kBeginSuffix = "login.v1.begin";
inline constexpr std::string_view kTakeSuffix = "login.v1.take";

inline std::string BeginSubject(std::string_view p) { return Subject(p, kBeginSuffix); }
inline std::string TakeSubject(std::string_view p) { return Subject(p, kTakeSuffix); }

}  // namespace portcullis::proto::login::v1
