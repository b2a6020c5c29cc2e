#include "adapters/oidc_refresher.h"

#include <algorithm>

#include "portcullis/oidc/provider_metadata.h"

namespace portcullis::session_store {

OidcRefresher::OidcRefresher(http::HttpFetcher& fetcher, const Clock& clock,
                             OidcRefresherOptions options)
    : fetcher_(fetcher),
      clock_(clock),
      options_(std::move(options)),
      endpoint_(options_.token_endpoint) {}

Result<std::string> OidcRefresher::Endpoint(std::chrono::milliseconds timeout) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!endpoint_.empty()) return endpoint_;
  http::FetchOptions fo;
  fo.timeout = timeout;
  Result<oidc::ProviderMetadata> meta = oidc::FetchProviderMetadata(fetcher_, options_.issuer, fo);
  if (!meta.ok()) return meta.error();
  endpoint_ = meta->token_endpoint;
  return endpoint_;
}

RefreshResult OidcRefresher::Refresh(const std::string& refresh_token,
                                     std::chrono::milliseconds timeout) {
  const std::chrono::milliseconds call =
      std::max(std::chrono::milliseconds(1), std::min(timeout, options_.max_call_timeout));
  Result<std::string> endpoint = Endpoint(call);
  if (!endpoint.ok()) {
    const bool retry = endpoint.code() == ErrorCode::kUnavailable;
    return RefreshError{retry ? RefreshErrorKind::kRetryable : RefreshErrorKind::kFatal,
                        std::nullopt, "discovery: " + endpoint.error().ToString()};
  }
  http::FetchOptions fo;
  fo.timeout = call;
  oidc::TokenEndpointClient client(fetcher_, clock_, *endpoint, options_.credentials, fo);
  oidc::TokenEndpointResult r = client.Refresh(refresh_token);
  if (r.ok()) {
    return RefreshedTokens{r->access_token, r->refresh_token, r->id_token, r->scope, r->expires_in};
  }
  const oidc::TokenEndpointError& e = r.error();
  RefreshError out;
  out.retry_after = e.retry_after;
  out.detail = std::string(oidc::ToString(e.kind)) + " (HTTP " + std::to_string(e.http_status) +
               (e.oauth_error.empty() ? "" : ", " + e.oauth_error) + ")";
  if (e.kind == oidc::TokenErrorKind::kInvalidGrant) {
    out.kind = RefreshErrorKind::kInvalidGrant;
  } else if (e.Retryable()) {
    out.kind = RefreshErrorKind::kRetryable;
  } else {
    out.kind = RefreshErrorKind::kFatal;
  }
  return out;
}

}  // namespace portcullis::session_store
