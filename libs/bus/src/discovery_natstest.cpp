// $SRV discovery answered by every instance, as standard NATS tooling expects.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>

#include "portcullis/bus/client.h"
#include "portcullis/bus/service.h"
#include "portcullis/testsupport/nats_server.h"
#include "portcullis/testsupport/net.h"
#include "test_messages.h"

namespace portcullis::bus {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using testing::EchoReply;
using testing::EchoRequest;

std::unique_ptr<Connection> Connect(const std::string& name) {
  ConnectionOptions o;
  o.url = testsupport::SharedNats().url();
  o.name = name;
  auto c = Connection::Connect(o);
  EXPECT_TRUE(c.ok());
  return c.ok() ? std::move(*c) : nullptr;
}

TEST(DiscoveryTest, EveryInstanceAnswersInfoPingAndStats) {
  const std::string name = testsupport::UniqueName("svc");
  const std::string subject = name + ".echo";
  auto conn_a = Connect("a");
  auto conn_b = Connect("b");
  ASSERT_TRUE(conn_a && conn_b);
  ServiceConfig cfg;
  cfg.name = name;
  cfg.version = "1.2.3";
  Service a(*conn_a, cfg);
  Service b(*conn_b, cfg);
  for (Service* s : {&a, &b}) {
    s->AddEndpoint<EchoRequest, EchoReply>("echo", subject,
                                           [](const EchoRequest& r) -> Result<EchoReply> {
                                             if (!r.fail.empty())
                                               return Error{ErrorCode::kForbidden, "no"};
                                             return EchoReply{1, r.text, ""};
                                           });
    ASSERT_TRUE(s->Start().ok());
  }
  Client client(*conn_a);
  ASSERT_TRUE((client.Request<EchoRequest, EchoReply>(subject, {}, milliseconds(2000))).ok());
  ASSERT_EQ(
      (client.Request<EchoRequest, EchoReply>(subject, {1, "", 0, "x"}, milliseconds(2000))).code(),
      ErrorCode::kForbidden);

  Result<std::vector<std::string>> infos =
      client.Gather("$SRV.INFO." + name, "", milliseconds(500));
  ASSERT_TRUE(infos.ok());
  ASSERT_EQ(infos->size(), 2u);
  std::set<std::string> ids;
  for (const std::string& text : *infos) {
    Result<ServiceInfoView> info = ParseInfoResponse(text);
    ASSERT_TRUE(info.ok()) << text;
    EXPECT_EQ(info->identity.name, name);
    EXPECT_EQ(info->identity.version, "1.2.3");
    ASSERT_EQ(info->endpoints.size(), 1u);
    EXPECT_EQ(info->endpoints[0].subject, subject);
    EXPECT_EQ(info->endpoints[0].queue_group, name);
    ids.insert(info->identity.id);
  }
  EXPECT_EQ(ids, (std::set<std::string>{a.instance_id(), b.instance_id()}));

  Result<std::vector<std::string>> pings =
      client.Gather("$SRV.PING." + name + "." + b.instance_id(), "", milliseconds(300));
  ASSERT_TRUE(pings.ok());
  ASSERT_EQ(pings->size(), 1u);
  EXPECT_EQ(json::parse((*pings)[0])["type"], "io.nats.micro.v1.ping_response");

  Result<std::vector<std::string>> stats =
      client.Gather("$SRV.STATS." + name, "", milliseconds(500));
  ASSERT_TRUE(stats.ok());
  ASSERT_EQ(stats->size(), 2u);
  uint64_t requests = 0;
  uint64_t errors = 0;
  for (const std::string& text : *stats) {
    json j = json::parse(text);
    EXPECT_EQ(j["type"], "io.nats.micro.v1.stats_response");
    requests += j["endpoints"][0]["num_requests"].get<uint64_t>();
    errors += j["endpoints"][0]["num_errors"].get<uint64_t>();
  }
  EXPECT_EQ(requests, 2u);
  EXPECT_EQ(errors, 1u);
}

}  // namespace
}  // namespace portcullis::bus
