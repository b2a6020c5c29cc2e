#include "code_store.h"

#include <gtest/gtest.h>

#include "portcullis/common/testing/fake_clock.h"

namespace portcullis::dev_idp {
namespace {

TEST(CodeStoreTest, ACodeRedeemsOnceThenReportsReuseWithItsFamilies) {
  portcullis::testing::FakeClock clock;
  CodeStore codes(clock);
  std::string code = codes.Issue({.client_id = "c"}, std::chrono::seconds(60)).value();
  CodeStore::Redemption first = codes.Redeem(code);
  ASSERT_EQ(first.outcome, CodeStore::Outcome::kOk);
  EXPECT_EQ(first.grant.client_id, "c");
  codes.LinkFamily(code, "fam-1");
  CodeStore::Redemption second = codes.Redeem(code);
  EXPECT_EQ(second.outcome, CodeStore::Outcome::kReused);
  EXPECT_EQ(second.families, std::vector<std::string>{"fam-1"});
}

TEST(CodeStoreTest, AnExpiredCodeDoesNotRedeem) {
  portcullis::testing::FakeClock clock;
  CodeStore codes(clock);
  std::string code = codes.Issue({}, std::chrono::seconds(60)).value();
  clock.Advance(std::chrono::seconds(60));
  EXPECT_EQ(codes.Redeem(code).outcome, CodeStore::Outcome::kExpired);
}

TEST(CodeStoreTest, AnUnknownCodeDoesNotRedeem) {
  portcullis::testing::FakeClock clock;
  CodeStore codes(clock);
  EXPECT_EQ(codes.Redeem("nope").outcome, CodeStore::Outcome::kUnknown);
}

TEST(CodeStoreTest, ReuseIsRecognisedUntilTheMemoryWindowEnds) {
  portcullis::testing::FakeClock clock;
  CodeStore codes(clock);
  std::string code = codes.Issue({}, std::chrono::seconds(60)).value();
  ASSERT_EQ(codes.Redeem(code).outcome, CodeStore::Outcome::kOk);
  clock.Advance(std::chrono::minutes(5));
  EXPECT_EQ(codes.Redeem(code).outcome, CodeStore::Outcome::kReused);
  clock.Advance(CodeStore::kReuseMemory + std::chrono::minutes(1));
  (void)codes.Issue({}, std::chrono::seconds(60));  // purges
  EXPECT_EQ(codes.Redeem(code).outcome, CodeStore::Outcome::kUnknown);
}

}  // namespace
}  // namespace portcullis::dev_idp
