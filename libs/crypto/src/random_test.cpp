#include "portcullis/crypto/random.h"

#include <gtest/gtest.h>

#include <set>

#include "portcullis/crypto/encoding.h"

namespace portcullis::crypto {
namespace {

TEST(RandomTest, RandomIdCarries256BitsAsBase64Url) {
  Result<std::string> id = RandomId();
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  EXPECT_EQ(id->size(), 43u);
  std::optional<Bytes> raw = Base64UrlDecode(*id);
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(raw->size(), 32u);
}

TEST(RandomTest, RandomIdsDoNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    Result<std::string> id = RandomId();
    ASSERT_TRUE(id.ok());
    EXPECT_TRUE(seen.insert(*id).second);
  }
}

TEST(RandomTest, RandomBytesHasRequestedSizeAndIsNotConstant) {
  Result<Bytes> a = RandomBytes(64);
  Result<Bytes> b = RandomBytes(64);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 64u);
  EXPECT_NE(*a, *b);
  EXPECT_NE(*a, Bytes(64, 0));
}

}  // namespace
}  // namespace portcullis::crypto
