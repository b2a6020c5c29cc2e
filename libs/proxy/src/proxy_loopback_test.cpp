// The engine between a real Pistache endpoint and scripted upstreams on loopback: streaming,
// error mapping, pooling and cancellation, observed from a raw client socket (the client side
// of a connection, back-pressure included, is in client_connection_test.cpp).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
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

// A closed port: bound once, released, nobody listening.
int ClosedPort() {
  ScriptedUpstream probe([](ScriptedConnection&) {});
  return probe.port();
}

class ProxyLoopbackTest : public ::testing::Test {
 protected:
  std::unique_ptr<UpstreamProxy> proxy_ = MakeUpstreamProxy({});
};

TEST_F(ProxyLoopbackTest, FirstSseEventReachesTheClientBeforeTheUpstreamFinishes) {
  std::atomic<bool> client_saw_first{false};
  std::atomic<bool> upstream_finished{false};
  std::atomic<bool> upstream_waited_in_vain{false};
  ScriptedUpstream upstream([&](ScriptedConnection& c) {
    if (!c.ReadRequest()) return;
    c.Write(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
        "Transfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 100; ++i) {
      if (!c.Write(
              Chunk("id: " + std::to_string(i) + "\ndata: event " + std::to_string(i) + "\n\n"))) {
        return;
      }
      if (i == 0) {
        // Hold the rest back until the client has the first event: a buffering proxy never
        // lets it through, and this wait runs out.
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        while (!client_saw_first && std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(1ms);
        }
        if (!client_saw_first) upstream_waited_in_vain = true;
      } else {
        std::this_thread::sleep_for(10ms);
      }
    }
    upstream_finished = true;
    c.Write("0\r\n\r\n");
    c.ReadRequest(1s);
  });
  PistacheFront front(*proxy_, upstream.Url(""));
  RawClient client(front.port());
  ASSERT_TRUE(client.Send(Get("/api/stream?n=100&interval_ms=10")));
  ASSERT_TRUE(client.ReadUntil("data: event 0\n", 10s));
  EXPECT_FALSE(upstream_finished.load());
  client_saw_first = true;
  ASSERT_TRUE(client.ReadUntil("\r\n0\r\n\r\n", 20s));
  EXPECT_FALSE(upstream_waited_in_vain.load());
  Decoded d = Decode(client.received());
  EXPECT_EQ(d.status, ParseStatus::kDone);
  EXPECT_EQ(d.code, 200);
  EXPECT_EQ(HeaderValue(d.headers, "Content-Type"), "text/event-stream");
  std::string expected;
  for (int i = 0; i < 100; ++i) {
    expected += "id: " + std::to_string(i) + "\ndata: event " + std::to_string(i) + "\n\n";
  }
  EXPECT_EQ(d.body, expected);
  auto outcomes = front.WaitOutcomes(1);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].status, 200);
  EXPECT_EQ(outcomes[0].body_bytes, expected.size());
  EXPECT_FALSE(outcomes[0].error);
}

TEST_F(ProxyLoopbackTest, ForwardsEndToEndHeadersAndDropsHopByHopOnes) {
  std::mutex mu;
  std::string seen_request;
  ScriptedUpstream upstream([&](ScriptedConnection& c) {
    auto request = c.ReadRequest();
    if (!request) return;
    {
      std::lock_guard<std::mutex> g(mu);
      seen_request = *request;
    }
    c.Write(
        "HTTP/1.1 201 Created\r\nContent-Length: 5\r\nX-Upstream: yes\r\n"
        "Keep-Alive: timeout=5\r\nConnection: keep-alive, X-Hop\r\nX-Hop: secret\r\n"
        "Set-Cookie: a=b\r\n\r\nhello");
    c.ReadRequest(1s);
  });
  PistacheFront front(*proxy_, upstream.Url(""));
  RawClient client(front.port());
  ASSERT_TRUE(client.Send(Get("/api/thing?x=1", "X-Client: c\r\nTE: trailers\r\n")));
  ASSERT_TRUE(client.ReadUntil("hello"));
  Decoded d = Decode(client.received());
  EXPECT_EQ(d.status, ParseStatus::kDone);
  EXPECT_EQ(d.code, 201);
  EXPECT_EQ(d.body, "hello");
  EXPECT_EQ(HeaderValue(d.headers, "X-Upstream"), "yes");
  EXPECT_EQ(HeaderValue(d.headers, "Set-Cookie"), "a=b");
  EXPECT_EQ(HeaderValue(d.headers, "X-Proxied-By"), "portcullis-test");
  EXPECT_EQ(HeaderValue(d.headers, "Content-Length"), "5");
  EXPECT_EQ(HeaderValue(d.headers, "X-Hop"), "");
  EXPECT_EQ(HeaderValue(d.headers, "Keep-Alive"), "");
  EXPECT_EQ(HeaderValue(d.headers, "Connection"), "keep-alive");
  std::lock_guard<std::mutex> g(mu);
  EXPECT_EQ(seen_request.rfind("GET /api/thing?x=1 HTTP/1.1\r\n", 0), 0u) << seen_request;
  EXPECT_NE(seen_request.find("X-Client: c\r\n"), std::string::npos);
  EXPECT_EQ(seen_request.find("TE: trailers"), std::string::npos);
  EXPECT_NE(seen_request.find("Connection: keep-alive\r\n"), std::string::npos);
}

TEST_F(ProxyLoopbackTest, PostBodyReachesTheUpstream) {
  ScriptedUpstream upstream([&](ScriptedConnection& c) {
    auto request = c.ReadRequest();
    if (!request) return;
    const std::string body = request->substr(request->find("\r\n\r\n") + 4);
    c.Write("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
            body);
    c.ReadRequest(1s);
  });
  PistacheFront front(*proxy_, upstream.Url(""));
  RawClient client(front.port());
  const std::string body(10000, 'b');
  ASSERT_TRUE(
      client.Send("POST /api/echo HTTP/1.1\r\nHost: f\r\nConnection: keep-alive\r\n"
                  "Content-Type: text/plain\r\nContent-Length: 10000\r\n\r\n" +
                  body));
  ASSERT_TRUE(client.ReadAtLeast(10000));
  ASSERT_TRUE(client.ReadUntil(body));
  EXPECT_EQ(Decode(client.received()).body, body);
}

TEST_F(ProxyLoopbackTest, RefusedUpstreamIs502) {
  PistacheFront front(*proxy_, "http://127.0.0.1:" + std::to_string(ClosedPort()));
  RawClient client(front.port());
  ASSERT_TRUE(client.Send(Get("/api/ping")));
  ASSERT_TRUE(client.ReadUntil("upstream unavailable\n"));
  Decoded d = Decode(client.received());
  EXPECT_EQ(d.code, 502);
  auto outcomes = front.WaitOutcomes(1);
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_TRUE(outcomes[0].error);
  EXPECT_EQ(outcomes[0].error->code, UpstreamErrorCode::kRefused);
  EXPECT_EQ(outcomes[0].status, 502);
}

TEST_F(ProxyLoopbackTest, StalledUpstreamIs504) {
  ScriptedUpstream upstream([&](ScriptedConnection& c) {
    if (!c.ReadRequest()) return;
    c.WaitPeerClosed(10s);  // never answers
  });
  PistacheFront front(*proxy_, upstream.Url(""));
  front.state().timeout = 300ms;
  RawClient client(front.port());
  ASSERT_TRUE(client.Send(Get("/api/slow")));
  ASSERT_TRUE(client.ReadUntil("upstream timed out\n"));
  EXPECT_EQ(Decode(client.received()).code, 504);
  auto outcomes = front.WaitOutcomes(1);
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_TRUE(outcomes[0].error);
  EXPECT_EQ(outcomes[0].error->code, UpstreamErrorCode::kTimeout);
  // The stalled connection is closed, not pooled.
  EXPECT_EQ(proxy_->GetStats().open_connections, 0u);
}

TEST_F(ProxyLoopbackTest, MalformedUpstreamAnswerIs502) {
  ScriptedUpstream upstream([&](ScriptedConnection& c) {
    if (!c.ReadRequest()) return;
    c.Write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n");
    c.WaitPeerClosed(5s);
  });
  PistacheFront front(*proxy_, upstream.Url(""));
  RawClient client(front.port());
  ASSERT_TRUE(client.Send(Get("/api/x")));
  ASSERT_TRUE(client.ReadUntil("upstream unavailable\n"));
  EXPECT_EQ(Decode(client.received()).code, 502);
  auto outcomes = front.WaitOutcomes(1);
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_TRUE(outcomes[0].error);
  EXPECT_EQ(outcomes[0].error->code, UpstreamErrorCode::kBadResponse);
}

TEST_F(ProxyLoopbackTest, UpstreamResetMidBodyCutsTheClientConnection) {
  ScriptedUpstream upstream([&](ScriptedConnection& c) {
    if (!c.ReadRequest()) return;
    c.Write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
    std::this_thread::sleep_for(50ms);
    c.Reset();
  });
  PistacheFront front(*proxy_, upstream.Url(""));
  RawClient client(front.port());
  ASSERT_TRUE(client.Send(Get("/api/x")));
  EXPECT_TRUE(client.ReadToEof(10s));  // the front cut the connection
  Decoded d = Decode(client.received());
  EXPECT_EQ(d.code, 200);
  EXPECT_EQ(d.status, ParseStatus::kNeedMore);  // the client can tell: the body is short
  EXPECT_EQ(d.body, "0123456789");
  auto outcomes = front.WaitOutcomes(1);
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_TRUE(outcomes[0].error);
  EXPECT_EQ(outcomes[0].error->code, UpstreamErrorCode::kReset);
  EXPECT_EQ(outcomes[0].status, 200);
}

TEST_F(ProxyLoopbackTest, SequentialRequestsReuseOneUpstreamConnection) {
  ScriptedUpstream upstream([](ScriptedConnection& c) { PingAnswers(c); });
  PistacheFront front(*proxy_, upstream.Url(""));
  RawClient client(front.port());
  for (int i = 0; i < 50; ++i) {
    client.ClearReceived();
    ASSERT_TRUE(client.Send(Get("/api/ping")));
    ASSERT_TRUE(client.ReadUntil("pong")) << i;
  }
  EXPECT_EQ(upstream.accepted(), 1);
  EXPECT_EQ(proxy_->GetStats().connections_opened, 1u);
  EXPECT_EQ(proxy_->GetStats().connections_reused, 49u);
}

TEST_F(ProxyLoopbackTest, ConcurrentClientsKeepTheConnectionCountBounded) {
  proxy_ = MakeUpstreamProxy({.max_connections_per_host = 4});
  ScriptedUpstream upstream([](ScriptedConnection& c) { PingAnswers(c); });
  PistacheFront front(*proxy_, upstream.Url(""));
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int t = 0; t < 16; ++t) {
    clients.emplace_back([&] {
      RawClient client(front.port());
      for (int i = 0; i < 20; ++i) {
        client.ClearReceived();
        if (!client.Send(Get("/api/ping")) || !client.ReadUntil("pong")) return;
        ++ok;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 16 * 20);
  EXPECT_LE(upstream.accepted(), 4);
  EXPECT_LE(proxy_->GetStats().open_connections, 4u);
  // A client can hold its whole answer before the engine has counted the call as ended.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (proxy_->GetStats().calls_in_flight != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
  }
  EXPECT_EQ(proxy_->GetStats().calls_in_flight, 0u);
}

TEST_F(ProxyLoopbackTest, StaleIdleConnectionIsReplacedTransparently) {
  std::atomic<int> served{0};
  ScriptedUpstream upstream([&](ScriptedConnection& c) {
    // Each connection answers once, then closes while the engine holds it idle.
    if (!c.ReadRequest()) return;
    c.Write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\npong");
    ++served;
  });
  PistacheFront front(*proxy_, upstream.Url(""));
  RawClient client(front.port());
  for (int i = 0; i < 5; ++i) {
    client.ClearReceived();
    ASSERT_TRUE(client.Send(Get("/api/ping")));
    ASSERT_TRUE(client.ReadUntil("pong")) << i;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(served.load(), 5);
}

TEST_F(ProxyLoopbackTest, ClientDisconnectMidStreamFreesTheUpstreamConnection) {
  std::atomic<bool> upstream_saw_close{false};
  ScriptedUpstream upstream([&](ScriptedConnection& c) {
    if (!c.ReadRequest()) return;
    c.Write(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
        "Transfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 2000 && !upstream.stopping(); ++i) {
      if (!c.Write(Chunk("data: tick\n\n"))) break;
      std::this_thread::sleep_for(5ms);
    }
    upstream_saw_close = c.WaitPeerClosed(1s);
  });
  PistacheFront front(*proxy_, upstream.Url(""));
  {
    RawClient client(front.port());
    ASSERT_TRUE(client.Send(Get("/api/stream")));
    ASSERT_TRUE(client.ReadUntil("data: tick"));
  }  // the client goes away mid-stream
  auto outcomes = front.WaitOutcomes(1, 10s);
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_TRUE(outcomes[0].error);
  EXPECT_EQ(outcomes[0].error->code, UpstreamErrorCode::kClientGone);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!upstream_saw_close && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_TRUE(upstream_saw_close.load());
  EXPECT_EQ(proxy_->GetStats().open_connections, 0u);
  EXPECT_EQ(proxy_->GetStats().calls_in_flight, 0u);
}

TEST_F(ProxyLoopbackTest, UnusableUpstreamUrlIs502WithoutAConnection) {
  PistacheFront front(*proxy_, "https://127.0.0.1:1");
  RawClient client(front.port());
  ASSERT_TRUE(client.Send(Get("/api/x")));
  ASSERT_TRUE(client.ReadUntil("upstream unavailable\n"));
  auto outcomes = front.WaitOutcomes(1);
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_TRUE(outcomes[0].error);
  EXPECT_EQ(outcomes[0].error->code, UpstreamErrorCode::kBadRequest);
  EXPECT_EQ(proxy_->GetStats().connections_opened, 0u);
}

}  // namespace
}  // namespace portcullis::proxy
