#pragma once
// KeySet: the provider's signing keys. One current key signs; keys retired by Rotate() stay in
// the JWKS (and keep verifying) until their grace period ends, or leave at once when rotated with
// no grace. Thread-safe.
//
//   KeySet keys(clock, std::move(initial_key), factory);
//   keys.Rotate(std::chrono::minutes(10));   // new current key; old one published 10 more min
//   nlohmann::json jwks = keys.Jwks();

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/common/clock.h"
#include "signing_key.h"

namespace portcullis::dev_idp {

class KeySet {
 public:
  // `factory` must outlive the KeySet.
  KeySet(const Clock& clock, std::shared_ptr<const SigningKey> initial, SigningKeyFactory& factory);

  // Signs with the current key. Errors as SigningKey::SignJwt.
  Result<std::string> Sign(const nlohmann::json& claims) const;

  // Verifies `jwt` with the published key its header names. kUnauthorized when the header is
  // malformed, names no published key, or the signature fails.
  Result<nlohmann::json> Verify(std::string_view jwt) const;

  // {"keys":[current, then retired keys still in grace]}.
  nlohmann::json Jwks() const;

  // Generates a new current key. The old one stays published for `grace` (nullopt or zero: it
  // is dropped now). Returns the new kid; kInternal when generation fails.
  Result<std::string> Rotate(std::optional<Duration> grace);

  std::string current_kid() const;

 private:
  struct Entry {
    std::shared_ptr<const SigningKey> key;
    std::optional<TimePoint> retire_at;  // nullopt: the current key
  };
  std::vector<Entry> Live() const;  // requires mu_

  const Clock& clock_;
  SigningKeyFactory& factory_;
  mutable std::mutex mu_;
  std::vector<Entry> keys_;  // GUARDED_BY(mu_); keys_[0] is current
};

}  // namespace portcullis::dev_idp
