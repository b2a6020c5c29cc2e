#include "token_authenticator.h"

namespace portcullis::demo_upstream {

Result<Principal> CompositeBearerAuthenticator::Authenticate(std::string_view token) const {
  token::CompositeResult result = verifier_.Verify(token, clock_.Now());
  if (result.ok()) {
    Principal p{result.accepted->provider, result.accepted->subject, "{}"};
    if (result.accepted->token) p.claims_json = result.accepted->token->claims.ToJson();
    return p;
  }
  std::string detail;
  ErrorCode code = ErrorCode::kUnauthorized;
  for (const token::ProviderDecline& decline : result.declined) {
    if (!detail.empty()) detail += "; ";
    detail += decline.provider + ": " + decline.error.ToString();
    if (decline.error.code == token::TokenErrorCode::kKeySetUnavailable) {
      code = ErrorCode::kUnavailable;
    }
  }
  return Error{code, detail.empty() ? "no credential provider configured" : detail};
}

}  // namespace portcullis::demo_upstream
