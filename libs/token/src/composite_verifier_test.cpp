#include "portcullis/token/composite_verifier.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace portcullis::token {
namespace {

using testing::At;
using testing::kNow;

class CompositeVerifierTest : public ::testing::Test {
 protected:
  CompositeVerifierTest() {
    chain_.Add(std::make_unique<StaticTokenProvider>(
        "service-tokens", std::vector<StaticTokenProvider::ServiceToken>{
                              {"indexer", "svc-secret-indexer-0123456789"},
                              {"billing", "svc-secret-billing-0123456789"}}));
    chain_.Add(std::make_unique<JwtProvider>(
        "idp-a",
        std::make_shared<Verifier>(std::make_shared<StaticKeySource>(testing::KeySet({&a_})),
                                   Policy("https://a"))));
    chain_.Add(std::make_unique<JwtProvider>(
        "idp-b",
        std::make_shared<Verifier>(std::make_shared<StaticKeySource>(testing::KeySet({&b_})),
                                   Policy("https://b"))));
  }
  static VerifyPolicy Policy(std::string issuer) {
    VerifyPolicy p = testing::TestPolicy();
    p.issuers = {std::move(issuer)};
    return p;
  }
  std::string Token(const Signer& s, std::string_view iss) {
    return *s.Sign("{\"iss\":\"" + std::string(iss) + "\",\"aud\":\"" + testing::kAudience +
                   "\",\"sub\":\"u\",\"exp\":" + std::to_string(kNow + 60) + "}");
  }

  const Signer a_ = testing::SignerFor(Algorithm::kES256, "a");
  const Signer b_ = testing::SignerFor(Algorithm::kEdDSA, "b");
  CompositeVerifier chain_;
};

TEST_F(CompositeVerifierTest, StaticServiceTokenWinsFirst) {
  const CompositeResult r = chain_.Verify("svc-secret-billing-0123456789", At(kNow));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.accepted->provider, "service-tokens");
  EXPECT_EQ(r.accepted->subject, "billing");
  EXPECT_EQ(r.accepted->token, nullptr);
  EXPECT_TRUE(r.declined.empty());
}

TEST_F(CompositeVerifierTest, SaysWhichProviderAcceptedAndWhyEarlierOnesDeclined) {
  const CompositeResult r = chain_.Verify(Token(b_, "https://b"), At(kNow));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.accepted->provider, "idp-b");
  EXPECT_EQ(r.accepted->subject, "u");
  ASSERT_EQ(r.declined.size(), 2u);
  EXPECT_EQ(r.declined[0].provider, "service-tokens");
  EXPECT_EQ(r.declined[0].error.code, TokenErrorCode::kNotRecognized);
  EXPECT_EQ(r.declined[1].provider, "idp-a");
  EXPECT_EQ(r.declined[1].error.code, TokenErrorCode::kUnknownKeyId);
}

TEST_F(CompositeVerifierTest, FirstAcceptingProviderWins) {
  const CompositeResult r = chain_.Verify(Token(a_, "https://a"), At(kNow));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.accepted->provider, "idp-a");
  ASSERT_NE(r.accepted->token, nullptr);
  EXPECT_EQ(r.accepted->token->claims.Issuer(), "https://a");
  EXPECT_EQ(r.declined.size(), 1u);
}

TEST_F(CompositeVerifierTest, RejectsWhenEveryProviderDeclines) {
  const CompositeResult r = chain_.Verify(Token(a_, "https://b"), At(kNow));
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.declined.size(), 3u);
  EXPECT_EQ(r.declined[1].error.code, TokenErrorCode::kBadIssuer);
  EXPECT_EQ(r.declined[2].error.code, TokenErrorCode::kUnknownKeyId);
}

TEST_F(CompositeVerifierTest, StaticTokensMustMatchExactly) {
  for (const char* guess : {"svc-secret-billing-012345678", "svc-secret-billing-01234567890",
                            "SVC-SECRET-BILLING-0123456789", ""}) {
    const CompositeResult r = chain_.Verify(guess, At(kNow));
    EXPECT_FALSE(r.ok()) << guess;
    EXPECT_EQ(r.declined[0].error.code, TokenErrorCode::kNotRecognized);
  }
}

}  // namespace
}  // namespace portcullis::token
