// JWT-RULES.md §13 (structure), §14 (strict base64url), §15 (strict JSON), §16 (size and depth)
// and §19 (claims content).
#include <gtest/gtest.h>

#include "portcullis/token/verifier.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

using testing::At;
using testing::B64;
using testing::kNow;

class StructureTest : public ::testing::Test {
 protected:
  const Signer signer_ = testing::SignerFor(Algorithm::kES256, "k1");
  const JwkSet keys_ = testing::KeySet({&signer_});
  const std::string token_ = *signer_.Sign(testing::BasicClaims());
  const std::vector<std::string> parts_ = testing::Segments(token_);

  TokenErrorCode Code(const std::string& token) {
    auto r = VerifyJws(token, keys_, testing::TestPolicy(), At(kNow));
    return r.ok() ? static_cast<TokenErrorCode>(-1) : r.code();
  }
  std::string WithClaims(std::string_view claims) {
    return testing::SignRaw(signer_, testing::DefaultHeader(signer_), claims);
  }
  std::string WithHeader(std::string_view header) {
    return testing::SignRaw(signer_, header, testing::BasicClaims());
  }
};

TEST_F(StructureTest, AcceptsTheUntouchedToken) {
  auto r = VerifyJws(token_, keys_, testing::TestPolicy(), At(kNow));
  EXPECT_TRUE(r.ok()) << r.error().ToString();
}

TEST_F(StructureTest, RejectsWrongSegmentCounts) {
  const std::string& h = parts_[0];
  const std::string& p = parts_[1];
  const std::string& s = parts_[2];
  for (const std::string& bad :
       {std::string(""), std::string("."), std::string(".."), std::string("..."), h, h + "." + p,
        h + "." + p + "." + s + ".", h + "." + p + "." + s + "." + s,
        h + "." + p + "." + s + "." + s + "." + s, "." + p + "." + s, h + ".." + s,
        h + "." + p + ".", h + "." + p + "." + s + "\n", "Bearer " + token_, " " + token_,
        token_ + " "}) {
    EXPECT_EQ(Code(bad), TokenErrorCode::kMalformed) << bad;
  }
}

TEST_F(StructureTest, RejectsJwsJsonSerialization) {
  const std::string json = "{\"protected\":\"" + parts_[0] + "\",\"payload\":\"" + parts_[1] +
                           "\",\"signature\":\"" + parts_[2] + "\"}";
  EXPECT_EQ(Code(json), TokenErrorCode::kMalformed);
}

TEST_F(StructureTest, RejectsTruncatedSegments) {
  EXPECT_EQ(Code(parts_[0].substr(0, parts_[0].size() - 1) + "." + parts_[1] + "." + parts_[2]),
            TokenErrorCode::kMalformed);
  EXPECT_EQ(Code(parts_[0] + "." + parts_[1].substr(0, 10) + "." + parts_[2]),
            TokenErrorCode::kMalformed);
  // A truncated but canonical signature decodes; it is simply too short.
  const std::string sig = testing::SignatureOf(token_);
  EXPECT_EQ(Code(testing::WithSignature(token_, sig.substr(0, sig.size() - 3))),
            TokenErrorCode::kBadSignature);
}

TEST_F(StructureTest, RejectsNonStrictBase64UrlInEverySegment) {
  for (int seg = 0; seg < 3; ++seg) {
    for (const std::string& suffix :
         {std::string("="), std::string("=="), std::string(" "), std::string("\n")}) {
      auto parts = parts_;
      parts[seg] += suffix;
      EXPECT_EQ(Code(parts[0] + "." + parts[1] + "." + parts[2]), TokenErrorCode::kMalformed)
          << seg << " '" << suffix << "'";
    }
    auto parts = parts_;
    while (parts[seg].size() % 4 != 1) parts[seg] += "A";  // length = 1 (mod 4)
    EXPECT_EQ(Code(parts[0] + "." + parts[1] + "." + parts[2]), TokenErrorCode::kMalformed);
    parts = parts_;
    parts[seg].insert(4, "+");
    EXPECT_EQ(Code(parts[0] + "." + parts[1] + "." + parts[2]), TokenErrorCode::kMalformed);
    parts = parts_;
    parts[seg].insert(4, "\r\n");
    EXPECT_EQ(Code(parts[0] + "." + parts[1] + "." + parts[2]), TokenErrorCode::kMalformed);
  }
}

TEST_F(StructureTest, RejectsStandardBase64Alphabet) {
  std::string sig = parts_[2];
  for (char& c : sig) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  if (sig != parts_[2]) {
    EXPECT_EQ(Code(parts_[0] + "." + parts_[1] + "." + sig), TokenErrorCode::kMalformed);
  }
  EXPECT_EQ(Code(parts_[0] + "." + parts_[1] + "." + parts_[2].substr(0, 40) + "/" +
                 parts_[2].substr(41)),
            TokenErrorCode::kMalformed);
}

TEST_F(StructureTest, RejectsNonZeroTrailingBitsInTheSignature) {
  // ES256 signatures are 64 bytes: 86 characters whose last one carries 2 unused bits.
  std::string sig = parts_[2];
  ASSERT_EQ(sig.size(), 86u);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const size_t v = alphabet.find(sig.back());
  sig.back() = alphabet[v | 1];
  EXPECT_EQ(Code(parts_[0] + "." + parts_[1] + "." + sig), TokenErrorCode::kMalformed);
}

TEST_F(StructureTest, RejectsNonObjectHeaderOrClaims) {
  EXPECT_EQ(Code(WithHeader("[\"RS256\"]")), TokenErrorCode::kMalformed);
  EXPECT_EQ(Code(WithHeader("\"alg\"")), TokenErrorCode::kMalformed);
  EXPECT_EQ(Code(WithClaims("[]")), TokenErrorCode::kMalformed);
  EXPECT_EQ(Code(WithClaims("42")), TokenErrorCode::kMalformed);
  EXPECT_EQ(Code(WithClaims("")), TokenErrorCode::kMalformed);
}

TEST_F(StructureTest, RejectsNonStrictJsonInHeaderAndClaims) {
  const std::string c = testing::BasicClaims();
  const std::string body = c.substr(1, c.size() - 2);
  for (const std::string& claims : {
           "\xef\xbb\xbf" + c,                       // BOM
           c + "x", c + "{}",                        // trailing garbage
           "{" + body + ",}",                        // trailing comma
           "{" + body + "/*c*/}",                    // comment
           "{" + body + ",\"n\":NaN}",               // NaN
           "{" + body + ",\"n\":012}",               // leading zero
           "{" + body + ",\"sub\":\"dup\"}",         // duplicate member
           "{" + body + ",\"s\\u0075b\":\"dup\"}",   // duplicate after unescaping
           "{" + body + ",\"x\":\"\xc0\xaf\"}",      // overlong UTF-8
           "{" + body + ",\"x\":\"\xed\xa0\x80\"}",  // encoded surrogate
           "{" + body + ",\"x\":\"\\ud800\"}",       // lone surrogate escape
           "{" + body + ",\"x\":\"\xff\"}",          // not UTF-8 at all
       }) {
    EXPECT_EQ(Code(WithClaims(claims)), TokenErrorCode::kMalformed) << claims;
  }
  EXPECT_EQ(Code(WithHeader(R"({"alg":"ES256","kid":"k1","kid":"k2"})")),
            TokenErrorCode::kMalformed);
  EXPECT_EQ(Code(WithHeader(R"({"alg":"ES256","\u0061lg":"ES256","kid":"k1"})")),
            TokenErrorCode::kMalformed);
  EXPECT_EQ(Code(WithHeader("\xef\xbb\xbf{\"alg\":\"ES256\",\"kid\":\"k1\"}")),
            TokenErrorCode::kMalformed);
}

TEST_F(StructureTest, RejectsOversizedTokensBeforeParsing) {
  const std::string huge(1 << 20, 'A');
  auto r = VerifyJws(huge, keys_, testing::TestPolicy(), At(kNow));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), TokenErrorCode::kMalformed);
  EXPECT_NE(r.error().detail.find("exceeds"), std::string::npos);
  // Exactly at the limit is parsed; one byte over is not.
  VerifyPolicy small = testing::TestPolicy();
  small.max_token_bytes = token_.size();
  EXPECT_TRUE(VerifyJws(token_, keys_, small, At(kNow)).ok());
  small.max_token_bytes = token_.size() - 1;
  EXPECT_NE(VerifyJws(token_, keys_, small, At(kNow)).error().detail.find("exceeds"),
            std::string::npos);
}

TEST_F(StructureTest, AcceptsOrdinaryLargeTokens) {
  std::string claims = testing::BasicClaims();
  claims.pop_back();
  claims += ",\"groups\":[";
  for (int i = 0; i < 300; ++i) {
    claims += (i ? ",\"" : "\"") + std::string("0b7d4c3e-9a6f-1d2e-3f4a-") +
              std::to_string(100000000000 + i) + "\"";
  }
  claims += "]}";
  const std::string token = WithClaims(claims);
  ASSERT_GT(token.size(), 14000u);
  auto r = VerifyJws(token, keys_, testing::TestPolicy(), At(kNow));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->claims.Groups().size(), 300u);
}

TEST_F(StructureTest, SurvivesVeryDeepNestingInTheHeader) {
  std::string header = R"({"alg":"ES256","kid":"k1","x":)";
  header += std::string(50000, '[') + std::string(50000, ']') + "}";
  EXPECT_EQ(Code(WithHeader(header)), TokenErrorCode::kMalformed);
  std::string claims = testing::BasicClaims();
  claims.pop_back();
  claims += ",\"x\":" + std::string(50000, '{');
  EXPECT_EQ(Code(WithClaims(claims)), TokenErrorCode::kMalformed);
}

TEST_F(StructureTest, AcceptsRichClaimsContent) {
  std::string claims = testing::BasicClaims();
  claims.pop_back();
  claims +=
      ",\"nested\":{\"a\":[1,{\"b\":[null,true,false,-0.5,1e10]}],\"c\":{}},"
      "\"emoji\":\"\xf0\x9f\x94\x90\",\"rtl\":\"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d "
      "\xd8\xb3\xd9\x84\xd8"
      "\xa7\xd9\x85\",\"float\":3.14159,\"nothing\":null,\"x-unknown\":[\"\\u00e9\",\"\\/\"]}";
  auto r = VerifyJws(WithClaims(claims), keys_, testing::TestPolicy(), At(kNow));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->claims.String("emoji"), "\xf0\x9f\x94\x90");
  ASSERT_TRUE(r->claims.Get("nested"));
  EXPECT_EQ(r->claims.StringArray("x-unknown"), (std::vector<std::string_view>{"\xc3\xa9", "/"}));
}

}  // namespace
}  // namespace portcullis::token
