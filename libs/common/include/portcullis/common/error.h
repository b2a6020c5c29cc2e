#pragma once
// Typed errors that cross every boundary in Portcullis.
//
// ErrorCode is the closed list of ARCHITECTURE.md ("Wire contract"): the same names travel on
// NATS (proto/), map to HTTP statuses at the gateway and appear in logs and audit events.
// Components keep precise codes of their own inside (the token library's kExpired, ...) and map
// them onto this list at their edge.

#include <optional>
#include <string>
#include <string_view>

namespace portcullis {

enum class ErrorCode {
  kBadRequest,     // the caller sent something malformed or out of bounds
  kNotFound,       // the thing asked for does not exist (or is expired/revoked)
  kUnauthorized,   // no valid credentials
  kForbidden,      // valid credentials, not allowed
  kConflict,       // the state changed under the caller (already taken, already exists)
  kUnavailable,    // a dependency is down or timed out; retrying later may work
  kUpstreamError,  // a dependency answered with an error we cannot hide
  kInternal,       // a bug or an unexpected failure on our side
};

// The wire spelling: "bad_request", "not_found", ... Never empty.
std::string_view ToString(ErrorCode code);

// Inverse of ToString; nullopt for anything outside the closed list.
std::optional<ErrorCode> ParseErrorCode(std::string_view text);

// The HTTP status the gateway answers with for `code` (400, 404, 401, 403, 409, 503, 502, 500).
int HttpStatusFor(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string detail;  // for logs and operators; may be shown to clients only when coarse

  // "<code>: <detail>", or just "<code>" when detail is empty.
  std::string ToString() const;

  friend bool operator==(const Error&, const Error&) = default;
};

}  // namespace portcullis
