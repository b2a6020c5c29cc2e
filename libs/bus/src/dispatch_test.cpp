#include "portcullis/bus/dispatch.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "portcullis/proto/login/v1/messages.h"

namespace portcullis::bus {
namespace {

namespace login = proto::login::v1;

RawHandler EchoNonce() {
  return MakeRawHandler<login::TakeRequest, login::TakeReply>(
      [](const login::TakeRequest& r) -> Result<login::TakeReply> {
        if (r.state == "missing") return Error{ErrorCode::kNotFound, "no such login"};
        if (r.state == "throw") throw std::runtime_error("database on fire");
        if (r.state == "throw-int") throw 7;
        login::TakeReply reply;
        reply.nonce = "n-" + r.state;
        return reply;
      });
}

std::string Take(std::string state) {
  login::TakeRequest r;
  r.state = std::move(state);
  return Encode(r);
}

TEST(DispatchTest, ValidRequestGetsTheEncodedReply) {
  DispatchResult r = Dispatch(EchoNonce(), "take", Take("abc"), {});
  ASSERT_FALSE(r.error.has_value());
  Result<login::TakeReply> reply = Decode<login::TakeReply>(r.body);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->nonce, "n-abc");
}

TEST(DispatchTest, HandlerErrorTravelsWithItsCode) {
  DispatchResult r = Dispatch(EchoNonce(), "take", Take("missing"), {});
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->code_header, "not_found");
  EXPECT_EQ(r.cause->code, ErrorCode::kNotFound);
}

TEST(DispatchTest, HandlerExceptionIsInternalWithoutItsMessage) {
  DispatchResult r = Dispatch(EchoNonce(), "take", Take("throw"), {});
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->code_header, "internal");
  EXPECT_EQ(r.error->message_header, "internal error");
}

TEST(DispatchTest, NonStandardExceptionIsInternal) {
  DispatchResult r = Dispatch(EchoNonce(), "take", Take("throw-int"), {});
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.cause->code, ErrorCode::kInternal);
}

TEST(DispatchTest, GarbageIsBadRequest) {
  DispatchResult r = Dispatch(EchoNonce(), "take", "\x93\x01", {});
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.cause->code, ErrorCode::kBadRequest);
}

TEST(DispatchTest, OversizedPayloadIsBadRequest) {
  DecodeLimits limits;
  limits.max_bytes = 8;
  DispatchResult r = Dispatch(EchoNonce(), "take", Take("a-long-state-value"), limits);
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.cause->code, ErrorCode::kBadRequest);
}

}  // namespace
}  // namespace portcullis::bus
