#include "portcullis/token/jwk.h"

#include <openssl/core_names.h>

#include <algorithm>

#include "ec_curves.h"
#include "ossl.h"
#include "portcullis/token/base64url.h"

namespace portcullis::token {
namespace {

TokenError Bad(std::string detail) {
  return TokenError{TokenErrorCode::kMalformed, "JWK: " + std::move(detail)};
}

// Reads an optional string member; false if present with another type.
bool OptionalString(JsonValue obj, std::string_view name, std::optional<std::string>& out) {
  const auto v = obj.Find(name);
  if (!v) return true;
  if (!v->is_string()) return false;
  out = std::string(v->AsString());
  return true;
}

bool Member(JsonValue obj, std::string_view name, std::string& out) {
  const auto v = obj.Find(name);
  return v && v->is_string() && Base64UrlDecode(v->AsString(), out);
}

TokenResult<ossl::PkeyPtr> RsaFromJwk(JsonValue obj) {
  std::string n, e;
  if (!Member(obj, "n", n) || !Member(obj, "e", e) || n.empty() || e.empty()) {
    return Bad("RSA key needs base64url n and e");
  }
  ossl::BignumPtr bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()),
                                 static_cast<int>(n.size()), nullptr));
  ossl::BignumPtr bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()),
                                 static_cast<int>(e.size()), nullptr));
  ossl::ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get())) {
    return Bad("out of memory");
  }
  ossl::ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    ERR_clear_error();
    return Bad("invalid RSA key");
  }
  return ossl::PkeyPtr(raw);
}

TokenResult<ossl::PkeyPtr> EcFromJwk(JsonValue obj, const EcCurve& curve) {
  std::string x, y;
  if (!Member(obj, "x", x) || !Member(obj, "y", y)) return Bad("EC key needs base64url x and y");
  if (x.size() != curve.field_bytes || y.size() != curve.field_bytes) {
    return Bad("EC coordinates must be exactly " + std::to_string(curve.field_bytes) + " bytes");
  }
  std::string point = "\x04" + x + y;
  ossl::ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve.openssl_name,
                                       0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size())) {
    return Bad("out of memory");
  }
  ossl::ParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  // fromdata refuses points that are not on the curve (probes/REPORT.md §8).
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    ERR_clear_error();
    return Bad("invalid EC key (point not on curve?)");
  }
  return ossl::PkeyPtr(raw);
}

}  // namespace

TokenResult<Jwk> Jwk::Parse(JsonValue obj) {
  if (!obj.is_object()) return Bad("not an object");
  Jwk jwk;
  std::optional<std::string> kty;
  if (!OptionalString(obj, "kty", kty) || !kty) return Bad("kty missing or not a string");
  if (!OptionalString(obj, "kid", jwk.kid_)) return Bad("kid is not a string");
  if (!OptionalString(obj, "alg", jwk.alg_)) return Bad("alg is not a string");
  if (!OptionalString(obj, "use", jwk.use_)) return Bad("use is not a string");
  if (const auto ops = obj.Find("key_ops")) {
    if (!ops->is_array()) return Bad("key_ops is not an array");
    std::vector<std::string> list;
    bool all_strings = true;
    ops->ForEach([&](std::string_view, JsonValue op) {
      if (op.is_string()) {
        list.emplace_back(op.AsString());
      } else {
        all_strings = false;
      }
    });
    if (!all_strings) return Bad("key_ops holds a non-string");
    jwk.key_ops_ = std::move(list);
  }
  if (*kty == "RSA") {
    jwk.family_ = KeyFamily::kRsa;
    auto key = RsaFromJwk(obj);
    if (!key.ok()) return key.error();
    jwk.pkey_ = ossl::Share(std::move(*key));
  } else if (*kty == "EC" || *kty == "OKP") {
    jwk.family_ = *kty == "EC" ? KeyFamily::kEc : KeyFamily::kOkp;
    std::optional<std::string> crv;
    if (!OptionalString(obj, "crv", crv) || !crv) return Bad("crv missing");
    jwk.crv_ = *crv;
    if (jwk.family_ == KeyFamily::kEc) {
      const EcCurve* curve = FindCurveByJwkName(*crv);
      if (!curve) return Bad("unsupported EC curve " + *crv);
      auto key = EcFromJwk(obj, *curve);
      if (!key.ok()) return key.error();
      jwk.pkey_ = ossl::Share(std::move(*key));
    } else {
      if (*crv != "Ed25519") return Bad("unsupported OKP curve " + *crv);
      std::string x;
      if (!Member(obj, "x", x) || x.size() != 32) return Bad("Ed25519 x must be 32 bytes");
      ossl::PkeyPtr key(EVP_PKEY_new_raw_public_key(
          EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(x.data()), x.size()));
      if (!key) {
        ERR_clear_error();
        return Bad("invalid Ed25519 key");
      }
      jwk.pkey_ = ossl::Share(std::move(key));
    }
  } else if (*kty == "oct") {
    jwk.family_ = KeyFamily::kOct;
    if (!Member(obj, "k", jwk.secret_)) return Bad("oct key needs base64url k");
    jwk.bits_ = static_cast<int>(jwk.secret_.size() * 8);
    return jwk;
  } else {
    return Bad("unsupported kty " + *kty);
  }
  jwk.bits_ = EVP_PKEY_get_bits(jwk.pkey_.get());
  return jwk;
}

TokenResult<Jwk> Jwk::ParseText(std::string_view json) {
  auto doc = JsonDocument::Parse(std::string(json));
  if (!doc.ok()) return doc.error();
  return Parse(doc->root());
}

Jwk Jwk::FromSecret(std::string secret) {
  Jwk jwk;
  jwk.family_ = KeyFamily::kOct;
  jwk.bits_ = static_cast<int>(secret.size() * 8);
  jwk.secret_ = std::move(secret);
  return jwk;
}

TokenResult<Jwk> Jwk::FromPublicKey(std::shared_ptr<EVP_PKEY> key) {
  if (!key) return Bad("no key");
  Jwk jwk;
  switch (EVP_PKEY_get_base_id(key.get())) {
    case EVP_PKEY_RSA:
      jwk.family_ = KeyFamily::kRsa;
      break;
    case EVP_PKEY_ED25519:
      jwk.family_ = KeyFamily::kOkp;
      jwk.crv_ = "Ed25519";
      break;
    case EVP_PKEY_EC: {
      char group[64] = {0};
      size_t len = 0;
      if (EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group,
                                         sizeof(group), &len) != 1) {
        ERR_clear_error();
        return Bad("EC key without a named group");
      }
      const EcCurve* curve = FindCurveByOpenSslName(group);
      if (!curve) return Bad(std::string("unsupported EC group ") + group);
      jwk.family_ = KeyFamily::kEc;
      jwk.crv_ = curve->jwk_name;
      break;
    }
    default:
      return Bad("unsupported key type");
  }
  jwk.bits_ = EVP_PKEY_get_bits(key.get());
  jwk.pkey_ = std::move(key);
  return jwk;
}

bool Jwk::Fits(Algorithm alg) const {
  if (FamilyOf(alg) != family_) return false;
  if (const auto curve = RequiredCurve(alg); !curve.empty() && curve != crv_) return false;
  if (alg_ && *alg_ != AlgorithmName(alg)) return false;
  if (use_ && *use_ != "sig") return false;
  if (key_ops_ && std::find(key_ops_->begin(), key_ops_->end(), "verify") == key_ops_->end()) {
    return false;
  }
  return true;
}

std::optional<std::string> Jwk::Weakness(Algorithm alg) const {
  if (family_ == KeyFamily::kRsa && bits_ < 2048) {
    return "RSA key of " + std::to_string(bits_) + " bits (minimum 2048)";
  }
  if (family_ == KeyFamily::kOct && secret_.size() < HashSize(alg)) {
    return "HMAC key of " + std::to_string(secret_.size()) + " bytes, shorter than the hash";
  }
  return std::nullopt;
}

}  // namespace portcullis::token
