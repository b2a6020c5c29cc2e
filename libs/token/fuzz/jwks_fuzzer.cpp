// libFuzzer: JWK Set parsing (strict JSON, every kty, OpenSSL key import) and key selection.
#include <cstdint>
#include <string>
#include <string_view>

#include "portcullis/token/jwks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace portcullis::token;
  auto set = JwkSet::Parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!set.ok()) return 0;
  for (Algorithm alg : AllAlgorithms()) {
    (void)set->Select(alg, KeyId::None());
    for (const auto& key : set->keys()) {
      if (key.kid()) (void)set->Select(alg, KeyId::Of(*key.kid()));
      (void)key.PublicJson();
      (void)Thumbprint(key);
    }
  }
  (void)set->PublicJson();
  return 0;
}
