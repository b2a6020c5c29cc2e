#pragma once
// audit v1 subjects, served in queue group kQueueGroup. Build with the helpers below, e.g.
// QuerySubject("auth") == "auth.audit.v1.query".

#include <string>
#include <string_view>

#include "portcullis/proto/subject.h"

namespace portcullis::proto::audit::v1 {

inline constexpr std::string_view kQueueGroup = "audit";

inline constexpr std::string_view kQuerySuffix = "audit.v1.query";
inline constexpr std::string_view kExportSuffix = "audit.v1.export";
inline constexpr std::string_view kVerifySuffix = "audit.v1.verify";

inline std::string QuerySubject(std::string_view p) { return Subject(p, kQuerySuffix); }
inline std::string ExportSubject(std::string_view p) { return Subject(p, kExportSuffix); }
inline std::string VerifySubject(std::string_view p) { return Subject(p, kVerifySuffix); }

// Audit events are not requests: every service publishes them to JetStream stream kStreamName on
// "<prefix>.audit.events.<category>.<verb>", with Nats-Msg-Id = event id.
inline constexpr std::string_view kStreamName = "AUTH_AUDIT";
inline constexpr std::string_view kEventsSuffix = "audit.events";

// "<prefix>.audit.events.>": the stream's subject filter.
inline std::string EventsWildcard(std::string_view p) { return Subject(p, kEventsSuffix) + ".>"; }

// "<prefix>.audit.events.session.login_succeeded" for action "session.login_succeeded". An
// action without a dot is filed under category "misc". Characters NATS gives meaning to
// ('*', '>', whitespace) become '_' and empty tokens become "_", so any action yields one valid
// subject.
inline std::string EventSubject(std::string_view p, std::string_view action) {
  std::string a;
  a.reserve(action.size() + 6);
  if (action.find('.') == std::string_view::npos) a = "misc.";
  bool token_empty = true;
  for (char c : action) {
    if (c == '.') {
      if (token_empty) a.push_back('_');
      token_empty = true;
      a.push_back('.');
      continue;
    }
    token_empty = false;
    bool special = c == '*' || c == '>' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
    a.push_back(special ? '_' : c);
  }
  if (token_empty) a.push_back('_');
  return Subject(p, kEventsSuffix) + "." + a;
}

}  // namespace portcullis::proto::audit::v1
