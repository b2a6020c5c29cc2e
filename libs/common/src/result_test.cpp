#include "portcullis/common/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace portcullis {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return Error{ErrorCode::kBadRequest, "odd"};
  return x / 2;
}

TEST(ResultTest, CarriesValueOrError) {
  auto ok = Half(4);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 2);
  auto bad = Half(3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.code(), ErrorCode::kBadRequest);
  EXPECT_EQ(bad.error().detail, "odd");
  EXPECT_EQ(bad.value_or(-1), -1);
}

TEST(ResultTest, HoldsMoveOnlyValues) {
  Result<std::unique_ptr<std::string>> r(std::make_unique<std::string>("x"));
  ASSERT_TRUE(r.ok());
  std::unique_ptr<std::string> taken = std::move(r).value();
  EXPECT_EQ(*taken, "x");
}

TEST(StatusTest, DefaultIsOkAndErrorIsNot) {
  EXPECT_TRUE(OkStatus().ok());
  Status s(ErrorCode::kUnavailable, "down");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace portcullis
