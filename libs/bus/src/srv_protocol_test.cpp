#include "portcullis/bus/srv_protocol.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace portcullis::bus {
namespace {

using nlohmann::json;

ServiceIdentity Identity() {
  return {"session-store", "AbCdEfGhIjKlMnOpQrStUv", "0.1.0", "sessions", {{"region", "eu"}}};
}

TEST(SrvProtocolTest, SubscribesNineSubjects) {
  std::vector<std::string> s = SrvSubjects(Identity());
  ASSERT_EQ(s.size(), 9u);
  EXPECT_EQ(s[0], "$SRV.PING");
  EXPECT_EQ(s[1], "$SRV.PING.session-store");
  EXPECT_EQ(s[2], "$SRV.PING.session-store.AbCdEfGhIjKlMnOpQrStUv");
  EXPECT_EQ(s[8], "$SRV.STATS.session-store.AbCdEfGhIjKlMnOpQrStUv");
}

TEST(SrvProtocolTest, ParsesVerbs) {
  EXPECT_EQ(ParseSrvVerb("$SRV.PING"), SrvVerb::kPing);
  EXPECT_EQ(ParseSrvVerb("$SRV.INFO.session-store"), SrvVerb::kInfo);
  EXPECT_EQ(ParseSrvVerb("$SRV.STATS.a.b"), SrvVerb::kStats);
  EXPECT_EQ(ParseSrvVerb("$SRV.PINGX"), std::nullopt);
  EXPECT_EQ(ParseSrvVerb("auth.session.v1.get"), std::nullopt);
}

TEST(SrvProtocolTest, PingResponseIsTheMicroV1Shape) {
  json j = json::parse(PingResponseJson(Identity()));
  EXPECT_EQ(j, json::parse(R"({"name":"session-store","id":"AbCdEfGhIjKlMnOpQrStUv",
      "version":"0.1.0","metadata":{"region":"eu"},"type":"io.nats.micro.v1.ping_response"})"));
}

TEST(SrvProtocolTest, InfoResponseListsEndpointsWithQueueGroups) {
  json j =
      json::parse(InfoResponseJson(Identity(), {{"get", "auth.session.v1.get", "session-store"}}));
  EXPECT_EQ(j["type"], "io.nats.micro.v1.info_response");
  EXPECT_EQ(j["description"], "sessions");
  ASSERT_EQ(j["endpoints"].size(), 1u);
  EXPECT_EQ(j["endpoints"][0]["subject"], "auth.session.v1.get");
  EXPECT_EQ(j["endpoints"][0]["queue_group"], "session-store");
}

TEST(SrvProtocolTest, StatsResponseCountsAndAverages) {
  EndpointStats e{{"get", "auth.session.v1.get", "session-store"}, 4, 1, "not_found", 4000};
  json j = json::parse(StatsResponseJson(Identity(), {e}, FromUnixSeconds(0)));
  EXPECT_EQ(j["type"], "io.nats.micro.v1.stats_response");
  EXPECT_EQ(j["started"], "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(j["endpoints"][0]["num_requests"], 4);
  EXPECT_EQ(j["endpoints"][0]["num_errors"], 1);
  EXPECT_EQ(j["endpoints"][0]["last_error"], "not_found");
  EXPECT_EQ(j["endpoints"][0]["processing_time"], 4000);
  EXPECT_EQ(j["endpoints"][0]["average_processing_time"], 1000);
}

TEST(SrvProtocolTest, InfoResponseParsesBack) {
  Result<ServiceInfoView> v = ParseInfoResponse(
      InfoResponseJson(Identity(), {{"get", "auth.session.v1.get", "session-store"}}));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->identity.id, "AbCdEfGhIjKlMnOpQrStUv");
  EXPECT_EQ(v->identity.metadata.at("region"), "eu");
  ASSERT_EQ(v->endpoints.size(), 1u);
  EXPECT_EQ(v->endpoints[0].queue_group, "session-store");
}

TEST(SrvProtocolTest, ForeignJsonIsBadRequest) {
  EXPECT_EQ(ParseInfoResponse("not json").code(), ErrorCode::kBadRequest);
  EXPECT_EQ(ParseInfoResponse(R"({"type":"io.nats.micro.v1.ping_response"})").code(),
            ErrorCode::kBadRequest);
  EXPECT_EQ(ParseInfoResponse(R"({"type":7})").code(), ErrorCode::kBadRequest);
}

}  // namespace
}  // namespace portcullis::bus
