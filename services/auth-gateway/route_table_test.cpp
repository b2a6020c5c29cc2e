#include "route_table.h"

#include <gtest/gtest.h>

namespace portcullis::gateway {
namespace {

TEST(RouteTableTest, LongestPrefixWinsAtSegmentBoundaries) {
  auto table = RouteTable::Make({*ParseRoute("/api http://127.0.0.1:9500"),
                                 *ParseRoute("/api/public/ http://127.0.0.1:9600 public"),
                                 *ParseRoute("/mcp/ http://10.0.0.2:80 authenticated")});
  ASSERT_TRUE(table.ok());
  ASSERT_NE(table->Match("/api/whoami"), nullptr);
  EXPECT_EQ(table->Match("/api/whoami")->upstream, "http://127.0.0.1:9500");
  EXPECT_EQ(table->Match("/api")->upstream, "http://127.0.0.1:9500");
  EXPECT_EQ(table->Match("/api/public/x")->upstream, "http://127.0.0.1:9600");
  EXPECT_EQ(table->Match("/api/public/x")->access, RouteAccess::kPublic);
  EXPECT_EQ(table->Match("/apiary"), nullptr);
  EXPECT_EQ(table->Match("/mcp"), nullptr);
  EXPECT_EQ(table->Match("/auth/me"), nullptr);
  EXPECT_EQ(table->Match("/api/whoami")->UpstreamUrl("/api/whoami?x=1"),
            "http://127.0.0.1:9500/api/whoami?x=1");
}

TEST(RouteTableTest, RejectsBadSpecs) {
  for (std::string_view bad :
       {"", "api http://a", "/api", "/api https://a", "/api http://a/", "/api http://a x",
        "/api http://a public extra", "/auth/ http://a", "/.well-known/x http://a", "/ http://a",
        "/metrics http://a", "/api/../x http://a", "/api http://a@b"}) {
    EXPECT_EQ(ParseRoute(bad).code(), ErrorCode::kBadRequest) << bad;
  }
  EXPECT_EQ(RouteTable::Make({*ParseRoute("/a http://x"), *ParseRoute("/a http://y")}).code(),
            ErrorCode::kBadRequest);
}

TEST(RouteTableTest, RefusesPathsAnUpstreamCouldNormaliseElsewhere) {
  EXPECT_TRUE(IsCleanPath("/api/whoami"));
  EXPECT_TRUE(IsCleanPath("/api/a.b/..c/"));
  for (std::string_view bad :
       {"/api/../admin", "/api/./x", "/api/%2e%2e/admin", "/api/%2E./x", "/api/..", "/api/a%2Fb",
        "/api/a%5cb", "/api\\x", "/api/a%00", "api", "/api/\x01"}) {
    EXPECT_FALSE(IsCleanPath(bad)) << bad;
  }
}

}  // namespace
}  // namespace portcullis::gateway
