#pragma once
// KeySource: where a Verifier gets its keys. StaticKeySource holds a fixed set (a file, a test);
// RemoteKeySet (remote_key_set.h) fetches and caches one from a jwks_uri or an OIDC discovery
// document.
//
//   auto keys = std::make_shared<StaticKeySource>(std::move(*JwkSet::Parse(text)));
//   Verifier verifier(keys, policy);
//
// Implementations are thread-safe.

#include <memory>
#include <string_view>

#include "portcullis/token/jwks.h"
#include "portcullis/token/token_error.h"

namespace portcullis::token {

class KeySource {
 public:
  virtual ~KeySource() = default;
  // The key set to verify with now. kKeySetUnavailable when none could ever be obtained.
  virtual TokenResult<std::shared_ptr<const JwkSet>> Keys() = 0;
  // Called when a token names a kid that Keys() lacks: a source may refetch (rate-limited) and
  // returns the set to retry with once. The default returns Keys().
  virtual TokenResult<std::shared_ptr<const JwkSet>> KeysAfterUnknownKid(std::string_view kid) {
    (void)kid;
    return Keys();
  }
};

class StaticKeySource final : public KeySource {
 public:
  explicit StaticKeySource(JwkSet keys) : keys_(std::make_shared<const JwkSet>(std::move(keys))) {}
  TokenResult<std::shared_ptr<const JwkSet>> Keys() override { return keys_; }

 private:
  const std::shared_ptr<const JwkSet> keys_;
};

}  // namespace portcullis::token
