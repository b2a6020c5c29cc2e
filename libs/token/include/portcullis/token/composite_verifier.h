#pragma once
// CompositeVerifier: the ordered provider chain agent frameworks use for bearer credentials -
// static service tokens first, then one or more OIDC issuers. The first provider that accepts
// wins; the result names it and says why every earlier provider declined.
//
//   CompositeVerifier chain;
//   chain.Add(std::make_unique<StaticTokenProvider>("service-tokens", service_tokens));
//   chain.Add(std::make_unique<JwtProvider>("entra", entra_verifier));
//   CompositeResult r = chain.Verify(bearer, clock.Now());
//   if (!r.ok()) return Reject(r.declined);            // each decline has a precise TokenError
//   Use(r.accepted->provider, r.accepted->subject);
//
// Providers are immutable once added; Verify is thread-safe (Add is not; build the chain first).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/common/clock.h"
#include "portcullis/token/token_error.h"
#include "portcullis/token/verified_token.h"
#include "portcullis/token/verifier.h"

namespace portcullis::token {

struct AcceptedCredential {
  std::string provider;                        // name of the provider that accepted
  std::string subject;                         // the service name for static tokens, "sub" for JWTs
  std::shared_ptr<const VerifiedToken> token;  // nullptr for static service tokens
};

struct ProviderDecline {
  std::string provider;
  TokenError error;
};

struct CompositeResult {
  std::optional<AcceptedCredential> accepted;
  std::vector<ProviderDecline> declined;  // in chain order, before the accepting provider
  bool ok() const { return accepted.has_value(); }
};

class TokenProvider {
 public:
  virtual ~TokenProvider() = default;
  virtual const std::string& name() const = 0;
  // Accepts the credential or says why not. Thread-safe.
  virtual TokenResult<AcceptedCredential> Authenticate(std::string_view token,
                                                       TimePoint now) const = 0;
};

// Opaque service tokens from configuration. The presented token is hashed (SHA-256) and compared
// with every configured digest in constant time (CRYPTO_memcmp over equal-length digests, no early
// exit), so neither timing nor length reveals how close a guess was.
class StaticTokenProvider final : public TokenProvider {
 public:
  struct ServiceToken {
    std::string service;  // becomes AcceptedCredential::subject
    std::string token;    // the secret; only its digest is kept
  };
  StaticTokenProvider(std::string name, const std::vector<ServiceToken>& tokens);
  const std::string& name() const override { return name_; }
  // kNotRecognized when no configured token matches.
  TokenResult<AcceptedCredential> Authenticate(std::string_view token,
                                               TimePoint now) const override;

 private:
  struct Entry {
    std::string service;
    unsigned char digest[32];
  };
  std::string name_;
  std::vector<Entry> entries_;
};

// A JWT issuer through a Verifier.
class JwtProvider final : public TokenProvider {
 public:
  JwtProvider(std::string name, std::shared_ptr<const Verifier> verifier)
      : name_(std::move(name)), verifier_(std::move(verifier)) {}
  const std::string& name() const override { return name_; }
  TokenResult<AcceptedCredential> Authenticate(std::string_view token,
                                               TimePoint now) const override;

 private:
  std::string name_;
  std::shared_ptr<const Verifier> verifier_;
};

class CompositeVerifier {
 public:
  void Add(std::unique_ptr<TokenProvider> provider) { providers_.push_back(std::move(provider)); }
  // Tries each provider in order. With no providers, declined is empty and accepted unset.
  CompositeResult Verify(std::string_view token, TimePoint now) const;

 private:
  std::vector<std::unique_ptr<TokenProvider>> providers_;
};

}  // namespace portcullis::token
