#pragma once
// FakeIdentityProvider: codes map to token sets; id tokens are opaque strings mapped to claims,
// so tests choose exactly what "verifies". A code works once (like a real provider).

#include <map>
#include <mutex>

#include "identity_provider.h"

namespace portcullis::gateway::testing {

class FakeIdentityProvider final : public IdentityProvider {
 public:
  const std::string& name() const override { return name_; }
  const std::string& issuer() const override { return issuer_; }
  const std::string& authorization_endpoint() const override { return authorize_; }
  const std::string& end_session_endpoint() const override { return end_session_; }

  Result<TokenSet> ExchangeCode(const std::string& code, const std::string& verifier,
                                const std::string& redirect_uri) override {
    std::lock_guard lock(mu_);
    auto it = codes_.find(code);
    if (it == codes_.end()) return Error{ErrorCode::kUnauthorized, "invalid_grant"};
    last_verifier = verifier;
    last_redirect_uri = redirect_uri;
    TokenSet t = it->second;
    codes_.erase(it);
    return t;
  }
  Result<IdTokenClaims> VerifyIdToken(const std::string& id_token) override {
    std::lock_guard lock(mu_);
    auto it = id_tokens_.find(id_token);
    if (it == id_tokens_.end()) return Error{ErrorCode::kUnauthorized, "bad_signature"};
    return it->second;
  }

  void AddCode(const std::string& code, TokenSet tokens) {
    std::lock_guard lock(mu_);
    codes_[code] = std::move(tokens);
  }
  void AddIdToken(const std::string& token, IdTokenClaims claims) {
    std::lock_guard lock(mu_);
    id_tokens_[token] = std::move(claims);
  }

  std::string last_verifier, last_redirect_uri;

 private:
  std::mutex mu_;
  std::string name_ = "fake-idp", issuer_ = "https://idp.example/tenant/v2.0",
              authorize_ = "https://idp.example/authorize",
              end_session_ = "https://idp.example/logout";
  std::map<std::string, TokenSet> codes_;
  std::map<std::string, IdTokenClaims> id_tokens_;
};

}  // namespace portcullis::gateway::testing
