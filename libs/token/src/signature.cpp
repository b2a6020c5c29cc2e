#include "portcullis/token/signature.h"

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include <array>
#include <cstring>

#include "digest.h"
#include "ec_curves.h"
#include "ossl.h"

namespace portcullis::token {
namespace {

TokenError BadSig(std::string detail) {
  return TokenError{TokenErrorCode::kBadSignature, std::move(detail)};
}

struct CachedCtx {
  EVP_PKEY* key = nullptr;
  Algorithm alg = Algorithm::kRS256;
  ossl::PkeyCtxPtr ctx;
};

// Creating and initialising an EVP_PKEY_CTX costs about as much as hashing a whole token, so each
// thread keeps its last few (key, alg) contexts; EVP_PKEY_verify may be called on one repeatedly.
// A context holds a reference on its key, so a cached EVP_PKEY* cannot be freed and its address
// reused by another key while the entry lives.
EVP_PKEY_CTX* VerifyContext(EVP_PKEY* key, Algorithm alg) {
  thread_local std::array<CachedCtx, 8> cache;
  thread_local size_t next = 0;
  for (auto& e : cache) {
    if (e.ctx && e.key == key && e.alg == alg) return e.ctx.get();
  }
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1) return nullptr;
  const EVP_MD* md = DigestFor(alg);
  if (FamilyOf(alg) == KeyFamily::kRsa) {
    const bool pss =
        alg == Algorithm::kPS256 || alg == Algorithm::kPS384 || alg == Algorithm::kPS512;
    if (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), pss ? RSA_PKCS1_PSS_PADDING : RSA_PKCS1_PADDING) !=
            1 ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), md) != 1) {
      return nullptr;
    }
    // RFC 7518 §3.5: MGF1 with the same hash and a salt exactly as long as the hash.
    if (pss && (EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), md) != 1 ||
                EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), RSA_PSS_SALTLEN_DIGEST) != 1)) {
      return nullptr;
    }
  } else if (EVP_PKEY_CTX_set_signature_md(ctx.get(), md) != 1) {
    return nullptr;
  }
  CachedCtx& slot = cache[next++ % cache.size()];
  slot.key = key;
  slot.alg = alg;
  slot.ctx = std::move(ctx);
  return slot.ctx.get();
}

TokenStatus VerifyDigestSignature(Algorithm alg, EVP_PKEY* key, std::string_view input,
                                  const unsigned char* sig, size_t sig_len) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  const unsigned int digest_len = Hash(alg, input, digest);
  EVP_PKEY_CTX* ctx = VerifyContext(key, alg);
  if (digest_len == 0 || ctx == nullptr) {
    ERR_clear_error();
    return TokenError{TokenErrorCode::kKeyRejected, "OpenSSL cannot verify with this key"};
  }
  if (EVP_PKEY_verify(ctx, sig, sig_len, digest, digest_len) != 1) {
    ERR_clear_error();
    return BadSig("signature does not verify");
  }
  return Ok{};
}

TokenStatus VerifyEcdsa(Algorithm alg, const Jwk& key, std::string_view input,
                        std::string_view sig) {
  const EcCurve* curve = FindCurveByJwkName(key.crv());
  const size_t half = EcdsaSignatureSize(alg) / 2;
  if (curve == nullptr || curve->field_bytes != half) {
    return TokenError{TokenErrorCode::kKeyRejected, "key curve does not match alg"};
  }
  if (sig.size() != 2 * half) {
    return BadSig("ECDSA signature must be R||S of " + std::to_string(2 * half) + " bytes");
  }
  const std::string_view r = sig.substr(0, half), s = sig.substr(half);
  // Both fixed-length big-endian, so byte order comparison is numeric comparison.
  for (const std::string_view part : {r, s}) {
    if (part.find_first_not_of('\0') == std::string_view::npos) {
      return BadSig("ECDSA r or s is zero");
    }
    if (std::memcmp(part.data(), curve->order.data(), half) >= 0) {
      return BadSig("ECDSA r or s is not below the group order");
    }
  }
  // DER-encode (r, s) by hand: no BIGNUM or ECDSA_SIG allocations on the hot path.
  unsigned char der[2 * (2 + 67) + 3];
  size_t der_len = 0;
  auto integer = [&](std::string_view v, unsigned char* out) {
    size_t i = 0;
    while (i + 1 < v.size() && v[i] == '\0') ++i;  // minimal encoding (r, s are non-zero)
    const bool pad = (static_cast<uint8_t>(v[i]) & 0x80) != 0;
    const size_t len = v.size() - i + (pad ? 1 : 0);
    out[0] = 0x02;
    out[1] = static_cast<unsigned char>(len);
    size_t n = 2;
    if (pad) out[n++] = 0x00;
    std::memcpy(out + n, v.data() + i, v.size() - i);
    return n + v.size() - i;
  };
  unsigned char body[2 * (2 + 67)];
  const size_t r_len = integer(r, body);
  const size_t body_len = r_len + integer(s, body + r_len);
  der[der_len++] = 0x30;
  if (body_len >= 0x80) der[der_len++] = 0x81;  // P-521 needs the long form
  der[der_len++] = static_cast<unsigned char>(body_len);
  std::memcpy(der + der_len, body, body_len);
  der_len += body_len;
  return VerifyDigestSignature(alg, key.pkey(), input, der, der_len);
}

TokenStatus VerifyEd25519(const Jwk& key, std::string_view input, std::string_view sig) {
  if (sig.size() != 64) return BadSig("Ed25519 signature must be 64 bytes");
  // RFC 8032 §5.1.7: S must be below L = 2^252 + 27742317777372353535851937790883648493, or the
  // signature is malleable. S is little-endian in the last 32 bytes.
  static constexpr std::array<uint8_t, 32> kL = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                                 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                                 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                                 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
  const auto* s = reinterpret_cast<const uint8_t*>(sig.data()) + 32;
  for (int i = 31; i >= 0; --i) {
    if (s[i] < kL[i]) break;
    if (s[i] > kL[i] || i == 0) return BadSig("Ed25519 S is not below L");
  }
  ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, key.pkey(),
                                      nullptr) != 1) {
    ERR_clear_error();
    return TokenError{TokenErrorCode::kKeyRejected, "OpenSSL cannot verify with this key"};
  }
  if (EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    ERR_clear_error();
    return BadSig("signature does not verify");
  }
  return Ok{};
}

TokenStatus VerifyHmac(Algorithm alg, const Jwk& key, std::string_view input,
                       std::string_view sig) {
  const size_t size = HashSize(alg);
  if (sig.size() != size) return BadSig("HMAC must be " + std::to_string(size) + " bytes");
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (HMAC(DigestFor(alg), key.secret().data(), static_cast<int>(key.secret().size()),
           reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
           &mac_len) == nullptr ||
      mac_len != size) {
    ERR_clear_error();
    return BadSig("HMAC failed");
  }
  if (CRYPTO_memcmp(mac, sig.data(), size) != 0) return BadSig("signature does not verify");
  return Ok{};
}

}  // namespace

TokenStatus VerifySignature(Algorithm alg, const Jwk& key, std::string_view signing_input,
                            std::string_view signature) {
  // The family check is what keeps RSA/EC key material from ever being used as an HMAC secret.
  if (FamilyOf(alg) != key.family()) {
    return TokenError{TokenErrorCode::kKeyRejected, "key type does not match alg"};
  }
  switch (key.family()) {
    case KeyFamily::kRsa: {
      const int modulus = EVP_PKEY_get_size(key.pkey());
      if (modulus <= 0 || signature.size() != static_cast<size_t>(modulus)) {
        return BadSig("RSA signature must be exactly the modulus length");
      }
      return VerifyDigestSignature(alg, key.pkey(), signing_input,
                                   reinterpret_cast<const unsigned char*>(signature.data()),
                                   signature.size());
    }
    case KeyFamily::kEc:
      return VerifyEcdsa(alg, key, signing_input, signature);
    case KeyFamily::kOkp:
      return VerifyEd25519(key, signing_input, signature);
    case KeyFamily::kOct:
      return VerifyHmac(alg, key, signing_input, signature);
  }
  return BadSig("unsupported key");
}

}  // namespace portcullis::token
