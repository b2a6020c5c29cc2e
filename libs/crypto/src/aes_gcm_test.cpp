// Known-answer tests for the AES-256-GCM primitive, from published vectors:
//  - McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 13-16 (AES-256);
//  - NIST CAVP gcmEncryptExtIV256.rsp, [Keylen=256, IVlen=96, Taglen=128], Count=0 of the
//    PTlen=0/AADlen=0 and PTlen=128/AADlen=0 sections.
#include "aes_gcm.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "portcullis/crypto/crypto_error.h"
#include "portcullis/crypto/encoding.h"

namespace portcullis::crypto {
namespace {

struct GcmVector {
  const char* name;
  const char* key;
  const char* iv;
  const char* plaintext;
  const char* aad;
  const char* ciphertext;
  const char* tag;
};

constexpr const char* kMvKey = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
constexpr const char* kMvIv = "cafebabefacedbaddecaf888";

const GcmVector kVectors[] = {
    {"McGrewViega13", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"},
    {"McGrewViega14", "0000000000000000000000000000000000000000000000000000000000000000",
     "000000000000000000000000", "00000000000000000000000000000000", "",
     "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919"},
    {"McGrewViega15", kMvKey, kMvIv,
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
     "",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
     "b094dac5d93471bdec1a502270e3cc6c"},
    {"McGrewViega16", kMvKey, kMvIv,
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
     "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
    {"CavpPt0Count0", "b52c505a37d78eda5dd34f20c22540ea1b58963cf8e5bf8ffa85f9f2492505b4",
     "516c33929df5a3284ff463d7", "", "", "", "bdc1ac884d332457a1d2664f168c76f0"},
    {"CavpPt128Count0", "31bdadd96698c204aa9ce1448ea94ae1fb4a9a0b3c9d773b51bb1822666b8f22",
     "0d18e06c7c725ac9e362e1ce", "2db5168e932556f8089a0622981d017d", "",
     "fa4362189661d163fcd6a56d8bf0405a", "d636ac1bbedd5cc3ee727dc2ab4a9489"},
};

Bytes Hex(const char* text) {
  std::optional<Bytes> bytes = HexDecode(text);
  EXPECT_TRUE(bytes.has_value()) << text;
  return bytes.value_or(Bytes{});
}

// Names the vector instead of dumping its bytes in test listings.
void PrintTo(const GcmVector& v, std::ostream* os) { *os << v.name; }

class AesGcmKnownAnswerTest : public ::testing::TestWithParam<GcmVector> {};

TEST_P(AesGcmKnownAnswerTest, EncryptProducesPublishedCiphertextAndTag) {
  const GcmVector& v = GetParam();
  Result<GcmSealed> sealed = Aes256GcmEncrypt(Hex(v.key), Hex(v.iv), Hex(v.plaintext), Hex(v.aad));
  ASSERT_TRUE(sealed.ok()) << sealed.error().ToString();
  EXPECT_EQ(HexEncode(sealed->ciphertext), v.ciphertext);
  EXPECT_EQ(HexEncode(sealed->tag), v.tag);
}

TEST_P(AesGcmKnownAnswerTest, DecryptRecoversPublishedPlaintext) {
  const GcmVector& v = GetParam();
  Result<SecretBytes> plain =
      Aes256GcmDecrypt(Hex(v.key), Hex(v.iv), Hex(v.ciphertext), Hex(v.aad), Hex(v.tag));
  ASSERT_TRUE(plain.ok()) << plain.error().ToString();
  EXPECT_EQ(HexEncode(plain->view()), v.plaintext);
}

TEST_P(AesGcmKnownAnswerTest, DecryptWithFlippedTagBitFailsAuthentication) {
  const GcmVector& v = GetParam();
  Bytes tag = Hex(v.tag);
  tag[15] ^= 0x01;
  Result<SecretBytes> plain =
      Aes256GcmDecrypt(Hex(v.key), Hex(v.iv), Hex(v.ciphertext), Hex(v.aad), tag);
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(CryptoErrorOf(plain.error()), CryptoError::kAuthenticationFailed);
}

INSTANTIATE_TEST_SUITE_P(PublishedVectors, AesGcmKnownAnswerTest, ::testing::ValuesIn(kVectors),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(AesGcmTest, DecryptWithDifferentAadFailsAuthentication) {
  const GcmVector& v = kVectors[3];  // McGrew & Viega 16 has associated data
  Bytes aad = Hex(v.aad);
  aad[0] ^= 0x80;
  Result<SecretBytes> plain =
      Aes256GcmDecrypt(Hex(v.key), Hex(v.iv), Hex(v.ciphertext), aad, Hex(v.tag));
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.code(), ErrorCode::kBadRequest);
  EXPECT_EQ(CryptoErrorOf(plain.error()), CryptoError::kAuthenticationFailed);
}

}  // namespace
}  // namespace portcullis::crypto
