#pragma once
// What a verifier accepts beyond a good signature (JWT-RULES.md §2-5, §20): algorithms, issuers
// (exact, or Entra templates with {tenantid}), audiences, leeway, required claims and maximum age.
//
//   VerifyPolicy p;
//   p.algorithms = {Algorithm::kRS256};
//   p.issuers = {"https://login.microsoftonline.com/{tenantid}/v2.0"};
//   p.audiences = {"api://portcullis", "6e74172b-be56-4843-9ff4-e66a39bb12e3"};
//   p.leeway = std::chrono::seconds(300);
//   TokenStatus s = CheckClaims(claims, p, now);
//
// A plain value; CheckClaims is pure and thread-safe.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "portcullis/common/clock.h"
#include "portcullis/token/algorithm.h"
#include "portcullis/token/claims.h"
#include "portcullis/token/token_error.h"

namespace portcullis::token {

struct VerifyPolicy {
  // Algorithms a token may use. Default: every asymmetric algorithm (HS* must be opted into).
  std::vector<Algorithm> algorithms = AsymmetricAlgorithms();
  // Accepted "iss" values, compared exactly. An entry containing "{tenantid}" is filled from the
  // token's "tid" claim, which must be a GUID; with allowed_tenants non-empty the tid must also
  // be listed there. Empty: every token fails with kBadIssuer (fail closed).
  std::vector<std::string> issuers;
  std::vector<std::string> allowed_tenants;
  // The token's "aud" (string or array) must contain at least one of these, exactly.
  // Empty: every token fails with kBadAudience.
  std::vector<std::string> audiences;
  // Clock skew tolerated on exp, nbf, iat and max_age.
  std::chrono::seconds leeway{0};
  // Claims that must be present and not null, beyond exp, iss and aud.
  std::vector<std::string> required_claims;
  // If set, "iat" is required and now - iat must not exceed max_age + leeway.
  std::optional<std::chrono::seconds> max_age;
  // Larger tokens are rejected before any parsing.
  size_t max_token_bytes = 256000;

  bool Allows(Algorithm alg) const;
};

// Checks, in this order:
//   exp   required; valid iff now < exp + leeway              kMissingClaim / kExpired
//   nbf   if present, valid iff nbf <= now + leeway           kNotYetValid
//   iat   if present, valid iff iat <= now + leeway           kIssuedInFuture
//   max_age                                                   kMissingClaim / kTooOld
//   iss   as above                                            kMissingClaim / kBadIssuer
//   aud   as above                                            kMissingClaim / kBadAudience
//   required_claims                                           kMissingClaim
// A NumericDate that is not a JSON number gives kInvalidClaim.
TokenStatus CheckClaims(const Claims& claims, const VerifyPolicy& policy, TimePoint now);

TokenStatus CheckTimes(const Claims& claims, const VerifyPolicy& policy, TimePoint now);
TokenStatus CheckIssuer(const Claims& claims, const VerifyPolicy& policy);
TokenStatus CheckAudience(const Claims& claims, const VerifyPolicy& policy);

// True for a canonical 8-4-4-4-12 hexadecimal GUID.
bool IsGuid(std::string_view s);

}  // namespace portcullis::token
