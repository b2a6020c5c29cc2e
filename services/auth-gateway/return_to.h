#pragma once
// Where to send the browser after login: only relative, same-origin paths (open-redirect
// defence, ARCHITECTURE.md "Security model"). Pure.

#include <optional>
#include <string>
#include <string_view>

namespace portcullis::gateway {

inline constexpr size_t kMaxReturnToBytes = 2048;

// `raw` is the query value after one percent-decoding. Accepts a path that starts with exactly
// one '/' followed by something other than '/' or '\', made of printable ASCII without '\',
// whose further percent-decoding does not turn it into a scheme-relative or backslash URL and
// hides no control characters, and that is at most kMaxReturnToBytes long. "" means "/".
// Returns the path to redirect to, or nullopt when it must be refused.
std::optional<std::string> ValidateReturnTo(std::string_view raw);

}  // namespace portcullis::gateway
