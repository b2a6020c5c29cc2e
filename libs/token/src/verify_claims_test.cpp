// JWT-RULES.md §2 (exp/nbf/iat boundaries), §3 (NumericDate forms), §4 (issuer), §5 (audience).
#include <gtest/gtest.h>

#include "portcullis/token/verifier.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

using testing::At;
using testing::kNow;

class ClaimsTest : public ::testing::Test {
 protected:
  const Signer signer_ = testing::SignerFor(Algorithm::kHS256, "k1");
  const JwkSet keys_ = testing::KeySet({&signer_});

  // Claims = {iss, aud} + `extra` members.
  TokenErrorCode Code(std::string_view extra, int64_t now = kNow, int leeway = 0,
                      VerifyPolicy policy = testing::TestPolicy()) {
    std::string claims =
        std::string("{\"iss\":\"") + testing::kIssuer + "\",\"aud\":\"" + testing::kAudience + "\"";
    if (!extra.empty()) claims += "," + std::string(extra);
    claims += "}";
    policy.leeway = std::chrono::seconds(leeway);
    auto r = VerifyJws(*signer_.Sign(claims), keys_, policy, At(now));
    return r.ok() ? kValid : r.code();
  }
  static constexpr auto kValid = static_cast<TokenErrorCode>(-1);
  static std::string Exp(int64_t v) { return "\"exp\":" + std::to_string(v); }
};

TEST_F(ClaimsTest, RequiresExp) {
  EXPECT_EQ(Code(""), TokenErrorCode::kMissingClaim);
  EXPECT_EQ(Code("\"nbf\":" + std::to_string(kNow - 10)), TokenErrorCode::kMissingClaim);
}

TEST_F(ClaimsTest, ExpBoundaryIsStrictWithoutLeeway) {
  EXPECT_EQ(Code(Exp(kNow + 1)), kValid);
  EXPECT_EQ(Code(Exp(kNow)), TokenErrorCode::kExpired);  // now < exp is required
  EXPECT_EQ(Code(Exp(kNow - 1)), TokenErrorCode::kExpired);
}

TEST_F(ClaimsTest, ExpBoundaryWithLeeway) {
  EXPECT_EQ(Code(Exp(kNow - 299), kNow, 300), kValid);
  EXPECT_EQ(Code(Exp(kNow - 300), kNow, 300), TokenErrorCode::kExpired);
  EXPECT_EQ(Code(Exp(kNow - 301), kNow, 300), TokenErrorCode::kExpired);
}

TEST_F(ClaimsTest, NbfBoundaryIsInclusive) {
  const std::string exp = Exp(kNow + 3600) + ",";
  EXPECT_EQ(Code(exp + "\"nbf\":" + std::to_string(kNow - 1)), kValid);
  EXPECT_EQ(Code(exp + "\"nbf\":" + std::to_string(kNow)), kValid);
  EXPECT_EQ(Code(exp + "\"nbf\":" + std::to_string(kNow + 1)), TokenErrorCode::kNotYetValid);
  EXPECT_EQ(Code(exp + "\"nbf\":" + std::to_string(kNow + 59), kNow, 60), kValid);
  EXPECT_EQ(Code(exp + "\"nbf\":" + std::to_string(kNow + 60), kNow, 60), kValid);
  EXPECT_EQ(Code(exp + "\"nbf\":" + std::to_string(kNow + 61), kNow, 60),
            TokenErrorCode::kNotYetValid);
}

TEST_F(ClaimsTest, IatBoundaryIsInclusive) {
  const std::string exp = Exp(kNow + 3600) + ",";
  EXPECT_EQ(Code(exp + "\"iat\":" + std::to_string(kNow - 1)), kValid);
  EXPECT_EQ(Code(exp + "\"iat\":" + std::to_string(kNow)), kValid);
  EXPECT_EQ(Code(exp + "\"iat\":" + std::to_string(kNow + 1)), TokenErrorCode::kIssuedInFuture);
  EXPECT_EQ(Code(exp + "\"iat\":" + std::to_string(kNow + 60), kNow, 60), kValid);
  EXPECT_EQ(Code(exp + "\"iat\":" + std::to_string(kNow + 61), kNow, 60),
            TokenErrorCode::kIssuedInFuture);
}

TEST_F(ClaimsTest, AcceptsEveryNumericDateForm) {
  EXPECT_EQ(Code("\"exp\":" + std::to_string(kNow) + ".5"), kValid);
  EXPECT_EQ(Code("\"exp\":" + std::to_string(kNow) + ".0"), TokenErrorCode::kExpired);
  EXPECT_EQ(Code("\"exp\":1.7672256005e9"), kValid);
  EXPECT_EQ(Code("\"exp\":17672256E-1"), TokenErrorCode::kExpired);
  EXPECT_EQ(Code("\"exp\":1e300"), kValid);
  EXPECT_EQ(Code("\"exp\":1e400"), kValid);  // beyond double: +inf, still "later than now"
  EXPECT_EQ(Code("\"exp\":-1e300"), TokenErrorCode::kExpired);
  EXPECT_EQ(Code("\"exp\":1e300,\"nbf\":1e300"), TokenErrorCode::kNotYetValid);
  EXPECT_EQ(Code("\"exp\":1e300,\"nbf\":-1e300,\"iat\":0"), kValid);
  EXPECT_EQ(Code("\"exp\":1e300,\"iat\":1e300"), TokenErrorCode::kIssuedInFuture);
  EXPECT_EQ(Code("\"exp\":9223372036854775808"), kValid);  // 2^63, one past int64
  // A fractional nbf half a second in the future is not yet valid.
  EXPECT_EQ(Code(Exp(kNow + 60) + ",\"nbf\":" + std::to_string(kNow) + ".5"),
            TokenErrorCode::kNotYetValid);
}

TEST_F(ClaimsTest, RejectsNonNumericDates) {
  for (const char* v : {"\"1767229200\"", "null", "true", "[1767229200]", "{}"}) {
    EXPECT_EQ(Code(std::string("\"exp\":") + v), TokenErrorCode::kInvalidClaim) << v;
    EXPECT_EQ(Code(Exp(kNow + 60) + ",\"nbf\":" + v), TokenErrorCode::kInvalidClaim) << v;
    EXPECT_EQ(Code(Exp(kNow + 60) + ",\"iat\":" + v), TokenErrorCode::kInvalidClaim) << v;
  }
}

TEST_F(ClaimsTest, MaxAgeNeedsARecentIat) {
  VerifyPolicy p = testing::TestPolicy();
  p.max_age = std::chrono::seconds(600);
  const std::string exp = Exp(kNow + 60);
  EXPECT_EQ(Code(exp, kNow, 0, p), TokenErrorCode::kMissingClaim);
  EXPECT_EQ(Code(exp + ",\"iat\":" + std::to_string(kNow - 600), kNow, 0, p), kValid);
  EXPECT_EQ(Code(exp + ",\"iat\":" + std::to_string(kNow - 601), kNow, 0, p),
            TokenErrorCode::kTooOld);
}

TEST_F(ClaimsTest, RequiredClaimsMustBePresent) {
  VerifyPolicy p = testing::TestPolicy();
  p.required_claims = {"sub", "jti"};
  EXPECT_EQ(Code(Exp(kNow + 60) + ",\"sub\":\"a\"", kNow, 0, p), TokenErrorCode::kMissingClaim);
  EXPECT_EQ(Code(Exp(kNow + 60) + ",\"sub\":\"a\",\"jti\":null", kNow, 0, p),
            TokenErrorCode::kMissingClaim);
  EXPECT_EQ(Code(Exp(kNow + 60) + ",\"sub\":\"a\",\"jti\":\"j\"", kNow, 0, p), kValid);
}

class IssuerTest : public ClaimsTest {
 protected:
  TokenErrorCode Iss(std::string_view iss_json, std::vector<std::string> issuers,
                     std::string_view extra = "") {
    const std::string claims = "{\"iss\":" + std::string(iss_json) + ",\"aud\":\"" +
                               testing::kAudience + "\"," + Exp(kNow + 60) +
                               (extra.empty() ? "" : ",") + std::string(extra) + "}";
    VerifyPolicy p = testing::TestPolicy();
    p.issuers = std::move(issuers);
    auto r = VerifyJws(*signer_.Sign(claims), keys_, p, At(kNow));
    return r.ok() ? kValid : r.code();
  }
};

TEST_F(IssuerTest, MatchesExactly) {
  const std::vector<std::string> iss = {"https://issuer.example"};
  EXPECT_EQ(Iss("\"https://issuer.example\"", iss), kValid);
  EXPECT_EQ(Iss("\"https://issuer.example/\"", iss), TokenErrorCode::kBadIssuer);
  EXPECT_EQ(Iss("\"https://issuer.example/x\"", iss), TokenErrorCode::kBadIssuer);
  EXPECT_EQ(Iss("\"https://issuer.exampl\"", iss), TokenErrorCode::kBadIssuer);
  EXPECT_EQ(Iss("\"HTTPS://issuer.example\"", iss), TokenErrorCode::kBadIssuer);
  EXPECT_EQ(Iss("\"\"", iss), TokenErrorCode::kBadIssuer);
  EXPECT_EQ(Iss("[\"https://issuer.example\"]", iss), TokenErrorCode::kBadIssuer);
  EXPECT_EQ(Iss("null", iss), TokenErrorCode::kBadIssuer);
  EXPECT_EQ(Iss("\"https://issuer.example\\u0000.evil\"", iss), TokenErrorCode::kBadIssuer);
  EXPECT_EQ(Iss("\"https:\\/\\/issuer.example\"", iss), kValid);  // escapes decoded first
  EXPECT_EQ(Iss("\"https://other\"", {"https://other", "https://issuer.example"}), kValid);
  EXPECT_EQ(Iss("\"https://issuer.example\"", {}), TokenErrorCode::kBadIssuer);
}

TEST_F(IssuerTest, RequiresIss) {
  const std::string claims =
      std::string("{\"aud\":\"") + testing::kAudience + "\"," + Exp(kNow + 60) + "}";
  auto r = VerifyJws(*signer_.Sign(claims), keys_, testing::TestPolicy(), At(kNow));
  EXPECT_EQ(r.code(), TokenErrorCode::kMissingClaim);
}

class AudienceTest : public ClaimsTest {
 protected:
  TokenErrorCode Aud(std::string_view aud_json, std::vector<std::string> audiences) {
    std::string claims = std::string("{\"iss\":\"") + testing::kIssuer + "\"," + Exp(kNow + 60);
    if (!aud_json.empty()) claims += ",\"aud\":" + std::string(aud_json);
    claims += "}";
    VerifyPolicy p = testing::TestPolicy();
    p.audiences = std::move(audiences);
    auto r = VerifyJws(*signer_.Sign(claims), keys_, p, At(kNow));
    return r.ok() ? kValid : r.code();
  }
};

TEST_F(AudienceTest, AcceptsAStringOrAnArrayContainingAConfiguredAudience) {
  EXPECT_EQ(Aud("\"a\"", {"a"}), kValid);
  EXPECT_EQ(Aud("\"b\"", {"a", "b"}), kValid);
  EXPECT_EQ(Aud("[\"x\",\"b\"]", {"a", "b"}), kValid);
  EXPECT_EQ(Aud("[\"a\"]", {"a"}), kValid);
}

TEST_F(AudienceTest, RejectsMissingEmptyNullOrWrongAudiences) {
  EXPECT_EQ(Aud("", {"a"}), TokenErrorCode::kMissingClaim);
  EXPECT_EQ(Aud("\"\"", {"a"}), TokenErrorCode::kBadAudience);
  EXPECT_EQ(Aud("[]", {"a"}), TokenErrorCode::kBadAudience);
  EXPECT_EQ(Aud("null", {"a"}), TokenErrorCode::kBadAudience);
  EXPECT_EQ(Aud("\"A\"", {"a"}), TokenErrorCode::kBadAudience);
  EXPECT_EQ(Aud("[\"x\",\"y\"]", {"a"}), TokenErrorCode::kBadAudience);
  EXPECT_EQ(Aud("[[\"a\"]]", {"a"}), TokenErrorCode::kBadAudience);
  EXPECT_EQ(Aud("{\"a\":1}", {"a"}), TokenErrorCode::kBadAudience);
  EXPECT_EQ(Aud("\"a\\u0000b\"", {"a"}), TokenErrorCode::kBadAudience);
  EXPECT_EQ(Aud("\"a\"", {}), TokenErrorCode::kBadAudience);
}

}  // namespace
}  // namespace portcullis::token
