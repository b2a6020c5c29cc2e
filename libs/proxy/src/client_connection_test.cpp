// The client side of a proxied connection, through a real Pistache endpoint: whether it persists
// (HTTP/1.1 default, HTTP/1.0, `Connection: close`), that a slow client pauses the upstream and
// still gets every byte in order whether the sink writes directly or through Pistache's queue,
// and that the sink's duplicate of the client socket goes away with the connection.
#include <dirent.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "loopback_test_util.h"
#include "portcullis/proxy/testing/pistache_front.h"
#include "portcullis/proxy/testing/scripted_upstream.h"
#include "portcullis/proxy/upstream_proxy.h"

namespace portcullis::proxy {
namespace {

using namespace std::chrono_literals;
// The test helpers (PistacheFront, ScriptedUpstream, RawClient, loopback_test_util.h).
using namespace testing;  // NOLINT(google-build-using-namespace)

class ClientConnectionTest : public ::testing::Test {
 protected:
  std::unique_ptr<UpstreamProxy> proxy_ = MakeUpstreamProxy({});
};

TEST_F(ClientConnectionTest, Http11ClientWithoutConnectionHeaderKeepsItsConnection) {
  ScriptedUpstream upstream([](ScriptedConnection& c) { PingAnswers(c); });
  PistacheFront front(*proxy_, upstream.Url(""));
  RawClient client(front.port());
  for (int i = 0; i < 3; ++i) {
    client.ClearReceived();
    ASSERT_TRUE(client.Send("GET /api/ping HTTP/1.1\r\nHost: f\r\n\r\n"));
    ASSERT_TRUE(client.ReadUntil("pong")) << i;
    Decoded d = Decode(client.received());
    EXPECT_EQ(d.code, 200);
    EXPECT_EQ(HeaderValue(d.headers, "Connection"), "keep-alive");
  }
  EXPECT_FALSE(client.eof());
}

TEST_F(ClientConnectionTest, ClientAskingForCloseGetsConnectionClose) {
  ScriptedUpstream upstream([](ScriptedConnection& c) { PingAnswers(c); });
  PistacheFront front(*proxy_, upstream.Url(""));
  RawClient client(front.port());
  ASSERT_TRUE(client.Send("GET /api/ping HTTP/1.1\r\nHost: f\r\nConnection: close\r\n\r\n"));
  EXPECT_TRUE(client.ReadToEof(5s));
  Decoded d = Decode(client.received());
  EXPECT_EQ(d.code, 200);
  EXPECT_EQ(d.body, "pong");
  EXPECT_EQ(HeaderValue(d.headers, "Connection"), "close");
}

TEST_F(ClientConnectionTest, Http10ClientWithoutKeepAliveGetsConnectionClose) {
  ScriptedUpstream upstream([](ScriptedConnection& c) { PingAnswers(c); });
  PistacheFront front(*proxy_, upstream.Url(""));
  RawClient client(front.port());
  ASSERT_TRUE(client.Send("GET /api/ping HTTP/1.0\r\nHost: f\r\n\r\n"));
  EXPECT_TRUE(client.ReadToEof(5s));
  Decoded d = Decode(client.received());
  EXPECT_EQ(d.body, "pong");
  EXPECT_EQ(HeaderValue(d.headers, "Connection"), "close");
}

// A byte stream in which no two 16 KiB slices (the engine's read size) are alike, so any
// reordering of writes shows up in the comparison.
char PatternByte(size_t k) { return static_cast<char>((k ^ (k >> 8) ^ (k >> 16)) & 0xff); }

void SlowClientGetsEveryByteInOrder(UpstreamProxy& proxy, bool direct_writes) {
  constexpr size_t kTotal = 64u << 20;
  constexpr size_t kBlock = 64 * 1024;
  std::atomic<size_t> upstream_written{0};
  ScriptedUpstream upstream([&](ScriptedConnection& c) {
    if (!c.ReadRequest()) return;
    c.Write("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(kTotal) + "\r\n\r\n");
    std::string block(kBlock, '\0');
    for (size_t sent = 0; sent < kTotal; sent += kBlock) {
      for (size_t i = 0; i < kBlock; ++i) block[i] = PatternByte(sent + i);
      if (!c.Write(block)) return;
      upstream_written = sent + kBlock;
    }
  });
  PistacheFront front(proxy, upstream.Url(""));
  front.state().timeout = 20s;
  front.state().direct_writes = direct_writes;
  RawClient client(front.port());
  ASSERT_TRUE(client.Send(Get("/api/big")));
  ASSERT_TRUE(client.ReadUntil("\r\n\r\n"));
  std::this_thread::sleep_for(500ms);  // the client reads nothing meanwhile
  // Kernel socket buffers on both sides hold a few MiB; an unbounded proxy would have taken
  // all 64 MiB from the upstream by now.
  EXPECT_LT(upstream_written.load(), kTotal / 2);
  const size_t head = client.received().find("\r\n\r\n") + 4;
  ASSERT_TRUE(client.ReadAtLeast(head + kTotal, 60s));
  const std::string& got = client.received();
  ASSERT_EQ(got.size(), head + kTotal);
  size_t first_bad = kTotal;
  for (size_t k = 0; k < kTotal; ++k) {
    if (got[head + k] != PatternByte(k)) {
      first_bad = k;
      break;
    }
  }
  EXPECT_EQ(first_bad, kTotal) << "body differs from byte " << first_bad;
  auto outcomes = front.WaitOutcomes(1, 20s);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_FALSE(outcomes[0].error);
  EXPECT_EQ(outcomes[0].body_bytes, kTotal);
}

TEST_F(ClientConnectionTest, SlowClientPausesTheUpstreamAndGetsEveryByteInOrder) {
  SlowClientGetsEveryByteInOrder(*proxy_, /*direct_writes=*/true);
}

TEST_F(ClientConnectionTest, SlowClientThroughPistachesQueueOnlyGetsEveryByteInOrder) {
  SlowClientGetsEveryByteInOrder(*proxy_, /*direct_writes=*/false);
}

size_t OpenDescriptors() {
  size_t n = 0;
  if (DIR* dir = ::opendir("/proc/self/fd")) {
    while (::readdir(dir) != nullptr) ++n;
    ::closedir(dir);
  }
  return n;
}

TEST_F(ClientConnectionTest, ClientSocketDuplicateIsClosedWhenTheClientLeaves) {
  ScriptedUpstream upstream([](ScriptedConnection& c) { PingAnswers(c); });
  PistacheFront front(*proxy_, upstream.Url(""));
  auto one_client = [&] {
    RawClient client(front.port());
    ASSERT_TRUE(client.Send(Get("/api/ping")));
    ASSERT_TRUE(client.ReadUntil("pong"));
  };
  one_client();                        // the pooled upstream connection now exists on both ends
  std::this_thread::sleep_for(300ms);  // Pistache has seen that client leave
  const size_t baseline = OpenDescriptors();
  for (int i = 0; i < 20; ++i) one_client();
  // A duplicate kept past its connection would leave 20 more descriptors (and 20 sockets the
  // clients never see closed).
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (OpenDescriptors() > baseline && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_LE(OpenDescriptors(), baseline);
}

}  // namespace
}  // namespace portcullis::proxy
