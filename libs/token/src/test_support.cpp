#include "test_support.h"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <tuple>

#include "portcullis/token/base64url.h"

namespace portcullis::token::testing {
namespace {

std::mutex mu;

std::shared_ptr<EVP_PKEY> Cached(const std::string& name, int index,
                                 EVP_PKEY* (*make)(const std::string&)) {
  static std::map<std::pair<std::string, int>, std::shared_ptr<EVP_PKEY>> cache;
  std::lock_guard<std::mutex> guard(mu);
  auto& slot = cache[{name, index}];
  if (!slot) {
    EVP_PKEY* key = make(name);
    if (key == nullptr) std::abort();
    slot = std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
  }
  return slot;
}

}  // namespace

std::shared_ptr<EVP_PKEY> RsaKey(int bits, int index) {
  return Cached(std::to_string(bits), index, [](const std::string& b) {
    return EVP_RSA_gen(static_cast<unsigned int>(std::stoi(b)));
  });
}

std::shared_ptr<EVP_PKEY> EcKey(std::string_view curve, int index) {
  return Cached(std::string(curve), index,
                [](const std::string& c) { return EVP_EC_gen(c.c_str()); });
}

std::shared_ptr<EVP_PKEY> Ed25519Key(int index) {
  return Cached("Ed25519", index,
                [](const std::string&) { return EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"); });
}

Signer SignerFor(Algorithm alg, std::string kid, int index) {
  std::shared_ptr<EVP_PKEY> key;
  switch (FamilyOf(alg)) {
    case KeyFamily::kRsa:
      key = RsaKey(2048, index);
      break;
    case KeyFamily::kEc:
      key = EcKey(RequiredCurve(alg), index);
      break;
    case KeyFamily::kOkp:
      key = Ed25519Key(index);
      break;
    case KeyFamily::kOct:
      return HmacSigner(alg, std::move(kid));
  }
  auto s = Signer::FromKey(key, alg, std::move(kid));
  if (!s.ok()) std::abort();
  return std::move(*s);
}

Signer HmacSigner(Algorithm alg, std::string kid, std::string secret) {
  auto s = Signer::FromSecret(std::move(secret), alg, std::move(kid));
  if (!s.ok()) std::abort();
  return std::move(*s);
}

std::string JwksJson(const std::vector<const Signer*>& signers) {
  std::string out = "{\"keys\":[";
  bool first = true;
  for (const Signer* s : signers) {
    if (!first) out += ",";
    first = false;
    if (FamilyOf(s->alg()) == KeyFamily::kOct) {
      out += "{\"kty\":\"oct\",\"kid\":\"" + s->kid() + "\",\"alg\":\"" +
             std::string(AlgorithmName(s->alg())) + "\",\"k\":\"" +
             Base64UrlEncode(s->PublicJwk().secret()) + "\"}";
    } else {
      out += s->PublicJwk().PublicJson();
    }
  }
  return out + "]}";
}

JwkSet KeySet(const std::vector<const Signer*>& signers) {
  auto set = JwkSet::Parse(JwksJson(signers));
  if (!set.ok()) std::abort();
  return std::move(*set);
}

std::string BasicClaims() {
  return std::string("{\"iss\":\"") + kIssuer + "\",\"aud\":\"" + kAudience +
         "\",\"sub\":\"user-1\",\"iat\":" + std::to_string(kNow - 60) +
         ",\"nbf\":" + std::to_string(kNow - 60) + ",\"exp\":" + std::to_string(kNow + 3600) + "}";
}

std::string EntraClaims(std::string_view tid, std::string_view aud, int64_t now) {
  std::string t(tid);
  std::string groups;
  for (int i = 0; i < 1; ++i) {
    if (i) groups += ",";
    groups += "\"5f8c2a1e-0b7d-4c3e-9a6f-1d2e3f4a5b" + std::to_string(10 + i) + "\"";
  }
  return "{\"aud\":\"" + std::string(aud) + "\",\"iss\":\"https://login.microsoftonline.com/" + t +
         "/v2.0\",\"iat\":" + std::to_string(now - 300) + ",\"nbf\":" + std::to_string(now - 300) +
         ",\"exp\":" + std::to_string(now + 3600) +
         ",\"azp\":\"0c8b1e2d-3f4a-4b5c-8d6e-7f8091a2b3c4\",\"azpacr\":\"1\","
         "\"email\":\"ada.lovelace@contoso.example\",\"family_name\":\"Lovelace\","
         "\"given_name\":\"Ada\",\"groups\":[" +
         groups +
         "],\"idtyp\":\"user\",\"ipaddr\":\"203.0.113.42\",\"name\":\"Ada Lovelace\","
         "\"oid\":\"9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\",\"preferred_username\":\"ada@contoso."
         "example\","
         "\"roles\":[\"Agents.Invoke\",\"Agents.Read\",\"Tools.Execute\"],"
         "\"scp\":\"access_as_user Files.Read "
         "User.Read\",\"sub\":\"x4M1qKPc2T5pJ8rQ0vW3yZ6bN9eH1fG4iL7oA2sD5uE\",\"tid\":\"" +
         t +
         "\",\"upn\":\"ada@contoso.example\",\"uti\":\"k3Zq9XbYp0uTmV2cRw8sAA\",\"ver\":\"2.0\","
         "\"wids\":[\"b79fbf4d-3ef9-4689-8143-76b194e85509\"],\"xms_tcdt\":1600000000}";
}

std::string SignRaw(const Signer& signer, std::string_view header, std::string_view payload) {
  auto t = signer.SignRaw(header, payload);
  if (!t.ok()) std::abort();
  return std::move(*t);
}

std::string DefaultHeader(const Signer& signer) {
  return "{\"alg\":\"" + std::string(AlgorithmName(signer.alg())) + "\",\"kid\":\"" + signer.kid() +
         "\"}";
}

std::string B64(std::string_view bytes) { return Base64UrlEncode(bytes); }

std::string Unb64(std::string_view text) {
  std::string out;
  if (!Base64UrlDecode(text, out)) std::abort();
  return out;
}

std::vector<std::string> Segments(std::string_view token) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t dot = token.find('.', start);
    out.emplace_back(token.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return out;
}

std::string SignatureOf(std::string_view token) { return Unb64(Segments(token).at(2)); }

std::string WithSignature(std::string_view token, std::string_view signature_bytes) {
  const size_t dot = token.rfind('.');
  return std::string(token.substr(0, dot + 1)) + B64(signature_bytes);
}

VerifyPolicy TestPolicy(std::vector<Algorithm> algorithms) {
  VerifyPolicy p;
  p.algorithms = std::move(algorithms);
  p.issuers = {kIssuer};
  p.audiences = {kAudience};
  return p;
}

TokenResult<VerifiedToken> VerifyAtNow(const std::string& token, const JwkSet& keys,
                                       const VerifyPolicy& policy) {
  return VerifyJws(token, keys, policy, At(kNow));
}

}  // namespace portcullis::token::testing
