#include "upstream_headers.h"

#include <gtest/gtest.h>

namespace portcullis::gateway {
namespace {

std::vector<std::string> Values(const HeaderList& h, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [n, v] : h) {
    if (EqualsIgnoreCase(n, name)) out.push_back(v);
  }
  return out;
}

TEST(UpstreamHeadersTest, RewritesForTheUpstream) {
  HeaderList client = {{"Host", "gw.example"},
                       {"Connection", "keep-alive, X-Secret-Hop"},
                       {"X-Secret-Hop", "1"},
                       {"Keep-Alive", "timeout=5"},
                       {"Transfer-Encoding", "chunked"},
                       {"Upgrade", "websocket"},
                       {"Proxy-Authorization", "Basic x"},
                       {"authorization", "Bearer client-supplied"},
                       {"Cookie", "theme=dark; portcullis=SESSION; lang=en"},
                       {"X-CSRF-Token", "csrf"},
                       {"X-Forwarded-For", "6.6.6.6"},
                       {"Forwarded", "for=6.6.6.6"},
                       {"X-Request-Id", "client-chosen"},
                       {"Accept", "text/event-stream"},
                       {"Content-Type", "application/json"}};
  ForwardContext ctx{.bearer_token = "user-token",
                     .request_id = "req-1",
                     .client_address = "10.1.2.3",
                     .proto = "https",
                     .host = "gw.example",
                     .session_cookie_name = "portcullis"};
  HeaderList up = BuildUpstreamHeaders(client, ctx);
  for (std::string_view gone :
       {"Connection", "X-Secret-Hop", "Keep-Alive", "Transfer-Encoding", "Upgrade",
        "Proxy-Authorization", "X-CSRF-Token", "Forwarded", "Host"}) {
    EXPECT_TRUE(Values(up, gone).empty()) << gone;
  }
  EXPECT_EQ(Values(up, "Authorization"), std::vector<std::string>{"Bearer user-token"});
  EXPECT_EQ(Values(up, "Cookie"), std::vector<std::string>{"theme=dark; lang=en"});
  EXPECT_EQ(Values(up, "X-Request-Id"), std::vector<std::string>{"req-1"});
  EXPECT_EQ(Values(up, "X-Forwarded-For"), std::vector<std::string>{"10.1.2.3"});
  EXPECT_EQ(Values(up, "X-Forwarded-Proto"), std::vector<std::string>{"https"});
  EXPECT_EQ(Values(up, "X-Forwarded-Host"), std::vector<std::string>{"gw.example"});
  EXPECT_EQ(Values(up, "Accept"), std::vector<std::string>{"text/event-stream"});
  EXPECT_EQ(Values(up, "Content-Type"), std::vector<std::string>{"application/json"});
}

TEST(UpstreamHeadersTest, DropsCookieHeaderWhenOnlyOursOrMalformed) {
  ForwardContext ctx{.session_cookie_name = "portcullis"};
  EXPECT_TRUE(Values(BuildUpstreamHeaders({{"Cookie", "portcullis=S"}}, ctx), "Cookie").empty());
  EXPECT_TRUE(
      Values(BuildUpstreamHeaders({{"Cookie", "junk; portcullis=S"}}, ctx), "Cookie").empty());
}

TEST(UpstreamHeadersTest, AnonymousCallsCarryNoAuthorization) {
  HeaderList up = BuildUpstreamHeaders({{"Authorization", "Bearer x"}}, ForwardContext{});
  EXPECT_TRUE(Values(up, "Authorization").empty());
}

}  // namespace
}  // namespace portcullis::gateway
