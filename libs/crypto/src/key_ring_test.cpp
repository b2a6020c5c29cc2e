#include "portcullis/crypto/key_ring.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "portcullis/crypto/crypto_error.h"
#include "portcullis/crypto/encoding.h"
#include "test_keys.h"

namespace portcullis::crypto {
namespace {

using testing::EncodedKey;

void ExpectBadKey(const Result<KeyRing>& ring) {
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.code(), ErrorCode::kInternal);
  EXPECT_EQ(CryptoErrorOf(ring.error()), CryptoError::kBadKey) << ring.error().ToString();
}

TEST(KeyRingTest, ParsesKeysAndActiveId) {
  Result<KeyRing> ring =
      KeyRing::Parse("k1:" + EncodedKey(1) + ",k2:" + EncodedKey(2) + ";active=k2");
  ASSERT_TRUE(ring.ok()) << ring.error().ToString();
  EXPECT_EQ(ring->active_id(), "k2");
  EXPECT_EQ(ring->ids(), (std::vector<std::string>{"k1", "k2"}));
  ASSERT_NE(ring->Find("k1"), nullptr);
  EXPECT_EQ(ring->Find("k1")->view()[0], 1);
  EXPECT_EQ(ring->active_key().view()[0], 2);
  EXPECT_EQ(ring->Find("k3"), nullptr);
}

TEST(KeyRingTest, SingleKeyIsActiveWithoutActiveClause) {
  Result<KeyRing> ring = KeyRing::Parse("  only:" + EncodedKey(7) + "\n");
  ASSERT_TRUE(ring.ok()) << ring.error().ToString();
  EXPECT_EQ(ring->active_id(), "only");
}

TEST(KeyRingTest, SeveralKeysWithoutActiveClauseIsBadKey) {
  ExpectBadKey(KeyRing::Parse("k1:" + EncodedKey(1) + ",k2:" + EncodedKey(2)));
}

TEST(KeyRingTest, ActiveIdNotInRingIsBadKey) {
  ExpectBadKey(KeyRing::Parse("k1:" + EncodedKey(1) + ";active=k2"));
}

TEST(KeyRingTest, ShortKeyIsBadKey) { ExpectBadKey(KeyRing::Parse("k1:" + EncodedKey(1, 16))); }

TEST(KeyRingTest, NonBase64UrlKeyIsBadKey) {
  ExpectBadKey(KeyRing::Parse("k1:" + EncodedKey(1) + "=="));
}

TEST(KeyRingTest, DuplicateIdIsBadKey) {
  ExpectBadKey(KeyRing::Parse("k1:" + EncodedKey(1) + ",k1:" + EncodedKey(2) + ";active=k1"));
}

TEST(KeyRingTest, InvalidIdIsBadKey) {
  ExpectBadKey(KeyRing::Parse("bad id:" + EncodedKey(1)));
  ExpectBadKey(KeyRing::Parse(std::string(65, 'k') + ":" + EncodedKey(1)));
  ExpectBadKey(KeyRing::Parse(""));
}

TEST(KeyRingTest, ErrorDetailNeverContainsKeyMaterial) {
  const std::string key = EncodedKey(9, 31);
  Result<KeyRing> ring = KeyRing::Parse("k1:" + key);
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.error().detail.find(key), std::string::npos);
}

TEST(KeyRingTest, CreateRejectsWrongSizeKey) {
  std::vector<std::pair<std::string, SecretBytes>> keys;
  keys.emplace_back("k1", SecretBytes(31));
  ExpectBadKey(KeyRing::Create(std::move(keys), "k1"));
}

TEST(KeyRingTest, FromEnvironmentReadsVariableThenFile) {
  const std::string spec = "env1:" + EncodedKey(3);
  ::setenv("PORTCULLIS_TEST_RING_A", spec.c_str(), 1);
  Result<KeyRing> from_env = KeyRing::FromEnvironment("PORTCULLIS_TEST_RING_A");
  ::unsetenv("PORTCULLIS_TEST_RING_A");
  ASSERT_TRUE(from_env.ok()) << from_env.error().ToString();
  EXPECT_EQ(from_env->active_id(), "env1");

  const std::string path = ::testing::TempDir() + "/portcullis_key_ring_test.keys";
  std::ofstream(path) << "file1:" << EncodedKey(4) << ",file2:" << EncodedKey(5)
                      << ";active=file1\n";
  ::setenv("PORTCULLIS_TEST_RING_B_FILE", path.c_str(), 1);
  Result<KeyRing> from_file = KeyRing::FromEnvironment("PORTCULLIS_TEST_RING_B");
  ::unsetenv("PORTCULLIS_TEST_RING_B_FILE");
  std::remove(path.c_str());
  ASSERT_TRUE(from_file.ok()) << from_file.error().ToString();
  EXPECT_EQ(from_file->active_id(), "file1");
}

TEST(KeyRingTest, FromEnvironmentWithNothingSetIsBadKey) {
  ExpectBadKey(KeyRing::FromEnvironment("PORTCULLIS_TEST_RING_UNSET"));
}

TEST(KeyRingTest, FromFileThatDoesNotExistIsBadKey) {
  ExpectBadKey(KeyRing::FromFile("/nonexistent/portcullis/keys"));
}

}  // namespace
}  // namespace portcullis::crypto
