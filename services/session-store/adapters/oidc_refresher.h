#pragma once
// OidcRefresher: Refresher over libs/oidc's TokenEndpointClient (refresh_token grant). The token
// endpoint is configured, or found through discovery on first use (and retried on later calls
// while the provider is unreachable, so the service starts before its provider does).
//
//   OidcRefresher refresher(fetcher, clock, {.issuer = cfg.issuer, .client_id = ...});
//
// Mapping: invalid_grant -> kInvalidGrant; 429, 5xx, temporarily_unavailable and transport
// failures -> kRetryable (with Retry-After); everything else -> kFatal. Thread-safe.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "portcullis/common/clock.h"
#include "portcullis/common/result.h"
#include "portcullis/common/secret.h"
#include "portcullis/http/http_fetcher.h"
#include "portcullis/oidc/token_endpoint.h"
#include "refresher.h"

namespace portcullis::session_store {

struct OidcRefresherOptions {
  std::string issuer;          // discovery, when token_endpoint is ""
  std::string token_endpoint;  // used as is when set
  oidc::ClientCredentials credentials;
  std::chrono::milliseconds max_call_timeout{5000};  // one HTTP call at most
};

class OidcRefresher final : public Refresher {
 public:
  // `fetcher` and `clock` (dates an HTTP-date Retry-After) must outlive the refresher.
  OidcRefresher(http::HttpFetcher& fetcher, const Clock& clock, OidcRefresherOptions options);
  RefreshResult Refresh(const std::string& refresh_token,
                        std::chrono::milliseconds timeout) override;

 private:
  // The token endpoint, discovering it once. kUnavailable / kUpstreamError / kBadRequest as
  // oidc::FetchProviderMetadata.
  Result<std::string> Endpoint(std::chrono::milliseconds timeout);

  http::HttpFetcher& fetcher_;
  const Clock& clock_;
  const OidcRefresherOptions options_;
  std::mutex mu_;
  std::string endpoint_;  // GUARDED_BY(mu_)
};

}  // namespace portcullis::session_store
