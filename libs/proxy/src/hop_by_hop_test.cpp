#include "portcullis/proxy/hop_by_hop.h"

#include <gtest/gtest.h>

namespace portcullis::proxy {
namespace {

TEST(HopByHopTest, RemovesTheFixedListInAnyCase) {
  HeaderList headers = {{"Connection", "keep-alive"}, {"KEEP-ALIVE", "timeout=5"},
                        {"proxy-connection", "x"},    {"Proxy-Authenticate", "Basic"},
                        {"Proxy-Authorization", "b"}, {"te", "trailers"},
                        {"Trailer", "X-Sum"},         {"Transfer-Encoding", "chunked"},
                        {"Upgrade", "websocket"},     {"Content-Type", "text/plain"},
                        {"X-Request-Id", "r1"}};
  RemoveHopByHopHeaders(headers);
  EXPECT_EQ(headers, (HeaderList{{"Content-Type", "text/plain"}, {"X-Request-Id", "r1"}}));
}

TEST(HopByHopTest, RemovesNamesListedInConnection) {
  HeaderList headers = {{"X-A", "1"},          {"connection", " x-secret-hop ,X-Other"},
                        {"X-Secret-Hop", "s"}, {"Connection", "close"},
                        {"x-other", "o"},      {"X-Kept", "k"}};
  RemoveHopByHopHeaders(headers);
  EXPECT_EQ(headers, (HeaderList{{"X-A", "1"}, {"X-Kept", "k"}}));
}

TEST(HopByHopTest, EmptyTokensInConnectionRemoveNothingElse) {
  HeaderList headers = {{"Connection", " , ,"}, {"X-A", "1"}};
  RemoveHopByHopHeaders(headers);
  EXPECT_EQ(headers, (HeaderList{{"X-A", "1"}}));
}

TEST(HopByHopTest, EndToEndHeadersAreNotHopByHop) {
  EXPECT_FALSE(IsHopByHopHeader("Authorization"));
  EXPECT_FALSE(IsHopByHopHeader("Content-Length"));
  EXPECT_FALSE(IsHopByHopHeader("Transfer-Encodings"));
  EXPECT_TRUE(IsHopByHopHeader("TRANSFER-ENCODING"));
}

TEST(HopByHopTest, HeaderNamesCompareIgnoringAsciiCase) {
  EXPECT_TRUE(HeaderNameEquals("Content-Length", "content-LENGTH"));
  EXPECT_FALSE(HeaderNameEquals("Content-Length", "Content-Lengt"));
  EXPECT_FALSE(HeaderNameEquals("a", "b"));
}

TEST(HopByHopTest, Http11ConnectionsPersistUnlessTheClientSaysClose) {
  EXPECT_TRUE(ConnectionPersists(true, ""));
  EXPECT_TRUE(ConnectionPersists(true, "keep-alive"));
  EXPECT_TRUE(ConnectionPersists(true, "Upgrade"));
  EXPECT_FALSE(ConnectionPersists(true, "close"));
  EXPECT_FALSE(ConnectionPersists(true, "X-Trace, Close"));
  EXPECT_FALSE(ConnectionPersists(true, "keep-alive, close"));  // close wins
}

TEST(HopByHopTest, Http10ConnectionsPersistOnlyWhenAskedTo) {
  EXPECT_FALSE(ConnectionPersists(false, ""));
  EXPECT_FALSE(ConnectionPersists(false, "X-Trace"));
  EXPECT_TRUE(ConnectionPersists(false, "Keep-Alive"));
  EXPECT_TRUE(ConnectionPersists(false, " x , keep-alive "));
  EXPECT_FALSE(ConnectionPersists(false, "keep-alive,close"));
}

}  // namespace
}  // namespace portcullis::proxy
