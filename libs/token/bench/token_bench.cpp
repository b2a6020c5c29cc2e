// Google Benchmark: verifications per second on one core for a realistic ~1.5 KB Entra-like access
// token (RS256, ES256, EdDSA, HS256), and cache-hit checks per second through Verifier.
// scripts/bench/token.sh runs this next to `openssl speed` and prints the ratios.
#include <benchmark/benchmark.h>

#include "portcullis/token/verifier.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

constexpr const char* kTid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
constexpr const char* kClient = "6e74172b-be56-4843-9ff4-e66a39bb12e3";

VerifyPolicy EntraPolicy() {
  VerifyPolicy p;
  p.algorithms = AllAlgorithms();
  p.issuers = {"https://login.microsoftonline.com/{tenantid}/v2.0"};
  p.audiences = {kClient};
  p.leeway = std::chrono::seconds(300);
  return p;
}

void BM_Verify(benchmark::State& state, Algorithm alg) {
  const Signer signer = testing::SignerFor(alg, "bench-key-2026");
  const JwkSet keys = testing::KeySet({&signer});
  const std::string token = *signer.Sign(testing::EntraClaims(kTid, kClient, testing::kNow));
  const VerifyPolicy policy = EntraPolicy();
  const TimePoint now = testing::At(testing::kNow);
  if (!VerifyJws(token, keys, policy, now).ok()) {
    state.SkipWithError("token does not verify");
    return;
  }
  for (auto _ : state) {
    auto r = VerifyJws(token, keys, policy, now);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["token_bytes"] = static_cast<double>(token.size());
}

void BM_CacheHit(benchmark::State& state) {
  const Signer signer = testing::SignerFor(Algorithm::kRS256, "bench-key-2026");
  Verifier verifier(std::make_shared<StaticKeySource>(testing::KeySet({&signer})), EntraPolicy(),
                    10000);
  const std::string token = *signer.Sign(testing::EntraClaims(kTid, kClient, testing::kNow));
  const TimePoint now = testing::At(testing::kNow);
  if (!verifier.Verify(token, now).ok()) {
    state.SkipWithError("token does not verify");
    return;
  }
  const auto before = verifier.cache()->stats();
  for (auto _ : state) {
    auto r = verifier.Verify(token, now);
    benchmark::DoNotOptimize(r);
  }
  const auto after = verifier.cache()->stats();
  const double lookups =
      static_cast<double>((after.hits - before.hits) + (after.misses - before.misses));
  state.SetItemsProcessed(state.iterations());
  state.counters["hit_rate"] =
      lookups > 0 ? static_cast<double>(after.hits - before.hits) / lookups : 0;
  state.counters["token_bytes"] = static_cast<double>(token.size());
}

// Everything but the public-key operation: split, base64url, strict JSON, header rules, key
// selection and the claims policy. The gap between this and a full verify is OpenSSL's.
void BM_ParseAndPolicyOnly(benchmark::State& state) {
  const Signer signer = testing::SignerFor(Algorithm::kRS256, "bench-key-2026");
  const JwkSet keys = testing::KeySet({&signer});
  const std::string token = *signer.Sign(testing::EntraClaims(kTid, kClient, testing::kNow));
  const VerifyPolicy policy = EntraPolicy();
  const TimePoint now = testing::At(testing::kNow);
  for (auto _ : state) {
    auto jws = ParseJws(token);
    auto key = keys.Select(jws->header.alg, jws->header.kid);
    Claims claims(jws->claims_json);
    auto s = CheckClaims(claims, policy, now);
    benchmark::DoNotOptimize(key);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["token_bytes"] = static_cast<double>(token.size());
}

BENCHMARK(BM_ParseAndPolicyOnly);
BENCHMARK_CAPTURE(BM_Verify, RS256, Algorithm::kRS256);
BENCHMARK_CAPTURE(BM_Verify, ES256, Algorithm::kES256);
BENCHMARK_CAPTURE(BM_Verify, EdDSA, Algorithm::kEdDSA);
BENCHMARK_CAPTURE(BM_Verify, HS256, Algorithm::kHS256);
BENCHMARK(BM_CacheHit);

}  // namespace
}  // namespace portcullis::token

BENCHMARK_MAIN();
