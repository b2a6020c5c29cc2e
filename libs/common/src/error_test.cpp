#include "portcullis/common/error.h"

#include <gtest/gtest.h>

namespace portcullis {
namespace {

TEST(ErrorCodeTest, EveryCodeRoundTripsThroughItsWireName) {
  for (ErrorCode c : {ErrorCode::kBadRequest, ErrorCode::kNotFound, ErrorCode::kUnauthorized,
                      ErrorCode::kForbidden, ErrorCode::kConflict, ErrorCode::kUnavailable,
                      ErrorCode::kUpstreamError, ErrorCode::kInternal}) {
    auto parsed = ParseErrorCode(ToString(c));
    ASSERT_TRUE(parsed.has_value()) << ToString(c);
    EXPECT_EQ(*parsed, c);
  }
}

TEST(ErrorCodeTest, UnknownWireNameIsRejected) {
  EXPECT_FALSE(ParseErrorCode("Bad_Request").has_value());
  EXPECT_FALSE(ParseErrorCode("").has_value());
  EXPECT_FALSE(ParseErrorCode("teapot").has_value());
}

TEST(ErrorCodeTest, MapsToHttpStatuses) {
  EXPECT_EQ(HttpStatusFor(ErrorCode::kBadRequest), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnauthorized), 401);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kForbidden), 403);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUpstreamError), 502);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503);
}

TEST(ErrorTest, ToStringJoinsCodeAndDetail) {
  EXPECT_EQ((Error{ErrorCode::kNotFound, "session"}).ToString(), "not_found: session");
  EXPECT_EQ((Error{ErrorCode::kConflict, ""}).ToString(), "conflict");
}

}  // namespace
}  // namespace portcullis
