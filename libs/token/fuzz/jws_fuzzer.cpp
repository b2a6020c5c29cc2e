// libFuzzer: JWS compact parse + verify against a fixed key set holding one key of every family.
// The keys are generated once per process; inputs exercise structure, base64url, JSON, header
// rules, key selection, the signature encodings of every algorithm and the claims policy.
#include <openssl/evp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "portcullis/token/signer.h"
#include "portcullis/token/verifier.h"

namespace {

using namespace portcullis::token;

struct Fixture {
  std::unique_ptr<JwkSet> keys;
  VerifyPolicy policy;
};

const Fixture& Get() {
  static const Fixture fixture = [] {
    Fixture f;
    std::string jwks = "{\"keys\":[";
    const std::pair<const char*, const char*> specs[] = {
        {"RSA", "rs"}, {"EC", "es"}, {"ED25519", "ed"}};
    for (const auto& [type, kid] : specs) {
      EVP_PKEY* raw = std::string_view(type) == "EC"
                          ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                      : std::string_view(type) == "RSA"
                          ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048))
                          : EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      auto signer =
          Signer::FromKey(std::shared_ptr<EVP_PKEY>(raw, EVP_PKEY_free), std::nullopt, kid);
      jwks += signer->PublicJwk().PublicJson() + ",";
    }
    jwks +=
        R"({"kty":"oct","kid":"hs","k":"c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0xMjM0"}]})";
    f.keys = std::make_unique<JwkSet>(std::move(*JwkSet::Parse(jwks)));
    f.policy.algorithms = AllAlgorithms();
    f.policy.issuers = {"https://issuer.example",
                        "https://login.microsoftonline.com/{tenantid}/v2.0"};
    f.policy.audiences = {"api://portcullis"};
    f.policy.leeway = std::chrono::seconds(300);
    f.policy.required_claims = {"sub"};
    return f;
  }();
  return fixture;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& f = Get();
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  auto r = VerifyJws(token, *f.keys, f.policy, portcullis::FromUnixSeconds(1767225600));
  if (r.ok()) {
    (void)r->claims.ToJson();
    (void)r->claims.Roles();
    (void)r->claims.Scopes();
    (void)r->claims.GroupsOverageEndpoint();
  }
  (void)SplitJws(token);
  return 0;
}
