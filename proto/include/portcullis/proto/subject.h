#pragma once
// Subject building. Every subject is "<prefix>.<service>.v<major>.<operation>", the prefix being
// configurable (default "auth") so several deployments can share one NATS.

#include <string>
#include <string_view>

namespace portcullis::proto {

inline constexpr std::string_view kDefaultPrefix = "auth";

// True when `prefix` is one or more dot-separated NATS tokens without wildcards or whitespace
// ("auth", "acme.auth"); false for "", "a..b", "auth.>", "a b", "$SRV".
inline bool IsValidPrefix(std::string_view prefix) {
  if (prefix.empty() || prefix.front() == '.' || prefix.back() == '.' || prefix.front() == '$') {
    return false;
  }
  char previous = '\0';
  for (char c : prefix) {
    if (c == '*' || c == '>' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0') {
      return false;
    }
    if (c == '.' && previous == '.') return false;
    previous = c;
  }
  return true;
}

// "<prefix>.<suffix>"; `suffix` is one of the k...Suffix constants of a subjects.h.
inline std::string Subject(std::string_view prefix, std::string_view suffix) {
  std::string s;
  s.reserve(prefix.size() + 1 + suffix.size());
  s.append(prefix).append(".").append(suffix);
  return s;
}

}  // namespace portcullis::proto
