#pragma once
// CompositeBearerAuthenticator: BearerAuthenticator over libs/token's CompositeVerifier (static
// service tokens first, then the configured issuer through discovery + JWKS). A JWT that the
// verified-token cache holds costs a lookup and the claims policy, not a signature check.

#include "demo_api.h"
#include "portcullis/common/clock.h"
#include "portcullis/token/composite_verifier.h"

namespace portcullis::demo_upstream {

class CompositeBearerAuthenticator final : public BearerAuthenticator {
 public:
  // Both must outlive this object.
  CompositeBearerAuthenticator(const token::CompositeVerifier& verifier, const Clock& clock)
      : verifier_(verifier), clock_(clock) {}

  // kUnauthorized with every provider's precise reason in the detail, or kUnavailable when a
  // provider could not get its keys.
  Result<Principal> Authenticate(std::string_view token) const override;

 private:
  const token::CompositeVerifier& verifier_;
  const Clock& clock_;
};

}  // namespace portcullis::demo_upstream
