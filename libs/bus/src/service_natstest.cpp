// Request/reply against a real nats-server: round trips, queue groups, errors, hostile input.
#include <gtest/gtest.h>
#include <nats/nats.h>

#include <chrono>
#include <cstring>
#include <set>
#include <stdexcept>
#include <thread>

#include "portcullis/bus/client.h"
#include "portcullis/bus/codec.h"
#include "portcullis/bus/service.h"
#include "portcullis/proto/errors.h"
#include "portcullis/testsupport/nats_server.h"
#include "portcullis/testsupport/net.h"
#include "test_messages.h"

namespace portcullis::bus {
namespace {

using std::chrono::milliseconds;
using testing::EchoReply;
using testing::EchoRequest;

std::unique_ptr<Connection> Connect(const std::string& url, const std::string& name) {
  ConnectionOptions o;
  o.url = url;
  o.name = name;
  o.connect_deadline = milliseconds(5000);
  auto c = Connection::Connect(o);
  if (!c.ok()) throw std::runtime_error(c.error().ToString());
  return std::move(*c);
}

// An echo endpoint on "<prefix>.echo" served by `service`.
void AddEcho(Service& service, const std::string& subject) {
  const std::string id = service.instance_id();
  service.AddEndpoint<EchoRequest, EchoReply>(
      "echo", subject, [id](const EchoRequest& r) -> Result<EchoReply> {
        if (r.sleep_ms > 0) std::this_thread::sleep_for(milliseconds(r.sleep_ms));
        if (r.fail == "throw") throw std::runtime_error("handler bug");
        if (!r.fail.empty()) {
          return Error{ParseErrorCode(r.fail).value_or(ErrorCode::kInternal), "asked to fail"};
        }
        return EchoReply{1, r.text, id};
      });
}

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = testsupport::SharedNats().url();
    subject_ = testsupport::UniqueName("t") + ".echo";
    server_conn_ = Connect(url_, "echo-server");
    client_conn_ = Connect(url_, "echo-client");
    ServiceConfig cfg;
    cfg.name = "echo";
    cfg.limits.max_bytes = 64 * 1024;
    service_ = std::make_unique<Service>(*server_conn_, cfg);
    AddEcho(*service_, subject_);
    ASSERT_TRUE(service_->Start().ok());
    client_ = std::make_unique<Client>(*client_conn_);
  }

  Result<EchoReply> Echo(EchoRequest req, milliseconds deadline = milliseconds(2000)) {
    return client_->Request<EchoRequest, EchoReply>(subject_, req, deadline);
  }

  std::string url_;
  std::string subject_;
  std::unique_ptr<Connection> server_conn_;
  std::unique_ptr<Connection> client_conn_;
  std::unique_ptr<Service> service_;
  std::unique_ptr<Client> client_;
};

TEST_F(ServiceTest, RequestRoundTripsThroughTheService) {
  Result<EchoReply> r = Echo({1, "hello", 0, ""});
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->text, "hello");
  EXPECT_EQ(r->instance, service_->instance_id());
}

TEST_F(ServiceTest, HandlerErrorReachesTheClientWithItsCode) {
  Result<EchoReply> r = Echo({1, "x", 0, "not_found"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kNotFound);
  EXPECT_EQ(r.error().detail, "asked to fail");
}

TEST_F(ServiceTest, HandlerExceptionIsInternalAndTheServiceKeepsServing) {
  Result<EchoReply> r = Echo({1, "x", 0, "throw"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kInternal);
  Result<EchoReply> next = Echo({1, "after", 0, ""});
  ASSERT_TRUE(next.ok()) << next.error().ToString();
  EXPECT_EQ(next->text, "after");
}

TEST_F(ServiceTest, NoRespondersIsUnavailableAtOnceNotATimeout) {
  auto start = std::chrono::steady_clock::now();
  Result<std::string> r =
      client_->RequestRaw(testsupport::UniqueName("nobody") + ".x", "\x80", milliseconds(5000));
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kUnavailable);
  EXPECT_NE(r.error().detail.find("no responders"), std::string::npos) << r.error().detail;
  EXPECT_LT(elapsed, milliseconds(1000));
}

TEST_F(ServiceTest, SlowHandlerIsUnavailableWithTimeoutDetail) {
  Result<EchoReply> r = Echo({1, "slow", 600, ""}, milliseconds(100));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kUnavailable);
  EXPECT_NE(r.error().detail.find("within 100 ms"), std::string::npos) << r.error().detail;
}

TEST_F(ServiceTest, TwoInstancesInTheQueueGroupBothReceiveWork) {
  auto second_conn = Connect(url_, "echo-server-2");
  ServiceConfig cfg;
  cfg.name = "echo";
  Service second(*second_conn, cfg);
  AddEcho(second, subject_);
  ASSERT_TRUE(second.Start().ok());
  std::set<std::string> instances;
  constexpr int kRequests = 200;
  for (int i = 0; i < kRequests; ++i) {
    Result<EchoReply> r = Echo({1, std::to_string(i), 0, ""});
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    instances.insert(r->instance);
  }
  EXPECT_EQ(instances.size(), 2u);
  uint64_t first_count = service_->Stats()[0].num_requests;
  uint64_t second_count = second.Stats()[0].num_requests;
  EXPECT_GT(first_count, 0u);
  EXPECT_GT(second_count, 0u);
  EXPECT_EQ(first_count + second_count, static_cast<uint64_t>(kRequests));
}

TEST_F(ServiceTest, OverloadIsAnsweredWithUnavailableNeverSilence) {
  auto conn = Connect(url_, "overload-server");
  ServiceConfig cfg;
  cfg.name = "slow";
  cfg.workers = 1;
  cfg.max_queued = 2;
  Service slow(*conn, cfg);
  const std::string subject = subject_ + ".slow";
  AddEcho(slow, subject);
  ASSERT_TRUE(slow.Start().ok());
  natsConnection* nc = client_conn_->raw();
  natsInbox* inbox = nullptr;
  ASSERT_EQ(natsInbox_Create(&inbox), NATS_OK);
  natsSubscription* raw_sub = nullptr;
  ASSERT_EQ(natsConnection_SubscribeSync(&raw_sub, nc, inbox), NATS_OK);
  NatsSubscriptionPtr sub(raw_sub);
  constexpr int kRequests = 10;
  const std::string payload = Encode(EchoRequest{1, "busy", 200, ""});
  for (int i = 0; i < kRequests; ++i) {
    ASSERT_EQ(natsConnection_PublishRequest(nc, subject.c_str(), inbox, payload.data(),
                                            static_cast<int>(payload.size())),
              NATS_OK);
  }
  natsInbox_Destroy(inbox);
  int ok = 0;
  int unavailable = 0;
  for (int i = 0; i < kRequests; ++i) {
    natsMsg* raw = nullptr;
    ASSERT_EQ(natsSubscription_NextMsg(&raw, sub.get(), 5000), NATS_OK) << "reply " << i;
    NatsMsgPtr reply(raw);
    const char* code = nullptr;
    if (natsMsgHeader_Get(reply.get(), "Nats-Service-Error-Code", &code) == NATS_OK) {
      EXPECT_STREQ(code, "unavailable");
      ++unavailable;
    } else {
      ++ok;
    }
  }
  natsMsg* extra = nullptr;
  EXPECT_EQ(natsSubscription_NextMsg(&extra, sub.get(), 300), NATS_TIMEOUT) << "one reply each";
  natsMsg_Destroy(extra);
  EXPECT_GE(ok, 1);
  EXPECT_GE(unavailable, 1);
  EXPECT_EQ(ok + unavailable, kRequests);
}

// Hostile payloads, each answered with bad_request, and a valid request answered after each.
class HostileInputTest : public ServiceTest,
                         public ::testing::WithParamInterface<std::pair<const char*, std::string>> {
};

std::string MapHeader50MiB() { return std::string("\xdf\x03\x20\x00\x00", 5); }
std::string DeepNesting() { return std::string(100000, '\x91') + "\xc0"; }
std::string Truncated() {
  std::string b = Encode(EchoRequest{1, "some text", 0, ""});
  return b.substr(0, b.size() - 4);
}
std::string WrongTypes() {
  msgpack::sbuffer sb;
  msgpack::packer<msgpack::sbuffer> pk(sb);
  pk.pack_map(2);
  pk.pack(std::string("text"));
  pk.pack(12345);
  pk.pack(std::string("sleep_ms"));
  pk.pack(std::string("soon"));
  return std::string(sb.data(), sb.size());
}
std::string NotAMap() { return std::string("\x93\x01\x02\x03", 4); }
std::string Oversized() {  // over the service's 64 KiB limit, under the server's 1 MiB
  return Encode(EchoRequest{1, std::string(100 * 1024, 'x'), 0, ""});
}

TEST_P(HostileInputTest, IsBadRequestAndTheNextValidRequestSucceeds) {
  const std::string& payload = GetParam().second;
  // Raw libnats request: the headers and body must be on the wire exactly as documented.
  natsMsg* raw = nullptr;
  natsStatus s = natsConnection_Request(&raw, client_conn_->raw(), subject_.c_str(), payload.data(),
                                        static_cast<int>(payload.size()), 2000);
  ASSERT_EQ(s, NATS_OK) << natsStatus_GetText(s);
  NatsMsgPtr reply(raw);
  const char* code = nullptr;
  ASSERT_EQ(natsMsgHeader_Get(reply.get(), "Nats-Service-Error-Code", &code), NATS_OK);
  EXPECT_STREQ(code, "bad_request");
  const char* message = nullptr;
  ASSERT_EQ(natsMsgHeader_Get(reply.get(), "Nats-Service-Error", &message), NATS_OK);
  EXPECT_GT(std::strlen(message), 0u);
  Result<proto::ErrorBody> body = Decode<proto::ErrorBody>(std::string_view(
      natsMsg_GetData(reply.get()), static_cast<std::size_t>(natsMsg_GetDataLength(reply.get()))));
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->code, "bad_request");

  Result<std::string> typed = client_->RequestRaw(subject_, payload, milliseconds(2000));
  ASSERT_FALSE(typed.ok());
  EXPECT_EQ(typed.code(), ErrorCode::kBadRequest);

  Result<EchoReply> next = Echo({1, "still here", 0, ""});
  ASSERT_TRUE(next.ok()) << next.error().ToString();
  EXPECT_EQ(next->text, "still here");
}

INSTANTIATE_TEST_SUITE_P(Attacks, HostileInputTest,
                         ::testing::Values(std::make_pair("TruncatedMsgpack", Truncated()),
                                           std::make_pair("WrongTypes", WrongTypes()),
                                           std::make_pair("MapHeaderClaiming50MiB",
                                                          MapHeader50MiB()),
                                           std::make_pair("DeepNesting", DeepNesting()),
                                           std::make_pair("NotAMap", NotAMap()),
                                           std::make_pair("ReservedByte", std::string("\xc1")),
                                           std::make_pair("EmptyPayload", std::string()),
                                           std::make_pair("OverTheSizeLimit", Oversized())),
                         [](const auto& info) { return std::string(info.param.first); });

}  // namespace
}  // namespace portcullis::bus
