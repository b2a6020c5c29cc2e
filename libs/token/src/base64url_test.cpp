#include "portcullis/token/base64url.h"

#include <gtest/gtest.h>

namespace portcullis::token {
namespace {

bool Decodes(std::string_view in, std::string* out = nullptr) {
  std::string tmp;
  const bool ok = Base64UrlDecode(in, tmp);
  if (out) *out = tmp;
  return ok;
}

TEST(Base64UrlTest, RoundTripsEveryLength) {
  std::string bytes;
  for (int len = 0; len < 70; ++len) {
    const std::string encoded = Base64UrlEncode(bytes);
    EXPECT_EQ(encoded.find_first_of("+/="), std::string::npos);
    std::string decoded;
    ASSERT_TRUE(Base64UrlDecode(encoded, decoded)) << encoded;
    EXPECT_EQ(decoded, bytes);
    bytes.push_back(static_cast<char>(len * 37 + 255));
  }
}

TEST(Base64UrlTest, DecodesKnownVectors) {
  std::string out;
  ASSERT_TRUE(Decodes("Zm9vYmFy", &out));
  EXPECT_EQ(out, "foobar");
  ASSERT_TRUE(Decodes("Zm9vYg", &out));
  EXPECT_EQ(out, "foob");
  ASSERT_TRUE(Decodes("_-8", &out));
  EXPECT_EQ(out, "\xff\xef");
  ASSERT_TRUE(Decodes("", &out));
  EXPECT_EQ(out, "");
}

TEST(Base64UrlTest, RejectsPadding) {
  EXPECT_FALSE(Decodes("Zm9vYg=="));
  EXPECT_FALSE(Decodes("Zm9vYmE="));
  EXPECT_FALSE(Decodes("===="));
}

TEST(Base64UrlTest, RejectsStandardAlphabet) {
  EXPECT_FALSE(Decodes("ab+d"));
  EXPECT_FALSE(Decodes("ab/d"));
}

TEST(Base64UrlTest, RejectsWhitespaceAndLineBreaks) {
  EXPECT_FALSE(Decodes("Zm9v YmFy"));
  EXPECT_FALSE(Decodes("Zm9v\nYmFy"));
  EXPECT_FALSE(Decodes("Zm9vYmFy\r\n"));
  EXPECT_FALSE(Decodes(" Zm9vYmFy"));
  EXPECT_FALSE(Decodes(std::string_view("Zm9v\0YmFy", 9)));
}

TEST(Base64UrlTest, RejectsLengthOneModFour) {
  EXPECT_FALSE(Decodes("A"));
  EXPECT_FALSE(Decodes("Zm9vY"));
}

TEST(Base64UrlTest, RejectsNonZeroTrailingBits) {
  // "Zg" is canonical for "f"; "Zh" decodes to the same byte with a stray low bit set.
  EXPECT_TRUE(Decodes("Zg"));
  EXPECT_FALSE(Decodes("Zh"));
  EXPECT_TRUE(Decodes("Zm8"));
  EXPECT_FALSE(Decodes("Zm9"));
}

TEST(Base64UrlTest, RejectsHighBytes) {
  EXPECT_FALSE(Decodes("Zm9v\xc3\xa9"));
  EXPECT_FALSE(Decodes("\x80\x80\x80\x80"));
}

}  // namespace
}  // namespace portcullis::token
