// Wire-format checks: keys are the documented field names, `v` is present, and fields added to
// a message do not break an older reader (proto/README.md "Evolution").
#include <gtest/gtest.h>

#include <msgpack.hpp>

#include <set>
#include <string>

#include "portcullis/proto/audit/v1/event.h"
#include "portcullis/proto/audit/v1/messages.h"
#include "portcullis/proto/errors.h"
#include "portcullis/proto/graph/v1/messages.h"
#include "portcullis/proto/login/v1/messages.h"
#include "portcullis/proto/rbac/v1/messages.h"
#include "portcullis/proto/session/v1/messages.h"

namespace portcullis::proto {
namespace {

template <typename T>
std::set<std::string> TopLevelKeys(const T& message) {
  msgpack::sbuffer sb;
  msgpack::pack(sb, message);
  msgpack::object_handle oh = msgpack::unpack(sb.data(), sb.size());
  std::set<std::string> keys;
  const msgpack::object& o = oh.get();
  EXPECT_EQ(o.type, msgpack::type::MAP);
  for (uint32_t i = 0; i < o.via.map.size; ++i) keys.insert(o.via.map.ptr[i].key.as<std::string>());
  return keys;
}

template <typename T>
T RoundTrip(const T& message) {
  msgpack::sbuffer sb;
  msgpack::pack(sb, message);
  return msgpack::unpack(sb.data(), sb.size()).get().as<T>();
}

TEST(MessagesTest, AuditEventCarriesEveryDocumentedField) {
  EXPECT_EQ(TopLevelKeys(audit::v1::Event{}),
            (std::set<std::string>{"v", "id", "time", "actor", "action", "resource", "outcome",
                                   "reason", "request_id", "tenant", "metadata", "source"}));
  EXPECT_EQ(TopLevelKeys(audit::v1::Actor{}),
            (std::set<std::string>{"type", "id", "display_name", "ip", "user_agent"}));
  EXPECT_EQ(TopLevelKeys(audit::v1::Source{}), (std::set<std::string>{"service", "instance_id"}));
}

TEST(MessagesTest, ErrorBodyIsVersionCodeAndMessage) {
  EXPECT_EQ(TopLevelKeys(ErrorBody{}), (std::set<std::string>{"v", "code", "message"}));
  EXPECT_EQ(kErrorCodes.size(), 8u);
}

TEST(MessagesTest, EveryRequestAndReplyCarriesV1) {
  EXPECT_EQ(RoundTrip(session::v1::CreateRequest{}).v, 1);
  EXPECT_EQ(RoundTrip(session::v1::SessionView{}).v, 1);
  EXPECT_EQ(RoundTrip(session::v1::ListUserReply{}).v, 1);
  EXPECT_EQ(RoundTrip(session::v1::Revoked{}).v, 1);
  EXPECT_EQ(RoundTrip(session::v1::TouchRequest{}).v, 1);
  EXPECT_EQ(RoundTrip(session::v1::TouchReply{}).v, 1);
  EXPECT_EQ(RoundTrip(login::v1::TakeReply{}).v, 1);
  EXPECT_EQ(RoundTrip(rbac::v1::AclListRequest{}).v, 1);
  EXPECT_EQ(RoundTrip(graph::v1::GroupsReply{}).v, 1);
  EXPECT_EQ(RoundTrip(audit::v1::QueryReply{}).v, 1);
  EXPECT_EQ(RoundTrip(audit::v1::VerifyReply{}).v, 1);
  EXPECT_TRUE(TopLevelKeys(rbac::v1::CheckRequest{}).count("v"));
}

// The default: an access token with less than five minutes left is refreshed first.
TEST(MessagesTest, AccessTokenRequestDefaultsToFiveMinutesAndTheServiceTimeout) {
  session::v1::AccessTokenRequest r = RoundTrip(session::v1::AccessTokenRequest{});
  EXPECT_EQ(r.min_remaining_s, 300);
  EXPECT_EQ(r.timeout_ms, 0);
  EXPECT_EQ(TopLevelKeys(session::v1::DestroyRequest{}),
            (std::set<std::string>{"v", "session_id", "reason", "session_ref"}));
}

// A future v1 reply with one more field, read by today's struct.
struct CheckReplyWithAddedField {
  int v = 1;
  bool allowed = false;
  std::string reason;
  std::string policy_version;
  MSGPACK_DEFINE_MAP(v, allowed, reason, policy_version);
};

TEST(MessagesTest, OlderReaderIgnoresAnAddedField) {
  CheckReplyWithAddedField newer{1, true, "role:admin", "2027-01"};
  msgpack::sbuffer sb;
  msgpack::pack(sb, newer);
  auto older = msgpack::unpack(sb.data(), sb.size()).get().as<rbac::v1::CheckReply>();
  EXPECT_TRUE(older.allowed);
  EXPECT_EQ(older.reason, "role:admin");
}

TEST(MessagesTest, OptionalResourceTravelsAsNil) {
  rbac::v1::CheckRequest req;
  EXPECT_FALSE(RoundTrip(req).resource.has_value());
  req.resource = ResourceRef{"tool", "search", ""};
  ASSERT_TRUE(RoundTrip(req).resource.has_value());
  EXPECT_EQ(RoundTrip(req).resource->id, "search");
}

}  // namespace
}  // namespace portcullis::proto
