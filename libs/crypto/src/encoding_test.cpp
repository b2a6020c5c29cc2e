#include "portcullis/crypto/encoding.h"

#include <gtest/gtest.h>

namespace portcullis::crypto {
namespace {

// RFC 4648 §10 vectors, base64url without padding.
TEST(EncodingTest, Base64UrlEncodesRfc4648Vectors) {
  EXPECT_EQ(Base64UrlEncode(AsBytes("")), "");
  EXPECT_EQ(Base64UrlEncode(AsBytes("f")), "Zg");
  EXPECT_EQ(Base64UrlEncode(AsBytes("fo")), "Zm8");
  EXPECT_EQ(Base64UrlEncode(AsBytes("foo")), "Zm9v");
  EXPECT_EQ(Base64UrlEncode(AsBytes("foobar")), "Zm9vYmFy");
  const Bytes high = {0xfb, 0xff, 0xfe};
  EXPECT_EQ(Base64UrlEncode(high), "-__-");
}

// RFC 4648 §10 vectors, standard alphabet with padding.
TEST(EncodingTest, Base64EncodesRfc4648VectorsWithPadding) {
  EXPECT_EQ(Base64Encode(AsBytes("")), "");
  EXPECT_EQ(Base64Encode(AsBytes("f")), "Zg==");
  EXPECT_EQ(Base64Encode(AsBytes("fo")), "Zm8=");
  EXPECT_EQ(Base64Encode(AsBytes("foo")), "Zm9v");
  EXPECT_EQ(Base64Encode(AsBytes("foob")), "Zm9vYg==");
  EXPECT_EQ(Base64Encode(AsBytes("fooba")), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode(AsBytes("foobar")), "Zm9vYmFy");
  const Bytes high = {0xfb, 0xff, 0xfe};
  EXPECT_EQ(Base64Encode(high), "+//+");
}

TEST(EncodingTest, Base64UrlDecodeInvertsEncodeForEveryLength) {
  Bytes data;
  for (int i = 0; i < 70; ++i) {
    std::optional<Bytes> back = Base64UrlDecode(Base64UrlEncode(data));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, data);
    data.push_back(static_cast<uint8_t>(i * 37 + 11));
  }
}

TEST(EncodingTest, Base64UrlDecodeRejectsPaddingStandardAlphabetAndWhitespace) {
  EXPECT_EQ(Base64UrlDecode("Zg=="), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("+/+/"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm9 v"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm9vY"), std::nullopt);  // 4k+1 characters
}

TEST(EncodingTest, Base64UrlDecodeRejectsNonCanonicalTrailingBits) {
  EXPECT_TRUE(Base64UrlDecode("Zg").has_value());
  EXPECT_EQ(Base64UrlDecode("Zh"), std::nullopt);  // same byte 'f', unused bits set
}

TEST(EncodingTest, HexRoundTripsAndRejectsBadInput) {
  const Bytes data = {0x00, 0x7f, 0xab, 0xff};
  EXPECT_EQ(HexEncode(data), "007fabff");
  EXPECT_EQ(HexDecode("007FABff"), data);
  EXPECT_EQ(HexDecode("abc"), std::nullopt);
  EXPECT_EQ(HexDecode("zz"), std::nullopt);
}

}  // namespace
}  // namespace portcullis::crypto
