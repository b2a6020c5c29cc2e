// JWT-RULES.md §6 (alg none), §7 (algorithm confusion), §10 (header-supplied keys), §11 (crit),
// §15 (alg member) and §20 (Graph nonce).
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <gtest/gtest.h>

#include "portcullis/token/base64url.h"
#include "portcullis/token/verifier.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

using testing::At;
using testing::B64;
using testing::kNow;
using testing::VerifyAtNow;

std::string Hs256(std::string_view secret, std::string_view header, std::string_view claims) {
  const std::string input = B64(header) + "." + B64(claims);
  unsigned char mac[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
  return input + "." + B64(std::string_view(reinterpret_cast<char*>(mac), len));
}

class HeaderTest : public ::testing::Test {
 protected:
  const Signer signer_ = testing::SignerFor(Algorithm::kRS256, "k1");
  const JwkSet keys_ = testing::KeySet({&signer_});
  std::string Signed(std::string_view header) {
    return testing::SignRaw(signer_, header, testing::BasicClaims());
  }
};

TEST_F(HeaderTest, RejectsAlgNone) {
  const std::string payload = B64(testing::BasicClaims());
  for (const char* alg : {"none", "None", "NONE", "nOnE"}) {
    const std::string header = B64(std::string("{\"alg\":\"") + alg + "\",\"kid\":\"k1\"}");
    for (const std::string& sig : {std::string(""), B64("sig"), B64(std::string(256, 'x'))}) {
      auto r = VerifyAtNow(header + "." + payload + "." + sig, keys_);
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.code(), TokenErrorCode::kAlgNotAllowed) << alg << " sig=" << sig.size();
    }
  }
}

TEST_F(HeaderTest, RejectsAlgNoneEvenWhenAllowListed) {
  // "none" cannot be named in a policy at all: ParseAlgorithm refuses it.
  EXPECT_FALSE(ParseAlgorithm("none").has_value());
  EXPECT_FALSE(ParseAlgorithmList("RS256,none").has_value());
}

TEST_F(HeaderTest, RejectsAlgNotOnTheAllowList) {
  auto r = VerifyAtNow(Signed(R"({"alg":"RS256","kid":"k1"})"), keys_,
                       testing::TestPolicy({Algorithm::kES256}));
  EXPECT_EQ(r.code(), TokenErrorCode::kAlgNotAllowed);
}

TEST_F(HeaderTest, RejectsAlgInAnotherCase) {
  for (const char* alg : {"rs256", "Rs256", "RS256 ", "RS256\\u0000"}) {
    auto r = VerifyAtNow(Signed(std::string("{\"alg\":\"") + alg + "\",\"kid\":\"k1\"}"), keys_);
    EXPECT_EQ(r.code(), TokenErrorCode::kAlgNotAllowed) << alg;
  }
}

TEST_F(HeaderTest, RejectsMissingEmptyOrNonStringAlg) {
  for (const char* header :
       {R"({"kid":"k1"})", R"({"alg":"","kid":"k1"})", R"({"alg":null,"kid":"k1"})",
        R"({"alg":256,"kid":"k1"})", R"({"alg":["RS256"],"kid":"k1"})"}) {
    EXPECT_EQ(VerifyAtNow(Signed(header), keys_).code(), TokenErrorCode::kMalformed) << header;
  }
}

TEST_F(HeaderTest, DecodesEscapesInHeaderNames) {
  auto r = VerifyAtNow(Signed(R"({"\u0061lg":"RS256","k\u0069d":"k1"})"), keys_);
  EXPECT_TRUE(r.ok()) << r.error().ToString();
}

TEST_F(HeaderTest, RejectsRsaPublicKeyAsHmacSecret) {
  // The classic confusion: sign HS256 with the RSA public key's bytes in every form we know.
  EVP_PKEY* pkey = signer_.PublicJwk().pkey();
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, pkey);
  char* pem_data = nullptr;
  const long pem_len = BIO_get_mem_data(bio, &pem_data);
  const std::string pem(pem_data, static_cast<size_t>(pem_len));
  BIO_free(bio);
  unsigned char* der = nullptr;
  const int der_len = i2d_PUBKEY(pkey, &der);
  const std::string der_bytes(reinterpret_cast<char*>(der), static_cast<size_t>(der_len));
  OPENSSL_free(der);
  const std::string jwk_json = signer_.PublicJwk().PublicJson();
  std::string n_bytes;
  const size_t n_at = jwk_json.find("\"n\":\"") + 5;
  ASSERT_TRUE(Base64UrlDecode(jwk_json.substr(n_at, jwk_json.find('"', n_at) - n_at), n_bytes));
  for (const std::string& secret : {pem, der_bytes, jwk_json, n_bytes}) {
    for (const char* header : {R"({"alg":"HS256","kid":"k1"})", R"({"alg":"HS256"})"}) {
      const std::string forged = Hs256(secret, header, testing::BasicClaims());
      auto all = VerifyAtNow(forged, keys_);  // even with HS256 allowed
      ASSERT_FALSE(all.ok());
      EXPECT_TRUE(all.code() == TokenErrorCode::kKeyRejected ||
                  all.code() == TokenErrorCode::kUnknownKeyId)
          << all.error().ToString();
      EXPECT_EQ(VerifyAtNow(forged, keys_, testing::TestPolicy(AsymmetricAlgorithms())).code(),
                TokenErrorCode::kAlgNotAllowed);
    }
  }
}

TEST_F(HeaderTest, RejectsEcPublicKeyAsHmacSecret) {
  const Signer ec = testing::SignerFor(Algorithm::kES256, "ec");
  const JwkSet keys = testing::KeySet({&ec});
  const std::string forged =
      Hs256(ec.PublicJwk().PublicJson(), R"({"alg":"HS256","kid":"ec"})", testing::BasicClaims());
  EXPECT_EQ(VerifyAtNow(forged, keys).code(), TokenErrorCode::kKeyRejected);
}

TEST_F(HeaderTest, RejectsAlgInconsistentWithTheKeysDeclaredAlg) {
  // The key says RS256; a PS256 token under its kid is refused before any signature check.
  const Signer ps = *Signer::FromKey(testing::RsaKey(2048), Algorithm::kPS256, "k1");
  auto r = VerifyAtNow(*ps.Sign(testing::BasicClaims()), keys_);
  EXPECT_EQ(r.code(), TokenErrorCode::kKeyRejected);
}

TEST_F(HeaderTest, IgnoresHeaderSuppliedKeys) {
  // An attacker signs with their own key and points at it every way JOSE allows.
  const Signer attacker = testing::SignerFor(Algorithm::kRS256, "k1", /*index=*/1);
  const std::string jwk = attacker.PublicJwk().PublicJson();
  for (const std::string& extra :
       {",\"jwk\":" + jwk, std::string(",\"jku\":\"https://evil.example/jwks\""),
        std::string(",\"x5u\":\"https://evil.example/cert\""),
        std::string(",\"x5c\":[\"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\"]")}) {
    const std::string header = "{\"alg\":\"RS256\",\"kid\":\"k1\"" + extra + "}";
    auto r = VerifyAtNow(testing::SignRaw(attacker, header, testing::BasicClaims()), keys_);
    EXPECT_EQ(r.code(), TokenErrorCode::kBadSignature) << extra;
    const std::string no_kid = "{\"alg\":\"RS256\"" + extra + "}";
    auto r2 = VerifyAtNow(testing::SignRaw(attacker, no_kid, testing::BasicClaims()), keys_);
    EXPECT_EQ(r2.code(), TokenErrorCode::kBadSignature) << extra;
  }
  // The same members on a token from the real key are ignored, not fatal.
  auto ok =
      VerifyAtNow(Signed(R"({"alg":"RS256","kid":"k1","jku":"https://evil.example/jwks"})"), keys_);
  EXPECT_TRUE(ok.ok());
}

TEST_F(HeaderTest, RejectsCritInEveryForm) {
  for (const char* crit :
       {R"("crit":["exp"])", R"("crit":[])", R"("crit":"exp")", R"("crit":["kid"])",
        R"("crit":["x-absent"])", R"("crit":null)", R"("crit":["b64"],"b64":false)"}) {
    const std::string header = std::string(R"({"alg":"RS256","kid":"k1",)") + crit + "}";
    EXPECT_EQ(VerifyAtNow(Signed(header), keys_).code(), TokenErrorCode::kUnsupportedHeader)
        << crit;
  }
}

TEST_F(HeaderTest, RejectsB64WithoutCrit) {
  for (const char* b64 : {R"("b64":false)", R"("b64":true)"}) {
    const std::string header = std::string(R"({"alg":"RS256","kid":"k1",)") + b64 + "}";
    EXPECT_EQ(VerifyAtNow(Signed(header), keys_).code(), TokenErrorCode::kUnsupportedHeader);
  }
}

TEST_F(HeaderTest, RejectsGraphStyleHeaderNonce) {
  auto r = VerifyAtNow(Signed(R"({"alg":"RS256","kid":"k1","nonce":"abc"})"), keys_);
  EXPECT_EQ(r.code(), TokenErrorCode::kUnsupportedHeader);
}

TEST_F(HeaderTest, IgnoresUnknownHeaderParameters) {
  auto r = VerifyAtNow(
      Signed(R"({"alg":"RS256","kid":"k1","typ":"at+jwt","x-custom":{"a":[1,2]}})"), keys_);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->header.typ, "at+jwt");
}

}  // namespace
}  // namespace portcullis::token
