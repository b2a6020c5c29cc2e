#pragma once
// OAuth 2.0 error responses (RFC 6749 §5.2) as the token endpoint sends them:
// {"error":"invalid_grant","error_description":"..."} with the right status. invalid_client
// answers 401, with `WWW-Authenticate: Basic` when the client tried HTTP Basic.

#include <string>
#include <utility>
#include <variant>

#include "http_reply.h"

namespace portcullis::dev_idp {

struct OAuthError {
  std::string error;        // the RFC 6749 code: invalid_request, invalid_grant, ...
  std::string description;  // for the developer; never holds a secret
  int status = 400;
  bool basic_challenge = false;

  static OAuthError InvalidRequest(std::string d) { return {"invalid_request", std::move(d)}; }
  static OAuthError InvalidGrant(std::string d) { return {"invalid_grant", std::move(d)}; }
  static OAuthError InvalidScope(std::string d) { return {"invalid_scope", std::move(d)}; }
  static OAuthError UnauthorizedClient(std::string d) {
    return {"unauthorized_client", std::move(d)};
  }
  static OAuthError UnsupportedGrantType(std::string d) {
    return {"unsupported_grant_type", std::move(d)};
  }
  static OAuthError InvalidClient(std::string d, bool via_basic) {
    return {"invalid_client", std::move(d), 401, via_basic};
  }

  HttpReply ToReply() const;
};

// A value or an OAuthError; the token grants return these.
template <typename T>
class OAuthResult {
 public:
  OAuthResult(T value) : v_(std::move(value)) {}           // NOLINT(google-explicit-constructor)
  OAuthResult(OAuthError error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return std::holds_alternative<T>(v_); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T* operator->() { return &value(); }
  T& operator*() { return value(); }
  const OAuthError& error() const { return std::get<OAuthError>(v_); }

 private:
  std::variant<T, OAuthError> v_;
};

}  // namespace portcullis::dev_idp
