#include "portcullis/token/composite_verifier.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace portcullis::token {

StaticTokenProvider::StaticTokenProvider(std::string name, const std::vector<ServiceToken>& tokens)
    : name_(std::move(name)) {
  for (const auto& t : tokens) {
    Entry e;
    e.service = t.service;
    SHA256(reinterpret_cast<const unsigned char*>(t.token.data()), t.token.size(), e.digest);
    entries_.push_back(std::move(e));
  }
}

TokenResult<AcceptedCredential> StaticTokenProvider::Authenticate(std::string_view token,
                                                                  TimePoint /*now*/) const {
  unsigned char digest[32];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  const Entry* match = nullptr;
  for (const auto& e : entries_) {
    // Every entry is compared, whatever matched before, so the time taken does not depend on it.
    const bool equal = CRYPTO_memcmp(e.digest, digest, sizeof(digest)) == 0;
    if (equal && match == nullptr) match = &e;
  }
  if (match == nullptr) {
    return TokenError{TokenErrorCode::kNotRecognized, "not a configured service token"};
  }
  return AcceptedCredential{name_, match->service, nullptr};
}

TokenResult<AcceptedCredential> JwtProvider::Authenticate(std::string_view token,
                                                          TimePoint now) const {
  auto verified = verifier_->Verify(token, now);
  if (!verified.ok()) return verified.error();
  const auto sub = (*verified)->claims.Subject();
  return AcceptedCredential{name_, std::string(sub.value_or("")), std::move(*verified)};
}

CompositeResult CompositeVerifier::Verify(std::string_view token, TimePoint now) const {
  CompositeResult result;
  for (const auto& provider : providers_) {
    auto r = provider->Authenticate(token, now);
    if (r.ok()) {
      result.accepted = std::move(*r);
      return result;
    }
    result.declined.push_back(ProviderDecline{provider->name(), r.error()});
  }
  return result;
}

}  // namespace portcullis::token
