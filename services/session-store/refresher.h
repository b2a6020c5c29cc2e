#pragma once
// Refresher: the provider's refresh_token grant as the session logic needs it. OidcRefresher
// (adapters/, libs/oidc's TokenEndpointClient) is the production implementation;
// testing::FakeRefresher scripts answers for unit tests.
//
//   RefreshResult r = refresher.Refresh(refresh_token, remaining);
//   if (r.ok()) Store(r.tokens());
//   else if (r.error().kind == RefreshErrorKind::kInvalidGrant) Revoke();
//   else if (r.error().kind == RefreshErrorKind::kRetryable) WaitAtLeast(r.error().retry_after);

#include <chrono>
#include <optional>
#include <string>
#include <variant>

namespace portcullis::session_store {

struct RefreshedTokens {
  std::string access_token;
  std::string refresh_token;  // "" when the provider did not rotate it: keep the old one
  std::string id_token;       // "" when none was issued: keep the old one
  std::string scope;          // "" when not echoed: keep the old one
  std::optional<std::chrono::seconds> expires_in;
};

enum class RefreshErrorKind {
  kInvalidGrant,  // the refresh token is expired, revoked or reused: the session is over
  kRetryable,     // throttled (429), 5xx or no answer: try again later
  kFatal,         // anything else (our client configuration, a malformed answer)
};

struct RefreshError {
  RefreshErrorKind kind = RefreshErrorKind::kRetryable;
  std::optional<std::chrono::seconds> retry_after;  // the provider's Retry-After, if any
  std::string detail;                               // for logs; never a token
};

class RefreshResult {
 public:
  RefreshResult(RefreshedTokens t) : v_(std::move(t)) {}  // NOLINT(google-explicit-constructor)
  RefreshResult(RefreshError e) : v_(std::move(e)) {}     // NOLINT(google-explicit-constructor)
  bool ok() const { return std::holds_alternative<RefreshedTokens>(v_); }
  const RefreshedTokens& tokens() const { return std::get<RefreshedTokens>(v_); }
  const RefreshError& error() const { return std::get<RefreshError>(v_); }

 private:
  std::variant<RefreshedTokens, RefreshError> v_;
};

class Refresher {
 public:
  virtual ~Refresher() = default;
  // One refresh_token grant, answered within `timeout`. Thread-safe.
  virtual RefreshResult Refresh(const std::string& refresh_token,
                                std::chrono::milliseconds timeout) = 0;
};

}  // namespace portcullis::session_store
