// JWT-RULES.md §17 (ECDSA signature encoding, CVE-2022-21449) and §18 (RSA and EdDSA signatures).
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/rsa.h>

#include <cstring>

#include <gtest/gtest.h>

#include "portcullis/token/signature.h"
#include "portcullis/token/verifier.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

using testing::At;
using testing::kNow;

struct Case {
  Signer signer;
  JwkSet keys;
  std::string token;
  std::string sig;
};

Case Make(Algorithm alg, std::string claims = testing::BasicClaims()) {
  Signer s = testing::SignerFor(alg, "k1");
  JwkSet keys = testing::KeySet({&s});
  std::string token = *s.Sign(claims);
  std::string sig = testing::SignatureOf(token);
  return Case{std::move(s), std::move(keys), std::move(token), std::move(sig)};
}

TokenErrorCode CodeWithSignature(const Case& c, std::string_view sig) {
  auto r = VerifyJws(testing::WithSignature(c.token, sig), c.keys, testing::TestPolicy(), At(kNow));
  return r.ok() ? static_cast<TokenErrorCode>(-1) : r.code();
}

std::string Order(int nid, size_t size) {
  EC_GROUP* g = EC_GROUP_new_by_curve_name(nid);
  std::string out(size, '\0');
  BN_bn2binpad(EC_GROUP_get0_order(g), reinterpret_cast<unsigned char*>(out.data()),
               static_cast<int>(size));
  EC_GROUP_free(g);
  return out;
}

// Raw R||S -> DER, as a confused signer would send it.
std::string ToDer(std::string_view raw) {
  const size_t half = raw.size() / 2;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  ECDSA_SIG_set0(
      sig, BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), half, nullptr),
      BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + half, half, nullptr));
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig, &der);
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  ECDSA_SIG_free(sig);
  return out;
}

class EcdsaTest : public ::testing::TestWithParam<std::tuple<Algorithm, int, size_t>> {};

TEST_P(EcdsaTest, RejectsPsychicSignature) {
  const auto [alg, nid, size] = GetParam();
  const Case c = Make(alg);
  EXPECT_EQ(CodeWithSignature(c, std::string(2 * size, '\0')), TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, std::string(size, '\0') + c.sig.substr(size)),
            TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, c.sig.substr(0, size) + std::string(size, '\0')),
            TokenErrorCode::kBadSignature);
}

TEST_P(EcdsaTest, RejectsROrSNotBelowTheGroupOrder) {
  const auto [alg, nid, size] = GetParam();
  const Case c = Make(alg);
  const std::string n = Order(nid, size);
  EXPECT_EQ(CodeWithSignature(c, n + c.sig.substr(size)), TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, c.sig.substr(0, size) + n), TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, n + n), TokenErrorCode::kBadSignature);
  const std::string ff(size, '\xff');
  EXPECT_EQ(CodeWithSignature(c, ff + ff), TokenErrorCode::kBadSignature);
  // Direct: the explicit range check fires before OpenSSL sees the value.
  const auto key = c.keys.keys().front();
  auto s = VerifySignature(alg, key, "x.y", n + c.sig.substr(size));
  EXPECT_NE(s.error().detail.find("order"), std::string::npos);
}

TEST_P(EcdsaTest, RejectsDerEncodedAndWrongLengthSignatures) {
  const auto [alg, nid, size] = GetParam();
  const Case c = Make(alg);
  EXPECT_EQ(CodeWithSignature(c, ToDer(c.sig)), TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, c.sig.substr(1)), TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, c.sig + '\0'), TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, std::string(1, '\0') + c.sig), TokenErrorCode::kBadSignature);
}

TEST_P(EcdsaTest, AcceptsHighSSignatures) {
  const auto [alg, nid, size] = GetParam();
  const Case c = Make(alg);
  // (r, n - s) is the other valid signature for the same message.
  BIGNUM* n =
      BN_bin2bn(reinterpret_cast<const unsigned char*>(Order(nid, size).data()), size, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(c.sig.data()) + size, size, nullptr);
  BN_sub(s, n, s);
  std::string flipped = c.sig;
  BN_bn2binpad(s, reinterpret_cast<unsigned char*>(flipped.data()) + size, static_cast<int>(size));
  BN_free(n);
  BN_free(s);
  EXPECT_EQ(CodeWithSignature(c, flipped), static_cast<TokenErrorCode>(-1));
}

TEST_P(EcdsaTest, AcceptsROrSWithLeadingZeroBytes) {
  const auto [alg, nid, size] = GetParam();
  // About 1 in 256 signatures has r or s starting with a zero byte; sign until we get one.
  for (int i = 0; i < 4000; ++i) {
    const Case c = Make(alg, "{\"iss\":\"" + std::string(testing::kIssuer) + "\",\"aud\":\"" +
                                 testing::kAudience + "\",\"exp\":" + std::to_string(kNow + 60) +
                                 ",\"i\":" + std::to_string(i) + "}");
    if (c.sig[0] != '\0' && c.sig[size] != '\0') continue;
    EXPECT_EQ(CodeWithSignature(c, c.sig), static_cast<TokenErrorCode>(-1)) << i;
    return;
  }
  FAIL() << "no signature with a leading zero byte in 4000 tries";
}

INSTANTIATE_TEST_SUITE_P(
    Curves, EcdsaTest,
    ::testing::Values(std::make_tuple(Algorithm::kES256, NID_X9_62_prime256v1, size_t{32}),
                      std::make_tuple(Algorithm::kES384, NID_secp384r1, size_t{48}),
                      std::make_tuple(Algorithm::kES512, NID_secp521r1, size_t{66})),
    [](const auto& info) { return std::string(AlgorithmName(std::get<0>(info.param))); });

TEST(RsaSignatureTest, RequiresExactlyTheModulusLength) {
  const Case c = Make(Algorithm::kRS256);
  ASSERT_EQ(c.sig.size(), 256u);
  EXPECT_EQ(CodeWithSignature(c, c.sig.substr(1)), TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, std::string(1, '\0') + c.sig), TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, c.sig + '\0'), TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, std::string(256, '\0')), TokenErrorCode::kBadSignature);
}

TEST(RsaSignatureTest, AcceptsASignatureWithLeadingZeroBytes) {
  // About 1 in 256 RSA signatures starts with 0x00; it must keep its full length to verify.
  for (int i = 0; i < 3000; ++i) {
    const Case c =
        Make(Algorithm::kRS256, "{\"iss\":\"" + std::string(testing::kIssuer) + "\",\"aud\":\"" +
                                    testing::kAudience + "\",\"exp\":" + std::to_string(kNow + 60) +
                                    ",\"i\":" + std::to_string(i) + "}");
    if (c.sig[0] != '\0') continue;
    EXPECT_EQ(CodeWithSignature(c, c.sig), static_cast<TokenErrorCode>(-1));
    EXPECT_EQ(CodeWithSignature(c, c.sig.substr(1)), TokenErrorCode::kBadSignature);
    return;
  }
  FAIL() << "no RSA signature with a leading zero byte in 3000 tries";
}

TEST(RsaSignatureTest, RejectsPssWithAnotherSaltLength) {
  // Sign PS256 with a 20-byte salt (RSA-PSS default elsewhere); JWA requires 32.
  const Signer s = testing::SignerFor(Algorithm::kPS256, "k1");
  const JwkSet keys = testing::KeySet({&s});
  const std::string input =
      testing::B64(testing::DefaultHeader(s)) + "." + testing::B64(testing::BasicClaims());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  ASSERT_EQ(EVP_DigestSignInit(ctx, &pctx, EVP_sha256(), nullptr, testing::RsaKey(2048).get()), 1);
  EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
  EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 20);
  size_t len = 0;
  EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                 input.size());
  std::string sig(len, '\0');
  EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                 reinterpret_cast<const unsigned char*>(input.data()), input.size());
  EVP_MD_CTX_free(ctx);
  auto r = VerifyJws(input + "." + testing::B64(sig), keys, testing::TestPolicy(), At(kNow));
  EXPECT_EQ(r.code(), TokenErrorCode::kBadSignature);
}

TEST(RsaSignatureTest, RejectsPkcs1DigestInfoWithTheWrongHash) {
  // An RS512 signature over the same input presented as RS256.
  const Signer rs512 = *Signer::FromKey(testing::RsaKey(2048), Algorithm::kRS512, "k1");
  const Signer rs256 = *Signer::FromKey(testing::RsaKey(2048), Algorithm::kRS256, "k1");
  const std::string header = R"({"alg":"RS256","kid":"k1"})";
  const std::string wrong = testing::SignRaw(rs512, header, testing::BasicClaims());
  std::string jwks = testing::JwksJson({&rs256});
  auto r = VerifyJws(wrong, *JwkSet::Parse(jwks), testing::TestPolicy(), At(kNow));
  EXPECT_EQ(r.code(), TokenErrorCode::kBadSignature);
}

TEST(Ed25519SignatureTest, RejectsSNotBelowL) {
  const Case c = Make(Algorithm::kEdDSA);
  // S + L is the classic malleated twin; OpenSSL and our own check must both refuse it.
  static const unsigned char kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                       0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                       0,    0,    0,    0,    0,    0,    0,    0,
                                       0,    0,    0,    0,    0,    0,    0,    0x10};
  std::string twin = c.sig;
  unsigned carry = 0;
  for (int i = 0; i < 32; ++i) {
    const unsigned sum = static_cast<unsigned char>(twin[32 + i]) + kL[i] + carry;
    twin[32 + i] = static_cast<char>(sum & 0xff);
    carry = sum >> 8;
  }
  EXPECT_EQ(CodeWithSignature(c, twin), TokenErrorCode::kBadSignature);
  std::string s_is_l = c.sig;
  std::memcpy(s_is_l.data() + 32, kL, 32);
  EXPECT_EQ(CodeWithSignature(c, s_is_l), TokenErrorCode::kBadSignature);
}

TEST(Ed25519SignatureTest, RejectsWrongLengthsAndZeroSignatures) {
  const Case c = Make(Algorithm::kEdDSA);
  EXPECT_EQ(CodeWithSignature(c, c.sig.substr(1)), TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, c.sig + '\0'), TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, std::string(64, '\0')), TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, ""), TokenErrorCode::kMalformed);  // empty segment
}

TEST(HmacSignatureTest, RejectsTruncatedOrZeroMacs) {
  const Case c = Make(Algorithm::kHS256);
  EXPECT_EQ(CodeWithSignature(c, c.sig.substr(0, 16)), TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, std::string(32, '\0')), TokenErrorCode::kBadSignature);
  EXPECT_EQ(CodeWithSignature(c, c.sig + "x"), TokenErrorCode::kBadSignature);
}

}  // namespace
}  // namespace portcullis::token
