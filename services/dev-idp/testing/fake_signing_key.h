#pragma once
// FakeSigningKey: a deterministic stand-in for tests of the logic. Its "signature" is
// SHA-256(kid || signing input), so tokens verify only with the key that made them, and a
// changed byte fails, without any real key material.

#include <atomic>
#include <memory>
#include <string>

#include "signing_key.h"

namespace portcullis::dev_idp::testing {

class FakeSigningKey final : public SigningKey {
 public:
  explicit FakeSigningKey(std::string kid) : kid_(std::move(kid)) {}
  const std::string& kid() const override { return kid_; }
  nlohmann::json PublicJwk() const override;
  Result<std::string> SignJwt(const nlohmann::json& claims) const override;
  Result<nlohmann::json> VerifyJwt(std::string_view jwt) const override;

 private:
  std::string kid_;
};

// Makes keys "fake-1", "fake-2", ... in order.
class FakeSigningKeyFactory final : public SigningKeyFactory {
 public:
  Result<std::shared_ptr<const SigningKey>> Generate() override {
    return std::shared_ptr<const SigningKey>(
        std::make_shared<FakeSigningKey>("fake-" + std::to_string(++n_)));
  }

 private:
  std::atomic<int> n_{0};
};

// The claims of a compact JWS, without checking anything (test inspection only).
nlohmann::json DecodeClaims(const std::string& jwt);

}  // namespace portcullis::dev_idp::testing
