#include "portcullis/crypto/secret_bytes.h"

#include <gtest/gtest.h>

#include <type_traits>

namespace portcullis::crypto {
namespace {

static_assert(!std::is_copy_constructible_v<SecretBytes>, "secrets are never copied implicitly");
static_assert(std::is_nothrow_move_constructible_v<SecretBytes>);

TEST(SecretBytesTest, HoldsACopyOfItsInput) {
  const Bytes data = {1, 2, 3};
  SecretBytes secret(data);
  EXPECT_EQ(Bytes(secret.view().begin(), secret.view().end()), data);
  EXPECT_EQ(SecretBytes(4).view().size(), 4u);
}

TEST(SecretBytesTest, MovedFromSecretIsEmpty) {
  SecretBytes a(AsBytes("secret"));
  SecretBytes b(std::move(a));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the state after a move is specified
  EXPECT_EQ(b.AsStringView(), "secret");
  SecretBytes c(AsBytes("other"));
  c = std::move(b);
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(c.AsStringView(), "secret");
}

}  // namespace
}  // namespace portcullis::crypto
