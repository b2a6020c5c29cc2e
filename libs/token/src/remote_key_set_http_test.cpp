// RemoteKeySet over real HTTP: OIDC discovery and JWKS served on 127.0.0.1, fetched with
// CurlHttpFetcher, then used to verify tokens (including an unknown-kid refresh).
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "portcullis/common/testing/fake_clock.h"
#include "portcullis/http/curl_http_fetcher.h"
#include "portcullis/http/testing/loopback_http_server.h"
#include "portcullis/token/remote_key_set.h"
#include "portcullis/token/verifier.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

TEST(RemoteKeySetHttpTest, DiscoversFetchesAndRefreshesOverHttp) {
  const Signer first = testing::SignerFor(Algorithm::kRS256, "first", 0);
  const Signer second = testing::SignerFor(Algorithm::kEdDSA, "second", 0);
  std::mutex mu;
  std::string jwks = testing::JwksJson({&first});
  std::string base;
  http::testing::LoopbackHttpServer server([&](std::string_view path) {
    std::lock_guard<std::mutex> guard(mu);
    if (path == "/.well-known/openid-configuration") {
      return http::testing::LoopbackHttpServer::Response(
          200, "{\"issuer\":\"" + std::string(testing::kIssuer) + "\",\"jwks_uri\":\"" + base +
                   "/keys\"}");
    }
    if (path == "/keys") {
      return http::testing::LoopbackHttpServer::Response(200, jwks,
                                                         "Cache-Control: max-age=3600\r\n");
    }
    return http::testing::LoopbackHttpServer::Response(404, "{}");
  });
  {
    std::lock_guard<std::mutex> guard(mu);
    base = server.Url("");
  }
  portcullis::testing::FakeClock clock(testing::At(testing::kNow));
  http::CurlHttpFetcher fetcher;
  RemoteKeySetOptions options;
  options.discovery_uri = server.Url("/.well-known/openid-configuration");
  options.expected_issuer = testing::kIssuer;
  auto keys = std::make_shared<RemoteKeySet>(fetcher, clock, options);
  Verifier verifier(keys, testing::TestPolicy(), 100);

  auto r = verifier.Verify(*first.Sign(testing::BasicClaims()), clock.Now());
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(server.requests(), 2);  // discovery + keys

  {
    std::lock_guard<std::mutex> guard(mu);
    jwks = testing::JwksJson({&first, &second});
  }
  clock.Advance(std::chrono::seconds(31));
  auto rotated = verifier.Verify(*second.Sign(testing::BasicClaims()), clock.Now());
  ASSERT_TRUE(rotated.ok()) << rotated.error().ToString();
  EXPECT_EQ(server.requests(), 3);
  EXPECT_EQ(keys->fetch_count(), 2u);
}

}  // namespace
}  // namespace portcullis::token
