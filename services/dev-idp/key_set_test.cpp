#include "key_set.h"

#include <gtest/gtest.h>

#include "portcullis/common/testing/fake_clock.h"
#include "testing/fake_signing_key.h"

namespace portcullis::dev_idp {
namespace {

struct Keys {
  portcullis::testing::FakeClock clock;
  testing::FakeSigningKeyFactory factory;
  KeySet set{clock, factory.Generate().value(), factory};
};

std::vector<std::string> Kids(const nlohmann::json& jwks) {
  std::vector<std::string> kids;
  for (const auto& k : jwks["keys"]) kids.push_back(k["kid"]);
  return kids;
}

TEST(KeySetTest, SignsWithTheCurrentKeyAndVerifies) {
  Keys k;
  std::string jwt = k.set.Sign({{"sub", "x"}}).value();
  Result<nlohmann::json> claims = k.set.Verify(jwt);
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ((*claims)["sub"], "x");
}

TEST(KeySetTest, RotationKeepsTheOldKeyPublishedForTheGracePeriod) {
  Keys k;
  std::string old_token = k.set.Sign({{"sub", "x"}}).value();
  ASSERT_EQ(k.set.Rotate(std::chrono::minutes(10)).value(), "fake-2");
  EXPECT_EQ(Kids(k.set.Jwks()), (std::vector<std::string>{"fake-2", "fake-1"}));
  EXPECT_TRUE(k.set.Verify(old_token).ok());
  k.clock.Advance(std::chrono::minutes(10));
  EXPECT_EQ(Kids(k.set.Jwks()), (std::vector<std::string>{"fake-2"}));
  EXPECT_EQ(k.set.Verify(old_token).code(), ErrorCode::kUnauthorized);
}

TEST(KeySetTest, RotationWithoutGraceDropsTheOldKeyAtOnce) {
  Keys k;
  std::string old_token = k.set.Sign({{"sub", "x"}}).value();
  ASSERT_TRUE(k.set.Rotate(std::nullopt).ok());
  EXPECT_EQ(Kids(k.set.Jwks()), (std::vector<std::string>{"fake-2"}));
  EXPECT_EQ(k.set.Verify(old_token).code(), ErrorCode::kUnauthorized);
  EXPECT_TRUE(k.set.Verify(k.set.Sign({{"sub", "y"}}).value()).ok());
}

TEST(KeySetTest, RejectsATokenWithoutAKid) {
  Keys k;
  EXPECT_EQ(k.set.Verify("eyJhbGciOiJSUzI1NiJ9.e30.c2ln").code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(k.set.Verify("garbage").code(), ErrorCode::kUnauthorized);
}

}  // namespace
}  // namespace portcullis::dev_idp
