#pragma once
// ProviderMetadata: the parts of an OpenID Provider's discovery document the suite uses.
// ParseProviderMetadata is pure; FetchProviderMetadata GETs
// `<issuer>/.well-known/openid-configuration` through an HttpFetcher.
//
//   auto meta = oidc::FetchProviderMetadata(fetcher, "http://127.0.0.1:9400/<tenant>/v2.0");
//   if (!meta.ok()) return meta.error();          // kUnavailable / kUpstreamError
//   Redirect(meta->authorization_endpoint + "?" + ...);

#include <string>
#include <string_view>
#include <vector>

#include "portcullis/common/result.h"
#include "portcullis/http/http_fetcher.h"

namespace portcullis::oidc {

struct ProviderMetadata {
  std::string issuer;                                         // exactly as the document says
  std::string authorization_endpoint;                         // required
  std::string token_endpoint;                                 // required
  std::string jwks_uri;                                       // required
  std::string end_session_endpoint;                           // "" when the provider has none
  std::vector<std::string> code_challenge_methods_supported;  // may be empty (not advertised)
  std::vector<std::string> id_token_signing_alg_values_supported;
};

// Parses a discovery document. `expected_issuer` must equal the document's `issuer` exactly,
// except that a document issuer containing "{tenantid}" (Entra's multi-tenant endpoints) is
// accepted when it equals `expected_issuer` literally. Endpoints must be absolute http(s) URLs.
// Errors: kUpstreamError with a detail naming the member (the provider sent something unusable).
Result<ProviderMetadata> ParseProviderMetadata(std::string_view json,
                                               std::string_view expected_issuer);

// `issuer` without a trailing slash; the document URL is issuer +
// "/.well-known/openid-configuration". Errors: kBadRequest (issuer is not an absolute http(s) URL),
// kUnavailable (transport failure or 5xx), kUpstreamError (any other non-200, a malformed document
// or an issuer mismatch).
Result<ProviderMetadata> FetchProviderMetadata(http::HttpFetcher& fetcher,
                                               const std::string& issuer,
                                               const http::FetchOptions& options = {});

}  // namespace portcullis::oidc
