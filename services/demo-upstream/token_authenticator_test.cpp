// The authenticator over the real libs/token chain: each defence has a token that only it stops.
#include "token_authenticator.h"

#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include "portcullis/common/testing/fake_clock.h"
#include "portcullis/token/jwks.h"
#include "portcullis/token/key_source.h"
#include "portcullis/token/signer.h"
#include "portcullis/token/verifier.h"

namespace portcullis::demo_upstream {
namespace {

constexpr const char* kIssuer = "http://127.0.0.1:9400/tenant/v2.0";
constexpr int64_t kNow = 1800000000;

class TokenAuthenticatorTest : public ::testing::Test {
 protected:
  TokenAuthenticatorTest() {
    std::shared_ptr<EVP_PKEY> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    signer_ = std::make_unique<token::Signer>(*token::Signer::FromKey(key));
    auto set = token::JwkSet::Parse(signer_->PublicJwksJson());
    token::VerifyPolicy policy;
    policy.issuers = {kIssuer};
    policy.audiences = {"portcullis-gateway", "api://portcullis-gateway"};
    chain_.Add(std::make_unique<token::StaticTokenProvider>(
        "service-tokens", std::vector<token::StaticTokenProvider::ServiceToken>{
                              {"demo-service", "s3rvice-token-value"}}));
    chain_.Add(std::make_unique<token::JwtProvider>(
        "issuer", std::make_shared<const token::Verifier>(
                      std::make_shared<token::StaticKeySource>(std::move(*set)), policy)));
  }

  std::string Token(const std::string& aud, int64_t exp = kNow + 600,
                    const std::string& iss = kIssuer) {
    return *signer_->Sign(R"({"iss":")" + iss + R"(","aud":")" + aud +
                          R"(","sub":"alice-sub","oid":"o1","exp":)" + std::to_string(exp) + "}");
  }

  testing::FakeClock clock_{FromUnixSeconds(kNow)};
  std::unique_ptr<token::Signer> signer_;
  token::CompositeVerifier chain_;
  CompositeBearerAuthenticator auth_{chain_, clock_};
};

TEST_F(TokenAuthenticatorTest, AcceptsTheGatewayAudienceInBothForms) {
  for (const char* aud : {"portcullis-gateway", "api://portcullis-gateway"}) {
    Result<Principal> p = auth_.Authenticate(Token(aud));
    ASSERT_TRUE(p.ok()) << p.error().ToString();
    EXPECT_EQ(p->provider, "issuer");
    EXPECT_EQ(p->subject, "alice-sub");
    EXPECT_NE(p->claims_json.find("\"oid\":\"o1\""), std::string::npos);
  }
}

TEST_F(TokenAuthenticatorTest, RejectsWrongAudience) {
  Result<Principal> p = auth_.Authenticate(Token("portcullis-downstream"));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kUnauthorized);
  EXPECT_NE(p.error().detail.find("bad_audience"), std::string::npos) << p.error().detail;
}

TEST_F(TokenAuthenticatorTest, RejectsExpiredToken) {
  Result<Principal> p = auth_.Authenticate(Token("portcullis-gateway", kNow - 1));
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().detail.find("expired"), std::string::npos) << p.error().detail;
}

TEST_F(TokenAuthenticatorTest, RejectsOtherIssuer) {
  Result<Principal> p =
      auth_.Authenticate(Token("portcullis-gateway", kNow + 600, "http://evil.example/v2.0"));
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().detail.find("bad_issuer"), std::string::npos) << p.error().detail;
}

TEST_F(TokenAuthenticatorTest, RejectsAlgNone) {
  const std::string good = Token("portcullis-gateway");
  const std::string payload = good.substr(good.find('.') + 1, good.rfind('.') - good.find('.') - 1);
  // {"alg":"none","typ":"JWT"}
  Result<Principal> p = auth_.Authenticate("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + payload + ".");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kUnauthorized);
}

TEST_F(TokenAuthenticatorTest, AcceptsTheStaticServiceTokenOnly) {
  Result<Principal> p = auth_.Authenticate("s3rvice-token-value");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->provider, "service-tokens");
  EXPECT_EQ(p->subject, "demo-service");
  EXPECT_EQ(p->claims_json, "{}");
  EXPECT_FALSE(auth_.Authenticate("s3rvice-token-valuf").ok());
}

}  // namespace
}  // namespace portcullis::demo_upstream
