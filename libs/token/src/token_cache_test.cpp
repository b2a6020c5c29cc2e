#include "portcullis/token/token_cache.h"

#include <gtest/gtest.h>

#include "portcullis/token/verifier.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

using testing::At;
using testing::kNow;

class TokenCacheTest : public ::testing::Test {
 protected:
  const Signer signer_ = testing::SignerFor(Algorithm::kES256, "k1");
  std::shared_ptr<StaticKeySource> keys_ =
      std::make_shared<StaticKeySource>(testing::KeySet({&signer_}));

  std::string TokenFor(std::string_view sub, int64_t exp = kNow + 3600) {
    return *signer_.Sign(std::string("{\"iss\":\"") + testing::kIssuer + "\",\"aud\":\"" +
                         testing::kAudience + "\",\"sub\":\"" + std::string(sub) +
                         "\",\"exp\":" + std::to_string(exp) + "}");
  }
};

TEST_F(TokenCacheTest, HitReturnsTheSameVerification) {
  Verifier v(keys_, testing::TestPolicy(), 16);
  const std::string t = TokenFor("a");
  auto first = v.Verify(t, At(kNow));
  ASSERT_TRUE(first.ok());
  auto second = v.Verify(t, At(kNow + 1));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->get(), second->get());
  EXPECT_EQ(v.cache()->stats().hits, 1u);
  EXPECT_EQ(v.cache()->stats().misses, 1u);
}

TEST_F(TokenCacheTest, HitStillChecksTimeAndPolicy) {
  Verifier v(keys_, testing::TestPolicy(), 16);
  const std::string t = TokenFor("a", kNow + 10);
  ASSERT_TRUE(v.Verify(t, At(kNow)).ok());
  // Past exp the entry is gone and the fresh verification says expired.
  EXPECT_EQ(v.Verify(t, At(kNow + 10)).code(), TokenErrorCode::kExpired);
  // With leeway the cached entry is dropped at exp, and the re-verification still accepts.
  VerifyPolicy lenient = testing::TestPolicy();
  lenient.leeway = std::chrono::seconds(60);
  Verifier v2(keys_, lenient, 16);
  ASSERT_TRUE(v2.Verify(t, At(kNow)).ok());
  EXPECT_TRUE(v2.Verify(t, At(kNow + 30)).ok());
}

TEST_F(TokenCacheTest, HitReChecksNotBeforeAgainstNow) {
  // A cache hit must not let a token through at a time its claims forbid.
  TokenCache cache(4);
  const std::string t = *signer_.Sign(
      std::string("{\"iss\":\"") + testing::kIssuer + "\",\"aud\":\"" + testing::kAudience +
      "\",\"nbf\":" + std::to_string(kNow) + ",\"exp\":" + std::to_string(kNow + 100) + "}");
  auto verified = VerifyJws(t, testing::KeySet({&signer_}), testing::TestPolicy(), At(kNow));
  ASSERT_TRUE(verified.ok());
  auto shared = std::make_shared<const VerifiedToken>(std::move(*verified));
  cache.Insert(t, shared);
  ASSERT_EQ(cache.Lookup(t, At(kNow - 50)), shared);
  EXPECT_EQ(CheckClaims(shared->claims, testing::TestPolicy(), At(kNow - 50)).code(),
            TokenErrorCode::kNotYetValid);
}

TEST_F(TokenCacheTest, ConfirmsTheWholeTokenNotJustTheKey) {
  TokenCache cache(4);
  const std::string t = TokenFor("a");
  auto v = std::make_shared<const VerifiedToken>(
      *VerifyJws(t, testing::KeySet({&signer_}), testing::TestPolicy(), At(kNow)));
  cache.Insert(t, v);
  // Same last 32 bytes (signature tail), different payload.
  std::string forged = t;
  forged[forged.find('.') + 3] ^= 1;
  EXPECT_EQ(cache.Lookup(forged, At(kNow)), nullptr);
  EXPECT_EQ(cache.Lookup(t, At(kNow)), v);
}

TEST_F(TokenCacheTest, EvictsLeastRecentlyUsed) {
  TokenCache cache(2);
  auto keys = testing::KeySet({&signer_});
  std::vector<std::string> tokens = {TokenFor("a"), TokenFor("b"), TokenFor("c")};
  std::vector<std::shared_ptr<const VerifiedToken>> verified;
  for (const auto& t : tokens) {
    verified.push_back(std::make_shared<const VerifiedToken>(
        *VerifyJws(t, keys, testing::TestPolicy(), At(kNow))));
  }
  cache.Insert(tokens[0], verified[0]);
  cache.Insert(tokens[1], verified[1]);
  ASSERT_NE(cache.Lookup(tokens[0], At(kNow)), nullptr);  // a is now most recent
  cache.Insert(tokens[2], verified[2]);                   // evicts b
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.Lookup(tokens[1], At(kNow)), nullptr);
  EXPECT_NE(cache.Lookup(tokens[0], At(kNow)), nullptr);
  EXPECT_NE(cache.Lookup(tokens[2], At(kNow)), nullptr);
  EXPECT_EQ(cache.stats().evictions, 1u);
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(TokenCacheTest, NeverCachesFailures) {
  Verifier v(keys_, testing::TestPolicy(), 16);
  std::string t = TokenFor("a");
  t.back() = t.back() == 'A' ? 'Q' : 'A';
  EXPECT_FALSE(v.Verify(t, At(kNow)).ok());
  EXPECT_EQ(v.cache()->size(), 0u);
}

}  // namespace
}  // namespace portcullis::token
