// JWT-RULES.md §8 (key selection) and §9 (key rotation against a fixed JWKS).
#include <gtest/gtest.h>

#include "portcullis/token/verifier.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

using testing::At;
using testing::kNow;
using testing::kValid;

TokenErrorCode Code(const std::string& token, const std::string& jwks,
                    VerifyPolicy policy = testing::TestPolicy()) {
  auto keys = JwkSet::Parse(jwks);
  if (!keys.ok()) return keys.code();
  auto r = VerifyJws(token, *keys, policy, At(kNow));
  return r.ok() ? kValid : r.code();
}

std::string Token(const Signer& s, std::string_view header) {
  return testing::SignRaw(s, header, testing::BasicClaims());
}

// A public JWK of `s` with `members` appended and its own alg/use/kid replaced by them.
std::string JwkWith(const Signer& s, std::string_view members) {
  std::string jwk = s.PublicJwk().PublicJson();
  jwk = jwk.substr(0, jwk.find(",\"kid\""));
  if (!members.empty()) jwk += "," + std::string(members);
  return jwk + "}";
}

std::string Set(std::initializer_list<std::string> jwks) {
  std::string out = "{\"keys\":[";
  bool first = true;
  for (const auto& j : jwks) {
    out += (first ? "" : ",") + j;
    first = false;
  }
  return out + "]}";
}

class KeySelectionTest : public ::testing::Test {
 protected:
  const Signer a_ = testing::SignerFor(Algorithm::kRS256, "a", 0);
  const Signer b_ = testing::SignerFor(Algorithm::kRS256, "b", 1);
};

TEST_F(KeySelectionTest, KidMustMatchExactlyOneKey) {
  const std::string jwks = Set({JwkWith(a_, R"("kid":"a")"), JwkWith(b_, R"("kid":"b")")});
  EXPECT_EQ(Code(Token(a_, R"({"alg":"RS256","kid":"a"})"), jwks), kValid);
  EXPECT_EQ(Code(Token(b_, R"({"alg":"RS256","kid":"b"})"), jwks), kValid);
  EXPECT_EQ(Code(Token(a_, R"({"alg":"RS256","kid":"A"})"), jwks), TokenErrorCode::kUnknownKeyId);
  EXPECT_EQ(Code(Token(a_, R"({"alg":"RS256","kid":"c"})"), jwks), TokenErrorCode::kUnknownKeyId);
  EXPECT_EQ(Code(Token(a_, R"({"alg":"RS256","kid":""})"), jwks), TokenErrorCode::kUnknownKeyId);
}

TEST_F(KeySelectionTest, NeverFallsBackToAnotherKey) {
  // Signed by a, labelled b: only b is tried.
  const std::string jwks = Set({JwkWith(a_, R"("kid":"a")"), JwkWith(b_, R"("kid":"b")")});
  EXPECT_EQ(Code(Token(a_, R"({"alg":"RS256","kid":"b"})"), jwks), TokenErrorCode::kBadSignature);
}

TEST_F(KeySelectionTest, NonStringKidMatchesNothing) {
  const std::string jwks = Set({JwkWith(a_, R"("kid":"1")")});
  for (const char* kid : {"1", "null", "true", "[\"1\"]", "{\"1\":1}"}) {
    const std::string header = std::string(R"({"alg":"RS256","kid":)") + kid + "}";
    EXPECT_EQ(Code(Token(a_, header), jwks), TokenErrorCode::kUnknownKeyId) << kid;
  }
}

TEST_F(KeySelectionTest, DuplicateKidsAreAmbiguous) {
  const std::string jwks = Set({JwkWith(a_, R"("kid":"x")"), JwkWith(b_, R"("kid":"x")")});
  EXPECT_EQ(Code(Token(a_, R"({"alg":"RS256","kid":"x"})"), jwks), TokenErrorCode::kUnknownKeyId);
}

TEST_F(KeySelectionTest, WithoutKidExactlyOneCandidateMustFit) {
  const std::string header = R"({"alg":"RS256"})";
  EXPECT_EQ(Code(Token(a_, header), Set({JwkWith(a_, R"("kid":"a")")})), kValid);
  EXPECT_EQ(Code(Token(a_, header), Set({JwkWith(a_, "")})), kValid);
  EXPECT_EQ(Code(Token(a_, header), Set({JwkWith(a_, ""), JwkWith(b_, "")})),
            TokenErrorCode::kUnknownKeyId);
  // Keys that do not fit RS256 are not candidates, so a lone RSA key still wins.
  const Signer ec = testing::SignerFor(Algorithm::kES256, "ec");
  const std::string mixed =
      Set({JwkWith(a_, ""), JwkWith(ec, ""), JwkWith(b_, R"("use":"enc")"),
           JwkWith(b_, R"("alg":"PS256")"), JwkWith(b_, R"("key_ops":["encrypt"])")});
  EXPECT_EQ(Code(Token(a_, header), mixed), kValid);
  EXPECT_EQ(Code(Token(a_, header), Set({JwkWith(ec, "")})), TokenErrorCode::kUnknownKeyId);
}

TEST_F(KeySelectionTest, EncryptionKeysNeverVerify) {
  EXPECT_EQ(Code(Token(a_, R"({"alg":"RS256","kid":"a"})"),
                 Set({JwkWith(a_, R"("kid":"a","use":"enc")")})),
            TokenErrorCode::kKeyRejected);
  EXPECT_EQ(Code(Token(a_, R"({"alg":"RS256"})"), Set({JwkWith(a_, R"("use":"enc")")})),
            TokenErrorCode::kUnknownKeyId);
  EXPECT_EQ(Code(Token(a_, R"({"alg":"RS256","kid":"a"})"),
                 Set({JwkWith(a_, R"("kid":"a","key_ops":["encrypt","wrapKey"])")})),
            TokenErrorCode::kKeyRejected);
  EXPECT_EQ(Code(Token(a_, R"({"alg":"RS256","kid":"a"})"),
                 Set({JwkWith(a_, R"("kid":"a","use":"sig","key_ops":["verify"])")})),
            kValid);
}

TEST_F(KeySelectionTest, RejectsRsaKeysUnder2048Bits) {
  const Signer weak = *Signer::FromKey(testing::RsaKey(2048), Algorithm::kRS256, "w");
  // Signer refuses to create a 1024-bit signer, so build the token by hand with OpenSSL.
  auto small = testing::RsaKey(1024);
  auto jwk = Jwk::FromPublicKey(small);
  ASSERT_TRUE(jwk.ok());
  ASSERT_EQ(jwk->bits(), 1024);
  EXPECT_FALSE(Signer::FromKey(small, Algorithm::kRS256, "w").ok());
  EXPECT_TRUE(jwk->Weakness(Algorithm::kRS256).has_value());
  std::string pub = jwk->PublicJson();
  pub = pub.substr(0, pub.size() - 1) + R"(,"kid":"w"})";
  EXPECT_EQ(Code(Token(weak, R"({"alg":"RS256","kid":"w"})"), Set({pub})),
            TokenErrorCode::kKeyRejected);
  EXPECT_EQ(Code(Token(weak, R"({"alg":"RS256"})"), Set({pub})), TokenErrorCode::kKeyRejected);
}

TEST_F(KeySelectionTest, RejectsHmacKeysShorterThanTheHash) {
  const Signer hs = testing::HmacSigner(Algorithm::kHS256, "h", std::string(32, 's'));
  const std::string short_key =
      R"({"kty":"oct","kid":"h","k":")" + testing::B64(std::string(31, 's')) + "\"}";
  const std::string ok_key =
      R"({"kty":"oct","kid":"h","k":")" + testing::B64(std::string(32, 's')) + "\"}";
  EXPECT_EQ(Code(*hs.Sign(testing::BasicClaims()), Set({ok_key})), kValid);
  EXPECT_EQ(Code(*hs.Sign(testing::BasicClaims()), Set({short_key})), TokenErrorCode::kKeyRejected);
  // 32 bytes are too short for HS512.
  const Signer hs512 = testing::HmacSigner(Algorithm::kHS512, "h", std::string(64, 's'));
  const std::string k32 =
      R"({"kty":"oct","kid":"h","k":")" + testing::B64(std::string(32, 's')) + "\"}";
  EXPECT_EQ(Code(*hs512.Sign(testing::BasicClaims()), Set({k32})), TokenErrorCode::kKeyRejected);
}

TEST_F(KeySelectionTest, IgnoresUnknownMembersAndUnusableKeys) {
  const std::string jwks =
      R"({"x-top":1,"keys":[{"kty":"RSA","kid":"bad","n":"!!","e":"AQAB"},)"
      R"({"kty":"EC","crv":"secp256k1","kid":"k","x":"AA","y":"AA"},{"kty":"XYZ","kid":"z"},)" +
      JwkWith(a_, R"("kid":"a","x5t":"abc","x5c":["MIIB"],"ext":true,"custom":{"n":1})") + "]}";
  auto set = JwkSet::Parse(jwks);
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->keys().size(), 1u);
  EXPECT_EQ(set->skipped().size(), 3u);
  EXPECT_EQ(Code(Token(a_, R"({"alg":"RS256","kid":"a"})"), jwks), kValid);
  EXPECT_EQ(Code(Token(a_, R"({"alg":"RS256","kid":"bad"})"), jwks), TokenErrorCode::kUnknownKeyId);
}

TEST_F(KeySelectionTest, KeyRotationFailsClosedOnAFixedSet) {
  const std::string old_set = Set({JwkWith(a_, R"("kid":"old")")});
  const std::string new_set = Set({JwkWith(b_, R"("kid":"new")")});
  const std::string both = Set({JwkWith(a_, R"("kid":"old")"), JwkWith(b_, R"("kid":"new")")});
  const std::string by_new = Token(b_, R"({"alg":"RS256","kid":"new"})");
  const std::string by_old = Token(a_, R"({"alg":"RS256","kid":"old"})");
  EXPECT_EQ(Code(by_new, new_set), kValid);                         // new key, new set
  EXPECT_EQ(Code(by_new, both), kValid);                            // during rollover
  EXPECT_EQ(Code(by_old, new_set), TokenErrorCode::kUnknownKeyId);  // old key after removal
  EXPECT_EQ(Code(by_new, old_set), TokenErrorCode::kUnknownKeyId);  // new key, stale set
  const std::string old_as_new = Token(a_, R"({"alg":"RS256","kid":"new"})");
  EXPECT_EQ(Code(old_as_new, both), TokenErrorCode::kBadSignature);  // old key, new kid
  EXPECT_EQ(Code(old_as_new, new_set), TokenErrorCode::kBadSignature);
}

}  // namespace
}  // namespace portcullis::token
