#include "adapters/libtoken_signing_key.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <fstream>
#include <sstream>

#include "portcullis/token/jws.h"
#include "portcullis/token/signature.h"
#include "portcullis/token/signer.h"

namespace portcullis::dev_idp {
namespace {

class LibTokenSigningKey final : public SigningKey {
 public:
  explicit LibTokenSigningKey(token::Signer signer)
      : signer_(std::move(signer)), jwk_(nlohmann::json::parse(signer_.PublicJwk().PublicJson())) {
    // Entra's keys carry x5t (here equal to the kid) and no alg.
    jwk_.erase("alg");
    jwk_["kid"] = signer_.kid();
    jwk_["x5t"] = signer_.kid();
    jwk_["use"] = "sig";
  }

  const std::string& kid() const override { return signer_.kid(); }
  nlohmann::json PublicJwk() const override { return jwk_; }

  Result<std::string> SignJwt(const nlohmann::json& claims) const override {
    token::TokenResult<std::string> jwt = signer_.Sign(claims.dump());
    if (!jwt.ok()) return Error{ErrorCode::kInternal, jwt.error().ToString()};
    return std::move(jwt).value();
  }

  Result<nlohmann::json> VerifyJwt(std::string_view jwt) const override {
    token::TokenResult<token::ParsedJws> jws = token::ParseJws(jwt);
    if (!jws.ok()) return Error{ErrorCode::kUnauthorized, jws.error().ToString()};
    if (jws->header.alg != signer_.alg()) {
      return Error{ErrorCode::kUnauthorized, "alg does not match the key"};
    }
    token::TokenStatus s = token::VerifySignature(
        signer_.alg(), signer_.PublicJwk(), jwt.substr(0, jws->signing_input_size), jws->signature);
    if (!s.ok()) return Error{ErrorCode::kUnauthorized, s.error().ToString()};
    nlohmann::json claims = nlohmann::json::parse(jws->claims_json->text(), nullptr, false);
    if (!claims.is_object()) return Error{ErrorCode::kUnauthorized, "claims are not an object"};
    return claims;
  }

 private:
  token::Signer signer_;
  nlohmann::json jwk_;
};

Result<std::shared_ptr<const SigningKey>> Wrap(token::TokenResult<token::Signer> signer,
                                               ErrorCode code) {
  if (!signer.ok()) return Error{code, "signing key: " + signer.error().ToString()};
  return std::shared_ptr<const SigningKey>(
      std::make_shared<LibTokenSigningKey>(std::move(signer).value()));
}

}  // namespace

Result<std::shared_ptr<const SigningKey>> RsaSigningKeyFactory::Generate() {
  EVP_PKEY* raw = EVP_RSA_gen(2048);
  if (raw == nullptr) {
    ERR_clear_error();
    return Error{ErrorCode::kInternal, "RSA key generation failed"};
  }
  std::shared_ptr<EVP_PKEY> key(raw, EVP_PKEY_free);
  return Wrap(token::Signer::FromKey(std::move(key), token::Algorithm::kRS256),
              ErrorCode::kInternal);
}

Result<std::shared_ptr<const SigningKey>> LoadPemSigningKey(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kNotFound, "signing key: cannot read " + path};
  std::stringstream pem;
  pem << in.rdbuf();
  return Wrap(token::Signer::FromPem(pem.str()), ErrorCode::kBadRequest);
}

}  // namespace portcullis::dev_idp
