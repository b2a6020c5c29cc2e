#include "private_key.h"

#include <openssl/core_names.h>
#include <openssl/pem.h>

#include <utility>
#include <vector>

#include "ec_curves.h"
#include "ossl.h"
#include "portcullis/token/base64url.h"

namespace portcullis::token {
namespace {

TokenError Bad(std::string detail) {
  return TokenError{TokenErrorCode::kMalformed, "private JWK: " + std::move(detail)};
}

bool Member(JsonValue obj, std::string_view name, std::string& out) {
  const auto v = obj.Find(name);
  return v && v->is_string() && Base64UrlDecode(v->AsString(), out) && !out.empty();
}

ossl::BignumPtr Bn(const std::string& bytes) {
  return ossl::BignumPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                                   static_cast<int>(bytes.size()), nullptr));
}

TokenResult<std::shared_ptr<EVP_PKEY>> FromParams(const char* type, OSSL_PARAM_BLD* bld) {
  ossl::ParamPtr params(OSSL_PARAM_BLD_to_param(bld));
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_KEYPAIR, params.get()) != 1) {
    ERR_clear_error();
    return Bad(std::string("invalid ") + type + " key");
  }
  return ossl::Share(ossl::PkeyPtr(raw));
}

TokenResult<std::shared_ptr<EVP_PKEY>> RsaPrivate(JsonValue jwk) {
  static constexpr std::pair<const char*, const char*> kMembers[] = {
      {"n", OSSL_PKEY_PARAM_RSA_N},          {"e", OSSL_PKEY_PARAM_RSA_E},
      {"d", OSSL_PKEY_PARAM_RSA_D},          {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
      {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},    {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
      {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2}, {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
  };
  ossl::ParamBldPtr bld(OSSL_PARAM_BLD_new());
  std::vector<ossl::BignumPtr> keep;  // must live until the params are built
  for (const auto& [member, param] : kMembers) {
    std::string bytes;
    if (!Member(jwk, member, bytes)) return Bad(std::string("RSA key needs ") + member);
    keep.push_back(Bn(bytes));
    if (!keep.back() || !OSSL_PARAM_BLD_push_BN(bld.get(), param, keep.back().get())) {
      return Bad("out of memory");
    }
  }
  return FromParams("RSA", bld.get());
}

TokenResult<std::shared_ptr<EVP_PKEY>> EcPrivate(JsonValue jwk) {
  const auto crv = jwk.Find("crv");
  const EcCurve* curve = crv && crv->is_string() ? FindCurveByJwkName(crv->AsString()) : nullptr;
  if (!curve) return Bad("unsupported or missing crv");
  std::string x, y, d;
  if (!Member(jwk, "x", x) || !Member(jwk, "y", y) || !Member(jwk, "d", d) ||
      x.size() != curve->field_bytes || y.size() != curve->field_bytes) {
    return Bad("EC key needs x, y and d of the curve's size");
  }
  const std::string point = "\x04" + x + y;
  ossl::BignumPtr priv = Bn(d);
  ossl::ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!priv ||
      !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve->openssl_name,
                                       0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv.get())) {
    return Bad("out of memory");
  }
  return FromParams("EC", bld.get());
}

}  // namespace

TokenResult<std::shared_ptr<EVP_PKEY>> PrivateKeyFromJwk(JsonValue jwk) {
  const auto kty = jwk.Find("kty");
  if (!kty || !kty->is_string()) return Bad("kty missing");
  if (kty->AsString() == "RSA") return RsaPrivate(jwk);
  if (kty->AsString() == "EC") return EcPrivate(jwk);
  if (kty->AsString() == "OKP") {
    const auto crv = jwk.Find("crv");
    std::string d;
    if (!crv || !crv->is_string() || crv->AsString() != "Ed25519") return Bad("OKP needs Ed25519");
    if (!Member(jwk, "d", d) || d.size() != 32) return Bad("Ed25519 d must be 32 bytes");
    ossl::PkeyPtr key(EVP_PKEY_new_raw_private_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(d.data()), d.size()));
    if (!key) {
      ERR_clear_error();
      return Bad("invalid Ed25519 key");
    }
    return ossl::Share(std::move(key));
  }
  return Bad("unsupported kty " + std::string(kty->AsString()));
}

TokenResult<std::shared_ptr<EVP_PKEY>> PrivateKeyFromPem(std::string_view pem) {
  ossl::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  // A callback that refuses, so an encrypted key fails instead of prompting on the terminal.
  pem_password_cb* no_password = +[](char*, int, int, void*) -> int { return 0; };
  EVP_PKEY* raw = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_password, nullptr) : nullptr;
  if (!raw) {
    ERR_clear_error();
    return TokenError{TokenErrorCode::kMalformed, "not a PEM private key"};
  }
  return ossl::Share(ossl::PkeyPtr(raw));
}

}  // namespace portcullis::token
