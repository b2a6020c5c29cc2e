// AuditPublisher against a real JetStream, including an outage in the middle of the run.
#include <gtest/gtest.h>
#include <nats/nats.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "portcullis/bus/audit_event.h"
#include "portcullis/bus/audit_publisher.h"
#include "portcullis/bus/codec.h"
#include "portcullis/bus/jetstream.h"
#include "portcullis/proto/audit/v1/subjects.h"
#include "portcullis/testsupport/nats_server.h"
#include "portcullis/testsupport/net.h"
#include "portcullis/testsupport/temp_dir.h"

namespace portcullis::bus {
namespace {

namespace audit = proto::audit::v1;
using std::chrono::milliseconds;

audit::Event MakeEvent(int i) {
  audit::Event e;
  auto now = std::chrono::system_clock::now();
  e.id = NewUuidV7(now);
  e.time = FormatRfc3339Micros(now);
  e.actor = {"user", "u-" + std::to_string(i % 7), "User", "127.0.0.1", "test"};
  e.action = i % 2 == 0 ? "session.login_succeeded" : "rbac.check_denied";
  e.resource = {"session", std::to_string(i), ""};
  e.outcome = i % 2 == 0 ? "success" : "denied";
  e.request_id = "req-" + std::to_string(i);
  e.metadata = {{"seq", std::to_string(i)}};
  e.source = {"bus-test", "instance-1"};
  return e;
}

// Every event id in the stream, in stream order, read with an ordered consumer.
std::vector<std::string> StreamIds(Connection& conn, const std::string& prefix,
                                   std::size_t expected) {
  jsCtx* raw_js = nullptr;
  EXPECT_EQ(natsConnection_JetStream(&raw_js, conn.raw(), nullptr), NATS_OK);
  JsCtxPtr js(raw_js);
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Ordered = true;
  natsSubscription* raw_sub = nullptr;
  jsErrCode jerr = static_cast<jsErrCode>(0);
  const std::string subject = audit::EventsWildcard(prefix);
  EXPECT_EQ(js_SubscribeSync(&raw_sub, js.get(), subject.c_str(), nullptr, &so, &jerr), NATS_OK);
  NatsSubscriptionPtr sub(raw_sub);
  std::vector<std::string> ids;
  // Read until nothing more arrives; a few more than expected would reveal duplicates.
  for (;;) {
    natsMsg* raw = nullptr;
    if (natsSubscription_NextMsg(&raw, sub.get(), ids.size() < expected ? 5000 : 500) != NATS_OK) {
      break;
    }
    NatsMsgPtr msg(raw);
    Result<audit::Event> e = Decode<audit::Event>(std::string_view(
        natsMsg_GetData(msg.get()), static_cast<std::size_t>(natsMsg_GetDataLength(msg.get()))));
    EXPECT_TRUE(e.ok());
    const char* msg_id = nullptr;
    EXPECT_EQ(natsMsgHeader_Get(msg.get(), "Nats-Msg-Id", &msg_id), NATS_OK);
    if (e.ok()) {
      EXPECT_STREQ(msg_id, e->id.c_str());
      ids.push_back(e->id);
    }
  }
  return ids;
}

class AuditPublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = testsupport::TempDir::Create();
    ASSERT_TRUE(dir.ok());
    dir_.emplace(std::move(*dir));
    auto server = testsupport::NatsServer::Launch();
    ASSERT_TRUE(server.ok()) << server.error().ToString();
    server_ = std::move(*server);
    ConnectionOptions o;
    o.url = server_->url();
    o.name = "audit-test";
    o.backoff = {milliseconds(20), milliseconds(200), 2.0, 0.2};
    auto conn = Connection::Connect(o);
    ASSERT_TRUE(conn.ok());
    conn_ = std::move(*conn);
    prefix_ = testsupport::UniqueName("t");
    stream_.prefix = prefix_;
    stream_.stream = "AUTH_AUDIT";
    ASSERT_TRUE(EnsureAuditStream(*conn_, stream_).ok());
    options_.prefix = prefix_;
    options_.spool_path = dir_->path() + "/audit.spool";
    options_.ack_timeout = milliseconds(1000);
  }

  std::optional<testsupport::TempDir> dir_;
  std::unique_ptr<testsupport::NatsServer> server_;
  std::unique_ptr<Connection> conn_;
  std::string prefix_;
  AuditStreamOptions stream_;
  AuditPublisherOptions options_;
};

TEST_F(AuditPublisherTest, EnsureStreamIsIdempotent) {
  EXPECT_TRUE(EnsureAuditStream(*conn_, stream_).ok());
}

TEST_F(AuditPublisherTest, InvalidEventIsBadRequest) {
  auto pub = AuditPublisher::Start(*conn_, options_);
  ASSERT_TRUE(pub.ok());
  audit::Event e = MakeEvent(0);
  e.outcome = "unknown";
  EXPECT_EQ((*pub)->Publish(e).code(), ErrorCode::kBadRequest);
}

TEST_F(AuditPublisherTest, TenThousandEventsSurviveAnOutageExactlyOnceAndInOrder) {
  auto pub = AuditPublisher::Start(*conn_, options_);
  ASSERT_TRUE(pub.ok());
  constexpr int kEvents = 10000;
  std::vector<std::string> published;
  published.reserve(kEvents);
  auto publish_range = [&](int from, int to) {
    for (int i = from; i < to; ++i) {
      audit::Event e = MakeEvent(i);
      ASSERT_TRUE((*pub)->Publish(e).ok()) << i;
      published.push_back(e.id);
      if (i % 100 == 0) std::this_thread::sleep_for(milliseconds(2));
    }
  };
  publish_range(0, 3000);
  // Take the server away while the publisher is still working through the backlog.
  const auto wait_until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while ((*pub)->stats().acknowledged < 1000 && std::chrono::steady_clock::now() < wait_until) {
    std::this_thread::sleep_for(milliseconds(5));
  }
  ASSERT_TRUE(server_->Stop().ok());
  publish_range(3000, 7000);
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_GT((*pub)->stats().spooled, 0u) << "events published during the outage go to the spool";
  ASSERT_TRUE(server_->Start().ok());
  publish_range(7000, kEvents);
  Status flushed = (*pub)->Flush(std::chrono::seconds(60));
  ASSERT_TRUE(flushed.ok()) << flushed.error().ToString();

  AuditPublisherStats s = (*pub)->stats();
  EXPECT_EQ(s.accepted, static_cast<uint64_t>(kEvents));
  EXPECT_EQ(s.rejected, 0u);
  EXPECT_EQ(s.spool_records, 0u);
  EXPECT_GT(s.replayed, 0u);
  std::vector<std::string> in_stream = StreamIds(*conn_, prefix_, kEvents);
  ASSERT_EQ(in_stream.size(), static_cast<std::size_t>(kEvents));
  EXPECT_TRUE(in_stream == published) << "stream order differs from publish order";
  EXPECT_TRUE(std::is_sorted(in_stream.begin(), in_stream.end()));
}

TEST_F(AuditPublisherTest, EventsSpooledAtShutdownAreReplayedByTheNextPublisher) {
  std::vector<std::string> published;
  {
    auto pub = AuditPublisher::Start(*conn_, options_);
    ASSERT_TRUE(pub.ok());
    ASSERT_TRUE(server_->Stop().ok());
    for (int i = 0; i < 50; ++i) {
      audit::Event e = MakeEvent(i);
      ASSERT_TRUE((*pub)->Publish(e).ok());
      published.push_back(e.id);
    }
    (*pub)->Close(milliseconds(200));
    EXPECT_EQ((*pub)->stats().spool_records, 50u);
  }
  ASSERT_TRUE(server_->Start().ok());
  auto next = AuditPublisher::Start(*conn_, options_);
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE((*next)->Flush(std::chrono::seconds(30)).ok());
  EXPECT_EQ((*next)->stats().replayed, 50u);
  EXPECT_EQ(StreamIds(*conn_, prefix_, 50), published);
}

}  // namespace
}  // namespace portcullis::bus
