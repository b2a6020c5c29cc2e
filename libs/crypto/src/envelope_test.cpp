#include "portcullis/crypto/envelope.h"

#include <gtest/gtest.h>

#include "portcullis/crypto/crypto_error.h"
#include "portcullis/crypto/encoding.h"
#include "test_keys.h"

namespace portcullis::crypto {
namespace {

using testing::EncodedKey;

KeyRing Ring(const std::string& spec) {
  Result<KeyRing> ring = KeyRing::Parse(spec);
  EXPECT_TRUE(ring.ok()) << ring.error().ToString();
  return std::move(ring).value();
}

constexpr std::string_view kAad = "sessions.refresh_token:row-17";

class EnvelopeTest : public ::testing::Test {
 protected:
  KeyRing ring_ = Ring("k1:" + EncodedKey(1));

  Bytes SealOrDie(const KeyRing& ring, std::string_view plaintext, std::string_view aad) {
    Result<Bytes> blob = Seal(ring, AsBytes(plaintext), AsBytes(aad));
    EXPECT_TRUE(blob.ok()) << blob.error().ToString();
    return blob.ok() ? *blob : Bytes{};
  }
};

void ExpectCryptoError(const Result<SecretBytes>& r, CryptoError expected) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(CryptoErrorOf(r.error()), expected) << r.error().ToString();
  EXPECT_EQ(r.code(), ErrorCode::kBadRequest);
}

TEST_F(EnvelopeTest, SealThenOpenReturnsPlaintext) {
  const Bytes blob = SealOrDie(ring_, "refresh-token-value", kAad);
  Result<SecretBytes> plain = Open(ring_, blob, AsBytes(kAad));
  ASSERT_TRUE(plain.ok()) << plain.error().ToString();
  EXPECT_EQ(plain->AsStringView(), "refresh-token-value");
}

TEST_F(EnvelopeTest, EmptyPlaintextRoundTrips) {
  const Bytes blob = SealOrDie(ring_, "", "");
  Result<SecretBytes> plain = Open(ring_, blob, {});
  ASSERT_TRUE(plain.ok()) << plain.error().ToString();
  EXPECT_TRUE(plain->empty());
}

TEST_F(EnvelopeTest, LayoutIsVersionKeyIdNonceCiphertextTag) {
  const Bytes blob = SealOrDie(ring_, "abc", kAad);
  ASSERT_EQ(blob.size(), 1 + 1 + 2 + kEnvelopeNonceSize + 3 + kEnvelopeTagSize);
  EXPECT_EQ(blob[0], kEnvelopeVersion);
  EXPECT_EQ(blob[1], 2);
  EXPECT_EQ(blob[2], 'k');
  EXPECT_EQ(blob[3], '1');
  EXPECT_EQ(EnvelopeKeyId(blob).value_or(""), "k1");
}

TEST_F(EnvelopeTest, SealingTwiceUsesFreshNonces) {
  EXPECT_NE(SealOrDie(ring_, "same", kAad), SealOrDie(ring_, "same", kAad));
}

TEST_F(EnvelopeTest, RejectsTamperedCiphertext) {
  Bytes blob = SealOrDie(ring_, "refresh-token-value", kAad);
  blob[4 + kEnvelopeNonceSize] ^= 0x01;  // first ciphertext byte
  ExpectCryptoError(Open(ring_, blob, AsBytes(kAad)), CryptoError::kAuthenticationFailed);
}

TEST_F(EnvelopeTest, RejectsTamperedTagAndNonce) {
  Bytes tag_flipped = SealOrDie(ring_, "v", kAad);
  tag_flipped.back() ^= 0x80;
  ExpectCryptoError(Open(ring_, tag_flipped, AsBytes(kAad)), CryptoError::kAuthenticationFailed);
  Bytes nonce_flipped = SealOrDie(ring_, "v", kAad);
  nonce_flipped[4] ^= 0x01;
  ExpectCryptoError(Open(ring_, nonce_flipped, AsBytes(kAad)), CryptoError::kAuthenticationFailed);
}

TEST_F(EnvelopeTest, RejectsCiphertextMovedToAnotherRow) {
  const Bytes blob = SealOrDie(ring_, "refresh-token-value", kAad);
  ExpectCryptoError(Open(ring_, blob, AsBytes("sessions.refresh_token:row-18")),
                    CryptoError::kAuthenticationFailed);
}

TEST_F(EnvelopeTest, RejectsRelabelledKeyIdEvenWhenThatKeyExists) {
  // Both ids exist and hold the same key bytes: only the authenticated header tells them apart.
  const KeyRing ring = Ring("k1:" + EncodedKey(1) + ",k2:" + EncodedKey(1) + ";active=k1");
  Bytes blob = SealOrDie(ring, "v", kAad);
  blob[3] = '2';
  ExpectCryptoError(Open(ring, blob, AsBytes(kAad)), CryptoError::kAuthenticationFailed);
}

TEST_F(EnvelopeTest, UnknownKeyIdIsReportedAsSuch) {
  const KeyRing other = Ring("k9:" + EncodedKey(9));
  const Bytes blob = SealOrDie(other, "v", kAad);
  ExpectCryptoError(Open(ring_, blob, AsBytes(kAad)), CryptoError::kUnknownKeyId);
}

TEST_F(EnvelopeTest, TruncatedOrUnknownVersionIsMalformed) {
  const Bytes blob = SealOrDie(ring_, "v", kAad);
  ExpectCryptoError(Open(ring_, Bytes(blob.begin(), blob.begin() + 10), AsBytes(kAad)),
                    CryptoError::kMalformed);
  ExpectCryptoError(Open(ring_, Bytes{}, AsBytes(kAad)), CryptoError::kMalformed);
  Bytes v2 = blob;
  v2[0] = 2;
  ExpectCryptoError(Open(ring_, v2, AsBytes(kAad)), CryptoError::kMalformed);
  Bytes no_id = blob;
  no_id[1] = 0;
  ExpectCryptoError(Open(ring_, no_id, AsBytes(kAad)), CryptoError::kMalformed);
  Result<std::string> id = EnvelopeKeyId(Bytes{1});
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(CryptoErrorOf(id.error()), CryptoError::kMalformed);
}

TEST_F(EnvelopeTest, DataSealedUnderOldKeyOpensAfterRotation) {
  const KeyRing before = Ring("k1:" + EncodedKey(1));
  const Bytes old_blob = SealOrDie(before, "sealed-under-k1", kAad);

  const KeyRing after = Ring("k1:" + EncodedKey(1) + ",k2:" + EncodedKey(2) + ";active=k2");
  const Bytes new_blob = SealOrDie(after, "sealed-under-k2", kAad);
  EXPECT_EQ(EnvelopeKeyId(new_blob).value_or(""), "k2");

  Result<SecretBytes> old_plain = Open(after, old_blob, AsBytes(kAad));
  ASSERT_TRUE(old_plain.ok()) << old_plain.error().ToString();
  EXPECT_EQ(old_plain->AsStringView(), "sealed-under-k1");
  Result<SecretBytes> new_plain = Open(after, new_blob, AsBytes(kAad));
  ASSERT_TRUE(new_plain.ok()) << new_plain.error().ToString();
  EXPECT_EQ(new_plain->AsStringView(), "sealed-under-k2");

  // Once k1 is retired, its data is reported as unknown_key_id, not as tampering.
  const KeyRing retired = Ring("k2:" + EncodedKey(2));
  ExpectCryptoError(Open(retired, old_blob, AsBytes(kAad)), CryptoError::kUnknownKeyId);
}

}  // namespace
}  // namespace portcullis::crypto
