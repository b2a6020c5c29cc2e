#include "portcullis/token/verifier.h"

#include "portcullis/token/jws.h"
#include "portcullis/token/signature.h"

namespace portcullis::token {
namespace {

TokenStatus CheckAlgAllowed(const ParsedJws& jws, const VerifyPolicy& policy) {
  if (!policy.Allows(jws.header.alg)) {
    return TokenError{TokenErrorCode::kAlgNotAllowed,
                      std::string(AlgorithmName(jws.header.alg)) + " is not on the allow-list"};
  }
  return Ok{};
}

TokenResult<VerifiedToken> Finish(std::string_view token, ParsedJws& jws, const Jwk& key,
                                  const VerifyPolicy& policy, TimePoint now) {
  const auto sig =
      VerifySignature(jws.header.alg, key, token.substr(0, jws.signing_input_size), jws.signature);
  if (!sig.ok()) return sig.error();
  VerifiedToken verified{std::move(jws.header), Claims(std::move(jws.claims_json))};
  if (auto s = CheckClaims(verified.claims, policy, now); !s.ok()) return s.error();
  return verified;
}

}  // namespace

TokenResult<VerifiedToken> VerifyJws(std::string_view token, const JwkSet& keys,
                                     const VerifyPolicy& policy, TimePoint now) {
  auto jws = ParseJws(token, policy.max_token_bytes);
  if (!jws.ok()) return jws.error();
  if (auto s = CheckAlgAllowed(*jws, policy); !s.ok()) return s.error();
  auto key = keys.Select(jws->header.alg, jws->header.kid);
  if (!key.ok()) return key.error();
  return Finish(token, *jws, **key, policy, now);
}

Verifier::Verifier(std::shared_ptr<KeySource> keys, VerifyPolicy policy, size_t cache_capacity)
    : keys_(std::move(keys)),
      policy_(std::move(policy)),
      cache_(cache_capacity > 0 ? std::make_unique<TokenCache>(cache_capacity) : nullptr) {}

TokenResult<std::shared_ptr<const VerifiedToken>> Verifier::Verify(std::string_view token,
                                                                   TimePoint now) const {
  if (token.size() > policy_.max_token_bytes) {
    return TokenError{TokenErrorCode::kMalformed, "token exceeds the size limit"};
  }
  if (cache_) {
    if (auto hit = cache_->Lookup(token, now)) {
      // The signature was verified with this verifier's keys and policy; time moves on.
      if (auto s = CheckClaims(hit->claims, policy_, now); !s.ok()) return s.error();
      return hit;
    }
  }
  auto jws = ParseJws(token, policy_.max_token_bytes);
  if (!jws.ok()) return jws.error();
  if (auto s = CheckAlgAllowed(*jws, policy_); !s.ok()) return s.error();
  auto keys = keys_->Keys();
  if (!keys.ok()) return keys.error();
  auto key = (*keys)->Select(jws->header.alg, jws->header.kid);
  const KeyId& kid = jws->header.kid;
  if (!key.ok() && key.code() == TokenErrorCode::kUnknownKeyId && kid.present && kid.is_string &&
      !(*keys)->ContainsKid(kid.value)) {
    // A kid we have never seen may mean the issuer rotated its keys.
    keys = keys_->KeysAfterUnknownKid(kid.value);
    if (!keys.ok()) return keys.error();
    key = (*keys)->Select(jws->header.alg, kid);
  }
  if (!key.ok()) return key.error();
  // The set stays alive (held by `keys`) while the selected key is used.
  auto verified = Finish(token, *jws, **key, policy_, now);
  if (!verified.ok()) return verified.error();
  auto shared = std::make_shared<const VerifiedToken>(std::move(*verified));
  if (cache_) cache_->Insert(token, shared);
  return shared;
}

}  // namespace portcullis::token
