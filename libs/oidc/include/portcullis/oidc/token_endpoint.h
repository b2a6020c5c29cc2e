#pragma once
// TokenEndpointClient: the OAuth 2.0 token endpoint, as a relying party calls it. One client per
// (endpoint, client id); thread-safe; blocking (the caller's thread waits at most
// FetchOptions::timeout). Grants: authorization_code (with PKCE verifier), refresh_token, and
// On-Behalf-Of (urn:ietf:params:oauth:grant-type:jwt-bearer, for graph-token).
//
//   oidc::TokenEndpointClient client(fetcher, clock, meta.token_endpoint,
//                                    {.client_id = "portcullis-gateway", .client_secret = secret});
//   oidc::TokenEndpointResult r = client.Refresh(refresh_token);
//   if (!r.ok() && r.error().kind == oidc::TokenErrorKind::kInvalidGrant) RevokeSession();
//   if (!r.ok() && r.error().retry_after) SleepFor(*r.error().retry_after);
//
// Parsing of the response (ParseTokenResponse) is pure and separately tested.

#include <cassert>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "portcullis/common/clock.h"
#include "portcullis/common/error.h"
#include "portcullis/common/secret.h"
#include "portcullis/http/http_fetcher.h"

namespace portcullis::oidc {

enum class ClientAuthMethod {
  kClientSecretBasic,  // Authorization: Basic (form-urlencoded id:secret), the RFC 6749 default
  kClientSecretPost,   // client_id + client_secret in the body
  kNone,               // public client: client_id in the body only
};

struct ClientCredentials {
  std::string client_id;
  SecretString client_secret;  // empty with kNone
  ClientAuthMethod method = ClientAuthMethod::kClientSecretBasic;
};

// A successful token response (RFC 6749 §5.1). Absent members are "" / nullopt.
struct TokenResponse {
  std::string access_token;   // required
  std::string token_type;     // required; "Bearer" (compared case-insensitively)
  std::string refresh_token;  // "" when none was issued (or not rotated)
  std::string id_token;       // "" when none was issued
  std::string scope;          // as granted, space-separated; "" when not echoed
  std::optional<std::chrono::seconds> expires_in;
};

enum class TokenErrorKind {
  kInvalidGrant,   // 400 invalid_grant: code/refresh token expired, revoked or reused
  kInvalidClient,  // 401/400 invalid_client or unauthorized_client: our configuration is wrong
  kRateLimited,    // 429 (retry_after set when the provider sent Retry-After)
  kServerError,    // 5xx, or a 400 error "temporarily_unavailable" / "server_error"
  kRejected,       // any other OAuth error response (invalid_request, invalid_scope, ...)
  kBadResponse,    // a 2xx that is not a valid token response, or an unparsable error body
  kTransport,      // no HTTP response: connect failure, reset, timeout
};

std::string_view ToString(TokenErrorKind kind);

struct TokenEndpointError {
  TokenErrorKind kind = TokenErrorKind::kTransport;
  int http_status = 0;      // 0 for kTransport
  std::string oauth_error;  // the "error" member, "" when absent
  std::string description;  // "error_description" or our own detail; no secrets
  std::optional<std::chrono::seconds> retry_after;  // from Retry-After (delta-seconds or date)
  bool Retryable() const {
    return kind == TokenErrorKind::kRateLimited || kind == TokenErrorKind::kServerError ||
           kind == TokenErrorKind::kTransport;
  }
  // kInvalidGrant -> kUnauthorized, kRateLimited/kServerError/kTransport -> kUnavailable,
  // the rest -> kUpstreamError.
  ErrorCode ToErrorCode() const;
};

class [[nodiscard]] TokenEndpointResult {
 public:
  TokenEndpointResult(TokenResponse r) : v_(std::move(r)) {}  // NOLINT(google-explicit-constructor)
  TokenEndpointResult(TokenEndpointError e)
      : v_(std::move(e)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return std::holds_alternative<TokenResponse>(v_); }
  const TokenResponse& value() const {
    assert(ok());
    return std::get<TokenResponse>(v_);
  }
  TokenResponse& value() {
    assert(ok());
    return std::get<TokenResponse>(v_);
  }
  const TokenResponse& operator*() const { return value(); }
  const TokenResponse* operator->() const { return &value(); }
  const TokenEndpointError& error() const {
    assert(!ok());
    return std::get<TokenEndpointError>(v_);
  }

 private:
  std::variant<TokenResponse, TokenEndpointError> v_;
};

// application/x-www-form-urlencoded (RFC 6749 appendix B): space as '+', everything outside
// ALPHA / DIGIT / "-._~*" percent-encoded.
std::string FormUrlEncode(const std::vector<std::pair<std::string, std::string>>& fields);

// Turns an HTTP answer from a token endpoint into a response or a typed error. `now_unix` is
// used for a Retry-After given as an HTTP date.
TokenEndpointResult ParseTokenResponse(const http::HttpResponse& response, int64_t now_unix);

class TokenEndpointClient {
 public:
  // `fetcher` and `clock` must outlive the client; the clock dates an HTTP-date Retry-After.
  TokenEndpointClient(http::HttpFetcher& fetcher, const Clock& clock, std::string token_endpoint,
                      ClientCredentials credentials, http::FetchOptions options = {});

  TokenEndpointResult ExchangeCode(const std::string& code, const std::string& code_verifier,
                                   const std::string& redirect_uri) const;
  // `scope` "" omits the parameter (the provider keeps the original grant's scope).
  TokenEndpointResult Refresh(const std::string& refresh_token,
                              const std::string& scope = "") const;
  TokenEndpointResult OnBehalfOf(const std::string& assertion, const std::string& scope) const;

  const std::string& endpoint() const { return endpoint_; }

 private:
  TokenEndpointResult Call(std::vector<std::pair<std::string, std::string>> fields) const;

  http::HttpFetcher& fetcher_;
  const Clock& clock_;
  std::string endpoint_;
  ClientCredentials credentials_;
  http::FetchOptions options_;
};

}  // namespace portcullis::oidc
