#include "portcullis/bus/codec.h"

#include <gtest/gtest.h>

#include <string>

#include "portcullis/proto/rbac/v1/messages.h"
#include "portcullis/proto/session/v1/messages.h"

namespace portcullis::bus {
namespace {

namespace session = proto::session::v1;
namespace rbac = proto::rbac::v1;

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

TEST(CodecTest, RoundTripsARequestWithItsVersion) {
  rbac::CheckRequest req;
  req.principal.subject = "u1";
  req.principal.groups = {"g1", "g2"};
  req.permission = "tools.invoke";
  req.resource = proto::ResourceRef{"tool", "search", "Web search"};
  Result<rbac::CheckRequest> back = Decode<rbac::CheckRequest>(Encode(req));
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(back->v, 1);
  EXPECT_EQ(back->principal.groups, req.principal.groups);
  ASSERT_TRUE(back->resource.has_value());
  EXPECT_EQ(back->resource->id, "search");
}

TEST(CodecTest, IgnoresUnknownFieldsAndDefaultsMissingOnes) {
  msgpack::sbuffer sb;
  msgpack::packer<msgpack::sbuffer> pk(sb);
  pk.pack_map(3);
  pk.pack(std::string("v"));
  pk.pack(2);
  pk.pack(std::string("session_id"));
  pk.pack(std::string("s1"));
  pk.pack(std::string("added_in_v1_5"));
  pk.pack(true);
  Result<session::AccessTokenRequest> r =
      Decode<session::AccessTokenRequest>(std::string_view(sb.data(), sb.size()));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->v, 2);
  EXPECT_EQ(r->session_id, "s1");
  EXPECT_EQ(r->min_remaining_s, 300);  // the v1 default: five minutes
}

TEST(CodecTest, TruncatedInputIsBadRequest) {
  session::GetRequest req;
  req.session_id = "abcdef";
  std::string bytes = Encode(req);
  bytes.resize(bytes.size() - 3);
  Result<session::GetRequest> r = Decode<session::GetRequest>(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kBadRequest);
  EXPECT_EQ(r.error().detail, "truncated msgpack");
}

TEST(CodecTest, WrongFieldTypeIsBadRequest) {
  msgpack::sbuffer sb;
  msgpack::packer<msgpack::sbuffer> pk(sb);
  pk.pack_map(1);
  pk.pack(std::string("session_id"));
  pk.pack(42);
  Result<session::GetRequest> r =
      Decode<session::GetRequest>(std::string_view(sb.data(), sb.size()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kBadRequest);
}

TEST(CodecTest, NonMapTopLevelIsBadRequest) {
  msgpack::sbuffer sb;
  msgpack::pack(sb, std::vector<int>{1, 2, 3});
  Result<session::GetRequest> r =
      Decode<session::GetRequest>(std::string_view(sb.data(), sb.size()));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kBadRequest);
  EXPECT_EQ(r.error().detail, "payload is not a msgpack map");
}

TEST(CodecTest, MapHeaderClaimingFiftyMebipairsIsRejectedWithoutAllocating) {
  // map32 with 50 Mi pairs and nothing behind it.
  std::string bytes = Bytes({0xdf, 0x03, 0x20, 0x00, 0x00});
  Result<session::GetRequest> r = Decode<session::GetRequest>(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kBadRequest);
  EXPECT_NE(r.error().detail.find("limit exceeded"), std::string::npos) << r.error().detail;
}

TEST(CodecTest, DeepNestingIsBadRequest) {
  std::string bytes;
  for (int i = 0; i < 100000; ++i) bytes.push_back(static_cast<char>(0x91));  // fixarray(1)
  bytes.push_back(static_cast<char>(0xc0));
  Result<session::GetRequest> r = Decode<session::GetRequest>(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kBadRequest);
  EXPECT_NE(r.error().detail.find("limit exceeded"), std::string::npos) << r.error().detail;
}

TEST(CodecTest, OversizedPayloadIsBadRequestBeforeParsing) {
  DecodeLimits limits;
  limits.max_bytes = 16;
  session::GetRequest req;
  req.session_id = std::string(64, 'x');
  Result<session::GetRequest> r = Decode<session::GetRequest>(Encode(req), limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kBadRequest);
  EXPECT_NE(r.error().detail.find("exceeds the limit of 16"), std::string::npos);
}

TEST(CodecTest, ReservedByteIsBadRequest) {
  Result<session::GetRequest> r = Decode<session::GetRequest>(Bytes({0xc1}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kBadRequest);
}

TEST(CodecTest, TrailingBytesAreBadRequest) {
  std::string bytes = Encode(session::GetRequest{}) + "x";
  Result<session::GetRequest> r = Decode<session::GetRequest>(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kBadRequest);
}

TEST(CodecTest, EmptyPayloadIsBadRequest) {
  Result<session::GetRequest> r = Decode<session::GetRequest>("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kBadRequest);
}

}  // namespace
}  // namespace portcullis::bus
