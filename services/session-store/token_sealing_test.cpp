#include "token_sealing.h"

#include <gtest/gtest.h>

#include "portcullis/crypto/envelope.h"
#include "testing/test_keys.h"

namespace portcullis::session_store {
namespace {

TEST(TokenSealingTest, AssociatedDataNamesTableRowAndColumn) {
  EXPECT_EQ(AssociatedData("sessions", "ab12", "access_token"),
            "session-store/v1|sessions|ab12|access_token");
}

TEST(TokenSealingTest, HashSecretIsHexSha256) {
  EXPECT_EQ(HashSecret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(TokenSealingTest, RoundTripsUnderTheActiveKey) {
  auto ring = testing::RingK1();
  auto sealed = SealTokens(ring, "row1", {"access", "refresh", "id"});
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->key_id, "k1");
  EXPECT_EQ(*OpenColumn(ring, kSessionsTable, "row1", "refresh_token", sealed->refresh_token),
            "refresh");
  EXPECT_EQ(*crypto::EnvelopeKeyId(sealed->access_token), "k1");
}

TEST(TokenSealingTest, RejectsCiphertextSwappedIntoAnotherRow) {
  auto ring = testing::RingK1();
  auto a = SealTokens(ring, "row-a", {"token-of-a", "r", "i"});
  ASSERT_TRUE(a.ok());
  auto opened = OpenColumn(ring, kSessionsTable, "row-b", "access_token", a->access_token);
  EXPECT_EQ(opened.code(), ErrorCode::kBadRequest);
}

TEST(TokenSealingTest, RejectsCiphertextSwappedIntoAnotherColumn) {
  auto ring = testing::RingK1();
  auto a = SealTokens(ring, "row-a", {"access", "refresh", "id"});
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(OpenColumn(ring, kSessionsTable, "row-a", "access_token", a->refresh_token).ok());
  EXPECT_FALSE(
      OpenColumn(ring, kPendingLoginsTable, "row-a", "access_token", a->access_token).ok());
}

TEST(TokenSealingTest, OldKeyStaysReadableAfterRotation) {
  auto old_ring = testing::RingK1();
  auto sealed = SealColumn(old_ring, kSessionsTable, "r", "access_token", "t");
  ASSERT_TRUE(sealed.ok());
  auto new_ring = testing::RingK1K2ActiveK2();
  EXPECT_EQ(*OpenColumn(new_ring, kSessionsTable, "r", "access_token", *sealed), "t");
  EXPECT_FALSE(
      OpenColumn(testing::RingK2Only(), kSessionsTable, "r", "access_token", *sealed).ok());
}

}  // namespace
}  // namespace portcullis::session_store
