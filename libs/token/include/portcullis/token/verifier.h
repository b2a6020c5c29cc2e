#pragma once
// JWT verification: VerifyJws is the pure function (token, keys, policy, now); Verifier adds a
// KeySource (static or remote, with unknown-kid refresh) and the verified-token cache.
//
//   VerifyPolicy policy;  policy.issuers = {...};  policy.audiences = {...};
//   Verifier verifier(std::make_shared<RemoteKeySet>(fetcher, clock, remote_options), policy);
//   auto r = verifier.Verify(bearer, clock.Now());
//   if (!r.ok()) return Reject(ToError(r.error()));          // 401; log r.error().ToString()
//   Use((*r)->claims.Oid());
//
// Order of checks: size and structure, header (alg none, crit, b64, nonce), alg allow-list,
// key selection (JWT-RULES.md §8), signature, then CheckClaims (policy.h). Header-supplied keys
// (jku, x5u, jwk, x5c) are never used.

#include <memory>
#include <string_view>

#include "portcullis/common/clock.h"
#include "portcullis/token/jwks.h"
#include "portcullis/token/key_source.h"
#include "portcullis/token/policy.h"
#include "portcullis/token/token_cache.h"
#include "portcullis/token/verified_token.h"

namespace portcullis::token {

// Verifies `token` against `keys` and `policy` at time `now`. Pure and thread-safe.
// Errors: every TokenErrorCode except kKeySetUnavailable and kNotRecognized.
TokenResult<VerifiedToken> VerifyJws(std::string_view token, const JwkSet& keys,
                                     const VerifyPolicy& policy, TimePoint now);

class Verifier {
 public:
  // cache_capacity 0 disables the verified-token cache.
  Verifier(std::shared_ptr<KeySource> keys, VerifyPolicy policy, size_t cache_capacity = 10000);

  // As VerifyJws, with keys from the source (one retry after KeysAfterUnknownKid when the kid
  // is unknown) and the cache: a hit skips parsing and the signature, but the time claims and
  // the policy are checked again against `now`. Thread-safe.
  TokenResult<std::shared_ptr<const VerifiedToken>> Verify(std::string_view token,
                                                           TimePoint now) const;

  const VerifyPolicy& policy() const { return policy_; }
  // nullptr when disabled.
  TokenCache* cache() const { return cache_.get(); }

 private:
  std::shared_ptr<KeySource> keys_;
  VerifyPolicy policy_;
  std::unique_ptr<TokenCache> cache_;
};

}  // namespace portcullis::token
