#include "portcullis/token/signer.h"

#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include "digest.h"
#include "ec_curves.h"
#include "ossl.h"
#include "portcullis/token/base64url.h"
#include "portcullis/token/jwks.h"
#include "private_key.h"

namespace portcullis::token {
namespace {

TokenError Rejected(std::string detail) {
  return TokenError{TokenErrorCode::kKeyRejected, std::move(detail)};
}

Algorithm DefaultAlg(const Jwk& key) {
  switch (key.family()) {
    case KeyFamily::kRsa:
      return Algorithm::kRS256;
    case KeyFamily::kEc:
      return key.crv() == "P-384"   ? Algorithm::kES384
             : key.crv() == "P-521" ? Algorithm::kES512
                                    : Algorithm::kES256;
    case KeyFamily::kOkp:
      return Algorithm::kEdDSA;
    case KeyFamily::kOct:
      return Algorithm::kHS256;
  }
  return Algorithm::kRS256;
}

std::string JsonQuoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    if (static_cast<unsigned char>(c) >= 0x20) out.push_back(c);
  }
  out += '"';
  return out;
}

TokenResult<std::string> SignDigestAlg(Algorithm alg, EVP_PKEY* key, std::string_view input) {
  ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  const bool eddsa = alg == Algorithm::kEdDSA;
  if (!ctx ||
      EVP_DigestSignInit_ex(ctx.get(), &pctx, eddsa ? nullptr : EVP_MD_get0_name(DigestFor(alg)),
                            nullptr, nullptr, key, nullptr) != 1) {
    ERR_clear_error();
    return Rejected("OpenSSL cannot sign with this key");
  }
  if (alg == Algorithm::kPS256 || alg == Algorithm::kPS384 || alg == Algorithm::kPS512) {
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1) {
      ERR_clear_error();
      return Rejected("cannot set PSS parameters");
    }
  }
  size_t len = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &len, data, input.size()) != 1) {
    ERR_clear_error();
    return Rejected("signing failed");
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, data,
                     input.size()) != 1) {
    ERR_clear_error();
    return Rejected("signing failed");
  }
  sig.resize(len);
  return sig;
}

// DER ECDSA-Sig-Value -> JOSE R||S, each left-padded to the curve size.
TokenResult<std::string> DerToJose(const std::string& der, size_t half) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ossl::EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return Rejected("bad ECDSA signature from OpenSSL");
  std::string out(2 * half, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), o, static_cast<int>(half)) < 0 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), o + half, static_cast<int>(half)) < 0) {
    return Rejected("ECDSA value too large");
  }
  return out;
}

}  // namespace

TokenResult<Signer> Signer::FromKey(std::shared_ptr<EVP_PKEY> private_key,
                                    std::optional<Algorithm> alg, std::string kid) {
  auto pub = Jwk::FromPublicKey(private_key);
  if (!pub.ok()) return pub.error();
  const Algorithm chosen = alg.value_or(DefaultAlg(*pub));
  if (!pub->Fits(chosen)) {
    return Rejected("key cannot sign " + std::string(AlgorithmName(chosen)));
  }
  if (auto weak = pub->Weakness(chosen)) return Rejected(*weak);
  if (kid.empty()) kid = Thumbprint(*pub);
  pub->set_kid(kid);
  pub->set_alg(std::string(AlgorithmName(chosen)));
  pub->set_use("sig");
  return Signer(chosen, std::move(kid), std::move(private_key), "", std::move(*pub));
}

TokenResult<Signer> Signer::FromSecret(std::string secret, Algorithm alg, std::string kid) {
  Jwk jwk = Jwk::FromSecret(secret);
  if (!jwk.Fits(alg)) return Rejected("an HMAC secret can only sign HS256/384/512");
  if (auto weak = jwk.Weakness(alg)) return Rejected(*weak);
  if (kid.empty()) kid = Thumbprint(jwk);
  jwk.set_kid(kid);
  return Signer(alg, std::move(kid), nullptr, std::move(secret), std::move(jwk));
}

TokenResult<Signer> Signer::FromPem(std::string_view pem, std::optional<Algorithm> alg,
                                    std::string kid) {
  auto key = PrivateKeyFromPem(pem);
  if (!key.ok()) return key.error();
  return FromKey(std::move(*key), alg, std::move(kid));
}

TokenResult<Signer> Signer::FromJwk(std::string_view json, std::optional<Algorithm> alg,
                                    std::string kid) {
  auto doc = JsonDocument::Parse(std::string(json));
  if (!doc.ok()) return doc.error();
  const JsonValue root = doc->root();
  if (auto k = root.Find("kid"); kid.empty() && k && k->is_string()) {
    kid = std::string(k->AsString());
  }
  if (!alg) {
    if (auto a = root.Find("alg"); a && a->is_string()) {
      alg = ParseAlgorithm(a->AsString());
      if (!alg) return Rejected("unsupported alg " + std::string(a->AsString()));
    }
  }
  if (auto kty = root.Find("kty"); kty && kty->is_string() && kty->AsString() == "oct") {
    auto pub = Jwk::Parse(root);
    if (!pub.ok()) return pub.error();
    return FromSecret(pub->secret(), alg.value_or(Algorithm::kHS256), std::move(kid));
  }
  auto key = PrivateKeyFromJwk(root);
  if (!key.ok()) return key.error();
  return FromKey(std::move(*key), alg, std::move(kid));
}

TokenResult<std::string> Signer::SignRaw(std::string_view header_json,
                                         std::string_view payload) const {
  std::string token;
  AppendBase64Url(header_json, token);
  token.push_back('.');
  AppendBase64Url(payload, token);
  std::string sig;
  if (FamilyOf(alg_) == KeyFamily::kOct) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(DigestFor(alg_), secret_.data(), static_cast<int>(secret_.size()),
              reinterpret_cast<const unsigned char*>(token.data()), token.size(), mac, &len)) {
      return Rejected("HMAC failed");
    }
    sig.assign(reinterpret_cast<char*>(mac), len);
  } else {
    auto raw = SignDigestAlg(alg_, key_.get(), token);
    if (!raw.ok()) return raw.error();
    sig = std::move(*raw);
    if (const size_t size = EcdsaSignatureSize(alg_); size != 0) {
      auto jose = DerToJose(sig, size / 2);
      if (!jose.ok()) return jose.error();
      sig = std::move(*jose);
    }
  }
  token.push_back('.');
  AppendBase64Url(sig, token);
  return token;
}

TokenResult<std::string> Signer::Sign(std::string_view claims_json) const {
  auto doc = JsonDocument::Parse(std::string(claims_json));
  if (!doc.ok()) return doc.error();
  if (!doc->root().is_object()) {
    return TokenError{TokenErrorCode::kMalformed, "claims must be a JSON object"};
  }
  const std::string header = "{\"alg\":\"" + std::string(AlgorithmName(alg_)) +
                             "\",\"typ\":\"JWT\",\"kid\":" + JsonQuoted(kid_) + "}";
  return SignRaw(header, claims_json);
}

std::string Signer::PublicJwksJson() const {
  if (FamilyOf(alg_) == KeyFamily::kOct) return "{\"keys\":[]}";
  return "{\"keys\":[" + public_.PublicJson() + "]}";
}

}  // namespace portcullis::token
