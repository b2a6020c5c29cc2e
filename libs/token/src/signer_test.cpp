#include "portcullis/token/signer.h"

#include <openssl/core_names.h>
#include <openssl/pem.h>

#include <gtest/gtest.h>

#include "portcullis/token/verifier.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

using testing::At;
using testing::kNow;

std::string PrivatePem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(len));
  BIO_free(bio);
  return pem;
}

void ExpectRoundTrip(const Signer& s) {
  const std::string jwt = *s.Sign(testing::BasicClaims());
  auto keys = JwkSet::Parse(s.PublicJwksJson());
  ASSERT_TRUE(keys.ok());
  auto r = VerifyJws(jwt, *keys, testing::TestPolicy(), At(kNow));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->header.kid.value, s.kid());
  EXPECT_EQ(r->header.typ, "JWT");
}

TEST(SignerTest, SignsFromPemWithAlgFromTheKeyType) {
  const std::vector<std::pair<std::shared_ptr<EVP_PKEY>, Algorithm>> cases = {
      {testing::RsaKey(2048), Algorithm::kRS256},
      {testing::EcKey("P-256"), Algorithm::kES256},
      {testing::Ed25519Key(), Algorithm::kEdDSA}};
  for (const auto& [key, alg] : cases) {
    auto s = Signer::FromPem(PrivatePem(key.get()));
    ASSERT_TRUE(s.ok()) << s.error().detail;
    EXPECT_EQ(s->alg(), alg);
    EXPECT_EQ(s->kid(), Thumbprint(s->PublicJwk()));
    ExpectRoundTrip(*s);
  }
}

TEST(SignerTest, PublishesKidAlgAndUse) {
  auto s = Signer::FromPem(PrivatePem(testing::EcKey("P-256").get()), Algorithm::kES256, "key-1");
  ASSERT_TRUE(s.ok());
  const std::string jwks = s->PublicJwksJson();
  EXPECT_NE(jwks.find("\"kid\":\"key-1\""), std::string::npos);
  EXPECT_NE(jwks.find("\"alg\":\"ES256\""), std::string::npos);
  EXPECT_NE(jwks.find("\"use\":\"sig\""), std::string::npos);
  EXPECT_EQ(jwks.find("\"d\""), std::string::npos);  // never the private part
}

std::string Param(EVP_PKEY* key, const char* name, size_t pad = 0) {
  BIGNUM* bn = nullptr;
  EVP_PKEY_get_bn_param(key, name, &bn);
  std::string bytes(std::max(pad, static_cast<size_t>(BN_num_bytes(bn))), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  BN_free(bn);
  return testing::B64(bytes);
}

TEST(SignerTest, SignsFromPrivateJwk) {
  EVP_PKEY* key = testing::EcKey("P-384").get();
  const std::string jwk = "{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"" + Param(key, "qx", 48) +
                          "\",\"y\":\"" + Param(key, "qy", 48) + "\",\"d\":\"" +
                          Param(key, "priv", 48) + "\"}";
  auto s = Signer::FromJwk(jwk);
  ASSERT_TRUE(s.ok()) << s.error().detail;
  EXPECT_EQ(s->alg(), Algorithm::kES384);
  ExpectRoundTrip(*s);
  auto hs = Signer::FromJwk(R"({"kty":"oct","kid":"h","k":")" + testing::B64(std::string(32, 'x')) +
                            "\"}");
  ASSERT_TRUE(hs.ok());
  EXPECT_EQ(hs->alg(), Algorithm::kHS256);
  EXPECT_EQ(hs->kid(), "h");
  EXPECT_EQ(hs->PublicJwksJson(), "{\"keys\":[]}");
}

TEST(SignerTest, SignsFromPrivateRsaJwk) {
  EVP_PKEY* key = testing::RsaKey(2048).get();
  auto get = [&](const char* name) { return Param(key, name); };
  const std::string jwk = "{\"kty\":\"RSA\",\"kid\":\"r\",\"n\":\"" + get("n") + "\",\"e\":\"" +
                          get("e") + "\",\"d\":\"" + get("d") + "\",\"p\":\"" + get("rsa-factor1") +
                          "\",\"q\":\"" + get("rsa-factor2") + "\",\"dp\":\"" +
                          get("rsa-exponent1") + "\",\"dq\":\"" + get("rsa-exponent2") +
                          "\",\"qi\":\"" + get("rsa-coefficient1") + "\"}";
  auto s = Signer::FromJwk(jwk);
  ASSERT_TRUE(s.ok()) << s.error().detail;
  EXPECT_EQ(s->alg(), Algorithm::kRS256);
  EXPECT_EQ(s->kid(), "r");
  ExpectRoundTrip(*s);
}

TEST(SignerTest, RefusesWeakOrMismatchedKeys) {
  EXPECT_EQ(Signer::FromKey(testing::RsaKey(1024)).code(), TokenErrorCode::kKeyRejected);
  EXPECT_EQ(Signer::FromKey(testing::EcKey("P-256"), Algorithm::kES384).code(),
            TokenErrorCode::kKeyRejected);
  EXPECT_EQ(Signer::FromKey(testing::RsaKey(2048), Algorithm::kHS256).code(),
            TokenErrorCode::kKeyRejected);
  EXPECT_EQ(Signer::FromSecret("short", Algorithm::kHS256).code(), TokenErrorCode::kKeyRejected);
  EXPECT_EQ(Signer::FromPem("not a pem").code(), TokenErrorCode::kMalformed);
}

TEST(SignerTest, RefusesNonObjectClaims) {
  const Signer s = testing::HmacSigner(Algorithm::kHS256, "h");
  EXPECT_EQ(s.Sign("[1]").code(), TokenErrorCode::kMalformed);
  EXPECT_EQ(s.Sign(R"({"a":1,"a":2})").code(), TokenErrorCode::kMalformed);
}

}  // namespace
}  // namespace portcullis::token
