// RemoteKeySet with a fake clock and a fake fetcher: TTL clamping, unknown-kid refetch limits,
// shared concurrent fetches, discovery and serving the last good set on failure.
#include "portcullis/token/remote_key_set.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "portcullis/common/testing/fake_clock.h"
#include "portcullis/http/testing/fake_http_fetcher.h"
#include "portcullis/token/verifier.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kJwksUrl = "https://idp.example/keys";
constexpr const char* kDiscoveryUrl = "https://idp.example/.well-known/openid-configuration";

class RemoteKeySetTest : public ::testing::Test {
 protected:
  RemoteKeySetTest() : clock_(testing::At(testing::kNow)) {}

  void Serve(const std::vector<const Signer*>& signers, std::string cache_control = "") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!cache_control.empty()) headers.emplace_back("Cache-Control", cache_control);
    http_.SetResponse(kJwksUrl, 200, testing::JwksJson(signers), headers);
  }
  RemoteKeySetOptions Options() {
    RemoteKeySetOptions o;
    o.jwks_uri = kJwksUrl;
    return o;
  }
  std::string Token(const Signer& s) { return *s.Sign(testing::BasicClaims()); }

  portcullis::testing::FakeClock clock_;
  http::testing::FakeHttpFetcher http_;
  const Signer old_ = testing::SignerFor(Algorithm::kES256, "old", 0);
  const Signer new_ = testing::SignerFor(Algorithm::kES256, "new", 1);
};

TEST_F(RemoteKeySetTest, FetchesOnceAndServesFromCache) {
  Serve({&old_}, "public, max-age=3600");
  RemoteKeySet keys(http_, clock_, Options());
  ASSERT_TRUE(keys.Keys().ok());
  ASSERT_TRUE(keys.Keys().ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 1);
  clock_.Advance(minutes(59));
  ASSERT_TRUE(keys.Keys().ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 1);
  clock_.Advance(minutes(1));
  ASSERT_TRUE(keys.Keys().ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 2);
}

TEST_F(RemoteKeySetTest, ClampsMaxAgeToFiveMinutesAtLeast) {
  Serve({&old_}, "max-age=10");
  RemoteKeySet keys(http_, clock_, Options());
  ASSERT_TRUE(keys.Keys().ok());
  clock_.Advance(seconds(299));
  ASSERT_TRUE(keys.Keys().ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 1);
  clock_.Advance(seconds(1));
  ASSERT_TRUE(keys.Keys().ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 2);
}

TEST_F(RemoteKeySetTest, ClampsMaxAgeTo24HoursAtMost) {
  Serve({&old_}, "max-age=604800");
  RemoteKeySet keys(http_, clock_, Options());
  ASSERT_TRUE(keys.Keys().ok());
  clock_.Advance(hours(24) - seconds(1));
  ASSERT_TRUE(keys.Keys().ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 1);
  clock_.Advance(seconds(1));
  ASSERT_TRUE(keys.Keys().ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 2);
}

TEST_F(RemoteKeySetTest, NoStoreStillCachesForTheMinimum) {
  Serve({&old_}, "no-store");
  RemoteKeySet keys(http_, clock_, Options());
  ASSERT_TRUE(keys.Keys().ok());
  clock_.Advance(seconds(200));
  ASSERT_TRUE(keys.Keys().ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 1);
}

TEST_F(RemoteKeySetTest, UnknownKidRefetchesAtMostOncePer30Seconds) {
  Serve({&old_}, "max-age=3600");
  auto keys = std::make_shared<RemoteKeySet>(http_, clock_, Options());
  Verifier verifier(keys, testing::TestPolicy(), 0);
  ASSERT_TRUE(verifier.Verify(Token(old_), clock_.Now()).ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 1);
  // The issuer rotates; a token with the new kid arrives within 30 s of the first fetch.
  Serve({&old_, &new_}, "max-age=3600");
  EXPECT_EQ(verifier.Verify(Token(new_), clock_.Now()).code(), TokenErrorCode::kUnknownKeyId);
  EXPECT_EQ(http_.Calls(kJwksUrl), 1);
  clock_.Advance(seconds(30));
  ASSERT_TRUE(verifier.Verify(Token(new_), clock_.Now()).ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 2);
  // A kid that does not exist anywhere: one refetch per 30 s, no more.
  const Signer stranger = testing::SignerFor(Algorithm::kES256, "stranger", 2);
  clock_.Advance(seconds(30));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(verifier.Verify(Token(stranger), clock_.Now()).code(), TokenErrorCode::kUnknownKeyId);
  }
  EXPECT_EQ(http_.Calls(kJwksUrl), 3);
  clock_.Advance(seconds(29));
  EXPECT_EQ(verifier.Verify(Token(stranger), clock_.Now()).code(), TokenErrorCode::kUnknownKeyId);
  EXPECT_EQ(http_.Calls(kJwksUrl), 3);
  clock_.Advance(seconds(1));
  EXPECT_EQ(verifier.Verify(Token(stranger), clock_.Now()).code(), TokenErrorCode::kUnknownKeyId);
  EXPECT_EQ(http_.Calls(kJwksUrl), 4);
}

TEST_F(RemoteKeySetTest, RefetchIntervalIsConfigurable) {
  Serve({&old_}, "max-age=3600");
  RemoteKeySetOptions o = Options();
  o.unknown_kid_refetch_interval = seconds(5);
  RemoteKeySet keys(http_, clock_, o);
  ASSERT_TRUE(keys.Keys().ok());
  clock_.Advance(seconds(5));
  ASSERT_TRUE(keys.KeysAfterUnknownKid("x").ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 2);
}

TEST_F(RemoteKeySetTest, ConcurrentMissesShareOneFetch) {
  Serve({&old_}, "max-age=3600");
  auto keys = std::make_shared<RemoteKeySet>(http_, clock_, Options());
  ASSERT_TRUE(keys->Keys().ok());
  clock_.Advance(minutes(1));
  Serve({&old_, &new_}, "max-age=3600");
  http_.Hold();
  Verifier verifier(keys, testing::TestPolicy(), 0);
  const std::string token = Token(new_);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (verifier.Verify(token, clock_.Now()).ok()) ++ok;
    });
  }
  // Let every thread reach the fetch (or the wait for it) before releasing the fake server.
  while (http_.Calls(kJwksUrl) < 2) std::this_thread::yield();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  http_.Release();
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(http_.Calls(kJwksUrl), 2);
  EXPECT_EQ(keys->fetch_count(), 2u);
}

TEST_F(RemoteKeySetTest, FailedRefreshKeepsServingTheLastGoodSet) {
  Serve({&old_}, "max-age=300");
  auto keys = std::make_shared<RemoteKeySet>(http_, clock_, Options());
  Verifier verifier(keys, testing::TestPolicy(), 0);
  ASSERT_TRUE(verifier.Verify(Token(old_), clock_.Now()).ok());
  http_.SetResponse(kJwksUrl, 503, "down");
  clock_.Advance(minutes(10));
  EXPECT_TRUE(verifier.Verify(Token(old_), clock_.Now()).ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 2);
  // Failures are retried at most every 30 s, not on every request.
  EXPECT_TRUE(verifier.Verify(Token(old_), clock_.Now()).ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 2);
  http_.SetError(kJwksUrl, http::FetchErrorCode::kTimeout);
  clock_.Advance(seconds(30));
  EXPECT_TRUE(verifier.Verify(Token(old_), clock_.Now()).ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 3);
  // Garbage is a failure too.
  http_.SetResponse(kJwksUrl, 200, "{not json");
  clock_.Advance(seconds(30));
  EXPECT_TRUE(verifier.Verify(Token(old_), clock_.Now()).ok());
  EXPECT_EQ(http_.Calls(kJwksUrl), 4);
  // Recovery.
  Serve({&new_}, "max-age=300");
  clock_.Advance(seconds(30));
  EXPECT_TRUE(verifier.Verify(Token(new_), clock_.Now()).ok());
}

TEST_F(RemoteKeySetTest, UnavailableWhenNoSetWasEverFetched) {
  http_.SetError(kJwksUrl, http::FetchErrorCode::kConnect);
  auto keys = std::make_shared<RemoteKeySet>(http_, clock_, Options());
  Verifier verifier(keys, testing::TestPolicy(), 0);
  auto r = verifier.Verify(Token(old_), clock_.Now());
  EXPECT_EQ(r.code(), TokenErrorCode::kKeySetUnavailable);
  EXPECT_EQ(ToError(r.error()).code, ErrorCode::kUnavailable);
}

TEST_F(RemoteKeySetTest, ResolvesJwksUriFromDiscovery) {
  Serve({&old_}, "max-age=600");
  http_.SetResponse(kDiscoveryUrl, 200,
                    std::string(R"({"issuer":"https://idp.example","jwks_uri":")") + kJwksUrl +
                        R"(","authorization_endpoint":"https://idp.example/authorize"})");
  RemoteKeySetOptions o;
  o.discovery_uri = kDiscoveryUrl;
  o.expected_issuer = "https://idp.example";
  auto keys = std::make_shared<RemoteKeySet>(http_, clock_, o);
  Verifier verifier(keys, testing::TestPolicy(), 0);
  ASSERT_TRUE(verifier.Verify(Token(old_), clock_.Now()).ok());
  EXPECT_EQ(http_.Calls(kDiscoveryUrl), 1);
  clock_.Advance(minutes(11));
  ASSERT_TRUE(verifier.Verify(Token(old_), clock_.Now()).ok());
  EXPECT_EQ(http_.Calls(kDiscoveryUrl), 1);  // jwks_uri is remembered
  EXPECT_EQ(http_.Calls(kJwksUrl), 2);
}

TEST_F(RemoteKeySetTest, RejectsDiscoveryForAnotherIssuer) {
  http_.SetResponse(
      kDiscoveryUrl, 200,
      std::string(R"({"issuer":"https://evil.example","jwks_uri":")") + kJwksUrl + "\"}");
  RemoteKeySetOptions o;
  o.discovery_uri = kDiscoveryUrl;
  o.expected_issuer = "https://idp.example";
  RemoteKeySet keys(http_, clock_, o);
  EXPECT_EQ(keys.Keys().code(), TokenErrorCode::kKeySetUnavailable);
  EXPECT_EQ(http_.Calls(kJwksUrl), 0);
}

}  // namespace
}  // namespace portcullis::token
