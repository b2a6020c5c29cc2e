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

// Long inputs go through the 32-characters-per-step vector path (when the CPU has AVX2) and its
// scalar tail; every length and offset must agree with the encoder.
TEST(Base64UrlTest, RoundTripsLongInputsThroughTheVectorPath) {
  std::string bytes;
  for (int len = 0; len < 400; ++len) {
    const std::string encoded = Base64UrlEncode(bytes);
    std::string decoded;
    ASSERT_TRUE(Base64UrlDecode(encoded, decoded)) << len;
    ASSERT_EQ(decoded, bytes) << len;
    bytes.push_back(static_cast<char>((len * 73 + 11) ^ (len >> 3)));
  }
}

// Every byte outside the alphabet, at every position of a long input, is rejected - including
// the neighbours of each alphabet range, where an off-by-one in a range compare would show.
TEST(Base64UrlTest, RejectsAnyNonAlphabetByteAtAnyPositionOfALongInput) {
  const std::string valid = Base64UrlEncode(std::string(240, '\x5a'));  // 320 characters
  std::string ok;
  ASSERT_TRUE(Base64UrlDecode(valid, ok));
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (int b = 0; b < 256; ++b) {
    if (alphabet.find(static_cast<char>(b)) != std::string::npos) continue;
    for (size_t pos = 0; pos < valid.size(); pos += (b % 7 == 0 ? 1 : 13)) {
      std::string bad = valid;
      bad[pos] = static_cast<char>(b);
      std::string out;
      ASSERT_FALSE(Base64UrlDecode(bad, out)) << "byte " << b << " at " << pos;
    }
  }
}

TEST(Base64UrlTest, DecodesEveryAlphabetCharacterInEveryLanePosition) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (size_t rotate = 0; rotate < 64; rotate += 5) {
    std::string text;
    for (int r = 0; r < 4; ++r) text += alphabet.substr(rotate) + alphabet.substr(0, rotate);
    std::string decoded;
    ASSERT_TRUE(Base64UrlDecode(text, decoded));
    EXPECT_EQ(Base64UrlEncode(decoded), text) << rotate;
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
