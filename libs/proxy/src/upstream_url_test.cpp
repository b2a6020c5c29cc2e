#include "upstream_url.h"

#include <gtest/gtest.h>

namespace portcullis::proxy {
namespace {

TEST(UpstreamUrlTest, SplitsHostPortAndTarget) {
  auto url = ParseUpstreamUrl("http://127.0.0.1:9500/api/ping?x=1&y=2");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 9500);
  EXPECT_EQ(url->authority, "127.0.0.1:9500");
  EXPECT_EQ(url->target, "/api/ping?x=1&y=2");
}

TEST(UpstreamUrlTest, DefaultsPortAndPath) {
  auto url = ParseUpstreamUrl("HTTP://upstream.local");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->port, 80);
  EXPECT_EQ(url->target, "/");
  auto query_only = ParseUpstreamUrl("http://h:1?q");
  ASSERT_TRUE(query_only);
  EXPECT_EQ(query_only->target, "/?q");
}

TEST(UpstreamUrlTest, RefusesWhatTheEngineCannotOrMustNotUse) {
  for (const char* bad :
       {"https://h/x", "ftp://h/", "http://", "http://user:pw@h/", "http://[::1]:80/",
        "http://h:0/", "http://h:65536/", "http://h:8x/", "http://h/a b", "http://h/a#frag",
        "http://h/\r\nX: y", "http://:80/", "http://h:/"}) {
    EXPECT_FALSE(ParseUpstreamUrl(bad)) << bad;
  }
}

}  // namespace
}  // namespace portcullis::proxy
