#include "request_writer.h"

#include <gtest/gtest.h>

namespace portcullis::proxy {
namespace {

UpstreamUrl Url() { return *ParseUpstreamUrl("http://127.0.0.1:9500/api/echo?x=1"); }

TEST(RequestWriterTest, WritesOwnFramingAndKeepAlive) {
  UpstreamRequest req{.method = "POST",
                      .url = "",
                      .headers = {{"Authorization", "Bearer t"}, {"Content-Type", "text/plain"}},
                      .body = "hello"};
  std::string error;
  auto wire = SerializeUpstreamRequest(req, Url(), &error);
  ASSERT_TRUE(wire) << error;
  EXPECT_EQ(*wire,
            "POST /api/echo?x=1 HTTP/1.1\r\nAuthorization: Bearer t\r\nContent-Type: "
            "text/plain\r\nHost: 127.0.0.1:9500\r\nContent-Length: 5\r\nConnection: "
            "keep-alive\r\n\r\nhello");
}

// A caller-supplied Transfer-Encoding or Content-Length would make the upstream frame the body
// differently from what we send: the rest would be read as a second request (smuggling).
TEST(RequestWriterTest, DropsCallerFramingHeadersSoNothingCanBeSmuggled) {
  UpstreamRequest req{.method = "POST",
                      .headers = {{"Transfer-Encoding", "chunked"},
                                  {"Content-Length", "0"},
                                  {"content-length", "100"},
                                  {"Connection", "close"},
                                  {"Upgrade", "h2c"}},
                      .body = "0\r\n\r\nGET /admin HTTP/1.1\r\n\r\n"};
  std::string error;
  auto wire = SerializeUpstreamRequest(req, Url(), &error);
  ASSERT_TRUE(wire);
  EXPECT_EQ(wire->find("chunked"), std::string::npos);
  EXPECT_EQ(wire->find("close"), std::string::npos);
  EXPECT_EQ(wire->find("h2c"), std::string::npos);
  EXPECT_NE(wire->find("Content-Length: " + std::to_string(req.body.size()) + "\r\n"),
            std::string::npos);
  EXPECT_EQ(wire->find("Content-Length: 0"), std::string::npos);
  EXPECT_EQ(wire->find("Content-Length: 100"), std::string::npos);
}

TEST(RequestWriterTest, RefusesHeaderInjection) {
  std::string error;
  UpstreamRequest value{.method = "GET", .headers = {{"X-A", "v\r\nX-Injected: 1"}}};
  EXPECT_FALSE(SerializeUpstreamRequest(value, Url(), &error));
  UpstreamRequest name{.method = "GET", .headers = {{"X-A\r\nX-B", "v"}}};
  EXPECT_FALSE(SerializeUpstreamRequest(name, Url(), &error));
  UpstreamRequest nul{.method = "GET", .headers = {{"X-A", std::string("a\0b", 3)}}};
  EXPECT_FALSE(SerializeUpstreamRequest(nul, Url(), &error));
  UpstreamRequest method{.method = "GET /x HTTP/1.1\r\n"};
  EXPECT_FALSE(SerializeUpstreamRequest(method, Url(), &error));
}

TEST(RequestWriterTest, KeepsCallerHostAndOnlyTheFirst) {
  UpstreamRequest req{.method = "GET", .headers = {{"host", "api.example"}, {"Host", "evil"}}};
  std::string error;
  auto wire = SerializeUpstreamRequest(req, Url(), &error);
  ASSERT_TRUE(wire);
  EXPECT_EQ(*wire,
            "GET /api/echo?x=1 HTTP/1.1\r\nhost: api.example\r\nConnection: keep-alive\r\n\r\n");
}

TEST(RequestWriterTest, EmptyPostStillAnnouncesLength) {
  UpstreamRequest req{.method = "POST"};
  std::string error;
  auto wire = SerializeUpstreamRequest(req, Url(), &error);
  ASSERT_TRUE(wire);
  EXPECT_NE(wire->find("Content-Length: 0\r\n"), std::string::npos);
}

TEST(RequestWriterTest, IdempotentMethods) {
  EXPECT_TRUE(IsIdempotentMethod("GET"));
  EXPECT_TRUE(IsIdempotentMethod("DELETE"));
  EXPECT_FALSE(IsIdempotentMethod("POST"));
  EXPECT_FALSE(IsIdempotentMethod("PATCH"));
}

}  // namespace
}  // namespace portcullis::proxy
