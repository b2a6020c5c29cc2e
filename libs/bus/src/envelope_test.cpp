#include "portcullis/bus/envelope.h"

#include <gtest/gtest.h>

#include "portcullis/bus/codec.h"
#include "portcullis/proto/errors.h"

namespace portcullis::bus {
namespace {

TEST(EnvelopeTest, CarriesTheWireCodeInHeaderAndBody) {
  ErrorEnvelope e = MakeErrorEnvelope(Error{ErrorCode::kNotFound, "session expired"});
  EXPECT_EQ(e.code_header, "not_found");
  EXPECT_EQ(e.message_header, "session expired");
  Result<proto::ErrorBody> body = Decode<proto::ErrorBody>(e.body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->v, 1);
  EXPECT_EQ(body->code, "not_found");
  EXPECT_EQ(body->message, "session expired");
}

TEST(EnvelopeTest, HeaderMessageStaysOnOneLine) {
  ErrorEnvelope e = MakeErrorEnvelope(Error{ErrorCode::kInternal, "a\r\nInjected: header"});
  EXPECT_EQ(e.message_header.find('\n'), std::string::npos);
  EXPECT_EQ(e.message_header.find('\r'), std::string::npos);
}

TEST(EnvelopeTest, EveryCodeRoundTrips) {
  for (ErrorCode code : proto::kErrorCodes) {
    ErrorEnvelope e = MakeErrorEnvelope(Error{code, "d"});
    std::optional<Error> back = ErrorFromReply(e.code_header, e.message_header, e.body);
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(back->code, code);
    EXPECT_EQ(back->detail, "d");
  }
}

TEST(EnvelopeTest, ReplyWithoutCodeHeaderIsSuccess) {
  EXPECT_FALSE(ErrorFromReply(std::nullopt, std::nullopt, "anything").has_value());
}

TEST(EnvelopeTest, UnknownCodeIsUpstreamError) {
  std::optional<Error> e = ErrorFromReply("500", "boom", "");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, ErrorCode::kUpstreamError);
  EXPECT_NE(e->detail.find("'500'"), std::string::npos);
}

TEST(EnvelopeTest, GarbageBodyFallsBackToTheHeaderMessage) {
  std::optional<Error> e = ErrorFromReply("forbidden", "not yours", "\xc1\xc1");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, ErrorCode::kForbidden);
  EXPECT_EQ(e->detail, "not yours");
}

}  // namespace
}  // namespace portcullis::bus
