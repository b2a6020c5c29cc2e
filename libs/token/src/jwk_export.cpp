// Writing public JWKs and RFC 7638 thumbprints.
#include <openssl/core_names.h>
#include <openssl/sha.h>

#include "ec_curves.h"
#include "ossl.h"
#include "portcullis/token/base64url.h"
#include "portcullis/token/jwk.h"

namespace portcullis::token {
namespace {

std::string BnParam(EVP_PKEY* key, const char* name, size_t pad) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &raw) != 1) {
    ERR_clear_error();
    return "";
  }
  ossl::BignumPtr bn(raw);
  const size_t len = std::max(pad, static_cast<size_t>(BN_num_bytes(bn.get())));
  std::string out(len, '\0');
  BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(len));
  return out;
}

struct PublicMembers {
  std::string crv, x, y, n, e;  // base64url-encoded
};

PublicMembers Members(const Jwk& key) {
  PublicMembers m;
  EVP_PKEY* pkey = key.pkey();
  if (!pkey) return m;
  switch (key.family()) {
    case KeyFamily::kRsa:
      m.n = Base64UrlEncode(BnParam(pkey, OSSL_PKEY_PARAM_RSA_N, 0));
      m.e = Base64UrlEncode(BnParam(pkey, OSSL_PKEY_PARAM_RSA_E, 0));
      break;
    case KeyFamily::kEc: {
      const EcCurve* curve = FindCurveByJwkName(key.crv());
      const size_t size = curve ? curve->field_bytes : 0;
      m.crv = key.crv();
      m.x = Base64UrlEncode(BnParam(pkey, OSSL_PKEY_PARAM_EC_PUB_X, size));
      m.y = Base64UrlEncode(BnParam(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, size));
      break;
    }
    case KeyFamily::kOkp: {
      unsigned char raw[32];
      size_t len = sizeof(raw);
      if (EVP_PKEY_get_raw_public_key(pkey, raw, &len) == 1) {
        m.crv = key.crv();
        m.x = Base64UrlEncode(std::string_view(reinterpret_cast<char*>(raw), len));
      }
      break;
    }
    case KeyFamily::kOct:
      break;
  }
  return m;
}

void Add(std::string& out, std::string_view name, std::string_view value) {
  if (out.size() > 1) out.push_back(',');
  out += '"';
  out += name;
  out += "\":\"";
  out += value;  // base64url and our own identifiers: nothing to escape but quotes/backslashes
  out += '"';
}

void AddEscaped(std::string& out, std::string_view name, std::string_view value) {
  std::string escaped;
  for (char c : value) {
    if (c == '"' || c == '\\') escaped.push_back('\\');
    if (static_cast<unsigned char>(c) >= 0x20) escaped.push_back(c);
  }
  Add(out, name, escaped);
}

}  // namespace

std::string Jwk::PublicJson() const {
  if (family_ == KeyFamily::kOct) return "{}";
  const PublicMembers m = Members(*this);
  std::string out = "{";
  Add(out, "kty", KtyName(family_));
  if (family_ == KeyFamily::kRsa) {
    Add(out, "n", m.n);
    Add(out, "e", m.e);
  } else {
    Add(out, "crv", m.crv);
    Add(out, "x", m.x);
    if (family_ == KeyFamily::kEc) Add(out, "y", m.y);
  }
  if (kid_) AddEscaped(out, "kid", *kid_);
  if (alg_) AddEscaped(out, "alg", *alg_);
  if (use_) AddEscaped(out, "use", *use_);
  out += "}";
  return out;
}

std::string Thumbprint(const Jwk& key) {
  // RFC 7638 §3.2: required members only, in lexicographic order, no whitespace.
  const PublicMembers m = Members(key);
  std::string canonical = "{";
  switch (key.family()) {
    case KeyFamily::kRsa:
      Add(canonical, "e", m.e);
      Add(canonical, "kty", "RSA");
      Add(canonical, "n", m.n);
      break;
    case KeyFamily::kEc:
      Add(canonical, "crv", m.crv);
      Add(canonical, "kty", "EC");
      Add(canonical, "x", m.x);
      Add(canonical, "y", m.y);
      break;
    case KeyFamily::kOkp:
      Add(canonical, "crv", m.crv);
      Add(canonical, "kty", "OKP");
      Add(canonical, "x", m.x);
      break;
    case KeyFamily::kOct:
      Add(canonical, "k", Base64UrlEncode(key.secret()));
      Add(canonical, "kty", "oct");
      break;
  }
  canonical += "}";
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size(), digest);
  return Base64UrlEncode(std::string_view(reinterpret_cast<char*>(digest), sizeof(digest)));
}

}  // namespace portcullis::token
