#include "testing/fake_signing_key.h"

#include "portcullis/crypto/encoding.h"
#include "portcullis/crypto/hash.h"

namespace portcullis::dev_idp::testing {
namespace {

std::string B64(const std::string& s) { return crypto::Base64UrlEncode(crypto::AsBytes(s)); }

std::string Mac(const std::string& kid, std::string_view input) {
  return crypto::Base64UrlEncode(crypto::Sha256(crypto::AsBytes(kid + "|" + std::string(input))));
}

}  // namespace

nlohmann::json FakeSigningKey::PublicJwk() const {
  return nlohmann::json{{"kty", "RSA"}, {"use", "sig"}, {"kid", kid_},
                        {"x5t", kid_},  {"n", "fake"},  {"e", "AQAB"}};
}

Result<std::string> FakeSigningKey::SignJwt(const nlohmann::json& claims) const {
  std::string input = B64(nlohmann::json{{"alg", "RS256"}, {"typ", "JWT"}, {"kid", kid_}}.dump()) +
                      "." + B64(claims.dump());
  return input + "." + Mac(kid_, input);
}

Result<nlohmann::json> FakeSigningKey::VerifyJwt(std::string_view jwt) const {
  size_t last = jwt.rfind('.');
  if (last == std::string_view::npos || jwt.substr(last + 1) != Mac(kid_, jwt.substr(0, last))) {
    return Error{ErrorCode::kUnauthorized, "bad signature"};
  }
  return DecodeClaims(std::string(jwt));
}

nlohmann::json DecodeClaims(const std::string& jwt) {
  size_t a = jwt.find('.');
  size_t b = jwt.find('.', a + 1);
  if (a == std::string::npos || b == std::string::npos) return nlohmann::json();
  auto bytes = crypto::Base64UrlDecode(std::string_view(jwt).substr(a + 1, b - a - 1));
  if (!bytes) return nlohmann::json();
  return nlohmann::json::parse(crypto::AsStringView(*bytes), nullptr, false);
}

}  // namespace portcullis::dev_idp::testing
