// A nats-server killed and restarted under traffic: the same process reconnects and serves again.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "portcullis/bus/client.h"
#include "portcullis/bus/service.h"
#include "portcullis/testsupport/nats_server.h"
#include "portcullis/testsupport/net.h"
#include "test_messages.h"

namespace portcullis::bus {
namespace {

using std::chrono::milliseconds;
using testing::EchoReply;
using testing::EchoRequest;

TEST(ReconnectTest, ClientsAndServicesRecoverWhenTheServerIsKilledAndRestarted) {
  auto server = testsupport::NatsServer::Launch();
  ASSERT_TRUE(server.ok()) << server.error().ToString();
  ConnectionOptions o;
  o.url = (*server)->url();
  o.backoff = {milliseconds(20), milliseconds(200), 2.0, 0.2};
  o.name = "reconnect-service";
  auto service_conn = Connection::Connect(o);
  ASSERT_TRUE(service_conn.ok());
  o.name = "reconnect-client";
  auto client_conn = Connection::Connect(o);
  ASSERT_TRUE(client_conn.ok());

  const std::string subject = testsupport::UniqueName("t") + ".echo";
  ServiceConfig cfg;
  cfg.name = "echo";
  Service service(**service_conn, cfg);
  service.AddEndpoint<EchoRequest, EchoReply>("echo", subject,
                                              [](const EchoRequest& r) -> Result<EchoReply> {
                                                return EchoReply{1, r.text, ""};
                                              });
  ASSERT_TRUE(service.Start().ok());
  Client client(**client_conn);

  std::atomic<bool> stop{false};
  std::atomic<int> ok_after_restart{0};
  std::atomic<bool> restarted{false};
  std::atomic<int> failures{0};
  std::thread traffic([&] {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!stop.load() && std::chrono::steady_clock::now() < end) {
      Result<EchoReply> r =
          client.Request<EchoRequest, EchoReply>(subject, {1, "ping", 0, ""}, milliseconds(500));
      if (r.ok()) {
        if (restarted.load()) ok_after_restart.fetch_add(1);
      } else {
        EXPECT_EQ(r.code(), ErrorCode::kUnavailable) << r.error().ToString();
        failures.fetch_add(1);
        std::this_thread::sleep_for(milliseconds(10));
      }
    }
  });

  std::this_thread::sleep_for(milliseconds(300));
  ASSERT_TRUE((*server)->Kill().ok());
  std::this_thread::sleep_for(milliseconds(300));
  ASSERT_TRUE((*server)->Start().ok());
  restarted.store(true);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (ok_after_restart.load() < 50 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  stop.store(true);
  traffic.join();

  EXPECT_GE(ok_after_restart.load(), 50);
  EXPECT_GT(failures.load(), 0) << "the outage should have been visible to the client";
  EXPECT_GE((*client_conn)->stats().reconnects, 1u);
  EXPECT_GE((*service_conn)->stats().reconnects, 1u);
  EXPECT_TRUE((*client_conn)->IsConnected());
}

TEST(ReconnectTest, ConnectRetriesUntilTheServerComesUp) {
  auto server = testsupport::NatsServer::Launch();
  ASSERT_TRUE(server.ok()) << server.error().ToString();
  ASSERT_TRUE((*server)->Stop().ok());
  ConnectionOptions o;
  o.url = (*server)->url();
  o.connect_deadline = std::chrono::seconds(10);
  o.backoff = {milliseconds(20), milliseconds(100), 2.0, 0.0};
  // Connect in the background; the server must be started from this thread (tests/support
  // ties the child's life to the thread that forks it).
  Result<std::unique_ptr<Connection>> c = Error{ErrorCode::kInternal, "not run"};
  std::thread connector([&] { c = Connection::Connect(o); });
  std::this_thread::sleep_for(milliseconds(400));
  EXPECT_TRUE((*server)->Start().ok());
  connector.join();
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_GT((*c)->stats().connect_attempts, 1u);
  EXPECT_TRUE((*c)->IsConnected());
}

TEST(ReconnectTest, ConnectToAnAbsentServerIsUnavailableAfterTheDeadline) {
  Result<int> port = testsupport::FindFreePort();
  ASSERT_TRUE(port.ok());
  ConnectionOptions o;
  o.url = "nats://127.0.0.1:" + std::to_string(*port);
  o.connect_deadline = milliseconds(300);
  o.backoff = {milliseconds(20), milliseconds(100), 2.0, 0.0};
  auto start = std::chrono::steady_clock::now();
  auto c = Connection::Connect(o);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.code(), ErrorCode::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

}  // namespace
}  // namespace portcullis::bus
