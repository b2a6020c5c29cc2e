// JWT-RULES.md §1 (every algorithm works) and §12 (tampering).
#include <gtest/gtest.h>

#include "portcullis/token/verifier.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

using testing::At;
using testing::kNow;
using testing::VerifyAtNow;

class EveryAlgorithmTest : public ::testing::TestWithParam<Algorithm> {};

TEST_P(EveryAlgorithmTest, AcceptsAValidToken) {
  const Signer signer = testing::SignerFor(GetParam(), "k1");
  const std::string token = *signer.Sign(testing::BasicClaims());
  auto r = VerifyAtNow(token, testing::KeySet({&signer}));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->header.alg, GetParam());
  EXPECT_EQ(r->header.kid.value, "k1");
  EXPECT_EQ(r->claims.Subject(), "user-1");
}

TEST_P(EveryAlgorithmTest, AcceptsAJwkWithoutAlg) {
  const Signer signer = testing::SignerFor(GetParam(), "k1");
  std::string jwks = testing::JwksJson({&signer});
  const std::string alg_member = ",\"alg\":\"" + std::string(AlgorithmName(GetParam())) + "\"";
  jwks.erase(jwks.find(alg_member), alg_member.size());
  ASSERT_EQ(jwks.find("\"alg\""), std::string::npos);
  auto r = VerifyAtNow(*signer.Sign(testing::BasicClaims()), *JwkSet::Parse(jwks));
  EXPECT_TRUE(r.ok()) << r.error().ToString();
}

TEST_P(EveryAlgorithmTest, RejectsABitFlippedInTheSignature) {
  const Signer signer = testing::SignerFor(GetParam(), "k1");
  const std::string token = *signer.Sign(testing::BasicClaims());
  const std::string sig = testing::SignatureOf(token);
  for (size_t byte : {size_t{0}, sig.size() / 2, sig.size() - 1}) {
    std::string flipped = sig;
    flipped[byte] ^= 0x01;
    auto r = VerifyAtNow(testing::WithSignature(token, flipped), testing::KeySet({&signer}));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), TokenErrorCode::kBadSignature) << "byte " << byte;
  }
}

TEST_P(EveryAlgorithmTest, RejectsAChangedPayload) {
  const Signer signer = testing::SignerFor(GetParam(), "k1");
  const auto parts = testing::Segments(*signer.Sign(testing::BasicClaims()));
  std::string claims = testing::BasicClaims();
  claims.replace(claims.find("user-1"), 6, "admin1");
  const std::string forged = parts[0] + "." + testing::B64(claims) + "." + parts[2];
  EXPECT_EQ(VerifyAtNow(forged, testing::KeySet({&signer})).code(), TokenErrorCode::kBadSignature);
}

TEST_P(EveryAlgorithmTest, RejectsAChangedHeader) {
  const Signer signer = testing::SignerFor(GetParam(), "k1");
  const auto parts = testing::Segments(*signer.Sign(testing::BasicClaims()));
  const std::string header = testing::DefaultHeader(signer);
  const std::string changed = header.substr(0, header.size() - 1) + ",\"typ\":\"JWT\"}";
  const std::string forged = testing::B64(changed) + "." + parts[1] + "." + parts[2];
  EXPECT_EQ(VerifyAtNow(forged, testing::KeySet({&signer})).code(), TokenErrorCode::kBadSignature);
}

TEST_P(EveryAlgorithmTest, RejectsASignatureMovedFromAnotherToken) {
  const Signer signer = testing::SignerFor(GetParam(), "k1");
  const std::string a = *signer.Sign(testing::BasicClaims());
  std::string other = testing::BasicClaims();
  other.replace(other.find("user-1"), 6, "user-2");
  const std::string b = *signer.Sign(other);
  const std::string moved = testing::WithSignature(b, testing::SignatureOf(a));
  EXPECT_EQ(VerifyAtNow(moved, testing::KeySet({&signer})).code(), TokenErrorCode::kBadSignature);
}

INSTANTIATE_TEST_SUITE_P(AllAlgorithms, EveryAlgorithmTest, ::testing::ValuesIn(AllAlgorithms()),
                         [](const auto& info) { return std::string(AlgorithmName(info.param)); });

// One test (one process under ctest) so the 3072- and 4096-bit keys are generated only once.
TEST(RsaKeySizeTest, AcceptsRsaKeysOf2048To4096BitsForEveryRsaAlgorithm) {
  for (int bits : {2048, 3072, 4096}) {
    for (Algorithm alg : {Algorithm::kRS256, Algorithm::kRS384, Algorithm::kRS512,
                          Algorithm::kPS256, Algorithm::kPS384, Algorithm::kPS512}) {
      SCOPED_TRACE(std::string(AlgorithmName(alg)) + "/" + std::to_string(bits));
      auto signer = Signer::FromKey(testing::RsaKey(bits), alg, "rsa");
      ASSERT_TRUE(signer.ok());
      const std::string token = *signer->Sign(testing::BasicClaims());
      EXPECT_EQ(testing::SignatureOf(token).size(), static_cast<size_t>(bits / 8));
      auto r = VerifyAtNow(token, testing::KeySet({&*signer}));
      EXPECT_TRUE(r.ok()) << r.error().ToString();
    }
  }
}

TEST(TamperingTest, RejectsAlgSwappedBetweenTwoAlgorithmsTheKeyAllows) {
  // An RSA key without "alg" may verify RS256 and PS256; relabelling the token must not help.
  const Signer rs = testing::SignerFor(Algorithm::kRS256, "rsa");
  std::string jwks = testing::JwksJson({&rs});
  jwks.erase(jwks.find(",\"alg\":\"RS256\""), 14);
  const JwkSet keys = *JwkSet::Parse(jwks);
  const auto parts = testing::Segments(*rs.Sign(testing::BasicClaims()));
  for (const char* alg : {"PS256", "RS384", "RS512"}) {
    const std::string header = std::string("{\"alg\":\"") + alg + "\",\"kid\":\"rsa\"}";
    const std::string swapped = testing::B64(header) + "." + parts[1] + "." + parts[2];
    EXPECT_EQ(VerifyAtNow(swapped, keys).code(), TokenErrorCode::kBadSignature) << alg;
  }
  // And an ES256 token relabelled ES384 fails on the key's curve.
  const Signer es = testing::SignerFor(Algorithm::kES256, "ec");
  std::string ec_jwks = testing::JwksJson({&es});
  ec_jwks.erase(ec_jwks.find(",\"alg\":\"ES256\""), 14);
  const auto ec_parts = testing::Segments(*es.Sign(testing::BasicClaims()));
  const std::string relabelled =
      testing::B64(R"({"alg":"ES384","kid":"ec"})") + "." + ec_parts[1] + "." + ec_parts[2];
  EXPECT_EQ(VerifyAtNow(relabelled, *JwkSet::Parse(ec_jwks)).code(), TokenErrorCode::kKeyRejected);
}

}  // namespace
}  // namespace portcullis::token
