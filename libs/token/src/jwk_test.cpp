#include "portcullis/token/jwk.h"

#include <gtest/gtest.h>

#include "portcullis/token/jwks.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

TEST(JwkTest, ParsesEveryKeyType) {
  for (Algorithm alg : {Algorithm::kRS256, Algorithm::kES256, Algorithm::kES384, Algorithm::kES512,
                        Algorithm::kEdDSA}) {
    const Signer s = testing::SignerFor(alg, "k");
    auto jwk = Jwk::ParseText(s.PublicJwk().PublicJson());
    ASSERT_TRUE(jwk.ok()) << jwk.error().detail;
    EXPECT_EQ(jwk->family(), FamilyOf(alg));
    EXPECT_EQ(jwk->crv(), RequiredCurve(alg));
    EXPECT_EQ(jwk->kid(), "k");
    EXPECT_EQ(jwk->alg(), AlgorithmName(alg));
    EXPECT_EQ(jwk->use(), "sig");
    EXPECT_NE(jwk->pkey(), nullptr);
    EXPECT_TRUE(jwk->Fits(alg));
    // Public JSON round-trips.
    EXPECT_EQ(jwk->PublicJson(), s.PublicJwk().PublicJson());
  }
  auto oct = Jwk::ParseText(R"({"kty":"oct","k":"c2VjcmV0"})");
  ASSERT_TRUE(oct.ok());
  EXPECT_EQ(oct->secret(), "secret");
  EXPECT_EQ(oct->bits(), 48);
}

TEST(JwkTest, RejectsBadKeyMaterial) {
  const Signer ec = testing::SignerFor(Algorithm::kES256, "k");
  std::string jwk = ec.PublicJwk().PublicJson();
  // Flip one character of y: the point leaves the curve.
  const size_t y = jwk.find("\"y\":\"") + 10;
  jwk[y] = jwk[y] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Jwk::ParseText(jwk).code(), TokenErrorCode::kMalformed);
  for (const char* bad :
       {R"({"kty":"RSA","e":"AQAB"})", R"({"kty":"RSA","n":"AQAB","e":""})",
        R"({"kty":"RSA","n":"a+b/","e":"AQAB"})",
        R"({"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"})",
        R"({"kty":"EC","crv":"P-999","x":"AAAA","y":"AAAA"})",
        R"({"kty":"OKP","crv":"X25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})",
        R"({"kty":"OKP","crv":"Ed25519","x":"AAAA"})", R"({"kty":"oct"})", R"({"kid":"x"})",
        R"({"kty":1})", R"({"kty":"RSA","kid":5,"n":"AQAB","e":"AQAB"})",
        R"({"kty":"oct","k":"AAAA","key_ops":"verify"})", R"([])"}) {
    EXPECT_EQ(Jwk::ParseText(bad).code(), TokenErrorCode::kMalformed) << bad;
  }
}

TEST(JwkTest, FitsChecksKtyCrvAlgUseAndKeyOps) {
  const Signer es = testing::SignerFor(Algorithm::kES256, "k");
  const Jwk& key = es.PublicJwk();
  EXPECT_TRUE(key.Fits(Algorithm::kES256));
  EXPECT_FALSE(key.Fits(Algorithm::kES384));  // curve
  EXPECT_FALSE(key.Fits(Algorithm::kRS256));  // kty
  EXPECT_FALSE(key.Fits(Algorithm::kHS256));  // never an HMAC secret
  auto enc = Jwk::ParseText(R"({"kty":"oct","k":"c2VjcmV0","use":"enc"})");
  EXPECT_FALSE(enc->Fits(Algorithm::kHS256));
  auto ops = Jwk::ParseText(R"({"kty":"oct","k":"c2VjcmV0","key_ops":["sign","verify"]})");
  EXPECT_TRUE(ops->Fits(Algorithm::kHS256));
  auto sign_only = Jwk::ParseText(R"({"kty":"oct","k":"c2VjcmV0","key_ops":["sign"]})");
  EXPECT_FALSE(sign_only->Fits(Algorithm::kHS256));
  auto alg = Jwk::ParseText(R"({"kty":"oct","k":"c2VjcmV0","alg":"HS384"})");
  EXPECT_FALSE(alg->Fits(Algorithm::kHS256));
  EXPECT_TRUE(alg->Fits(Algorithm::kHS384));
}

TEST(JwkTest, ThumbprintMatchesRfc7638Example) {
  const char* jwk =
      R"({"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"})";
  auto key = Jwk::ParseText(jwk);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(Thumbprint(*key), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
}

TEST(JwkSetTest, RequiresAKeysArray) {
  EXPECT_EQ(JwkSet::Parse("{}").code(), TokenErrorCode::kMalformed);
  EXPECT_EQ(JwkSet::Parse(R"({"keys":{}})").code(), TokenErrorCode::kMalformed);
  EXPECT_EQ(JwkSet::Parse("[]").code(), TokenErrorCode::kMalformed);
  EXPECT_EQ(JwkSet::Parse(R"({"keys":[],"keys":[]})").code(), TokenErrorCode::kMalformed);
  auto empty = JwkSet::Parse(R"({"keys":[]})");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->keys().empty());
}

}  // namespace
}  // namespace portcullis::token
