// demo-upstream: wiring only. Config, logging, token verification chain, HTTP, wait for signal.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

#include "adapters/http_endpoints.h"
#include "config.h"
#include "demo_api.h"
#include "portcullis/common/config.h"
#include "portcullis/common/logging.h"
#include "portcullis/common/shutdown.h"
#include "portcullis/http/curl_http_fetcher.h"
#include "portcullis/token/composite_verifier.h"
#include "portcullis/token/remote_key_set.h"
#include "portcullis/token/verifier.h"
#include "token_authenticator.h"

using namespace portcullis;
using namespace portcullis::demo_upstream;

int main(int argc, char** argv) {
  BlockShutdownSignals();  // before any thread: Pistache's threads inherit the mask
  Result<LoadedConfig> loaded =
      LoadConfig(std::vector<std::string>(argv + 1, argv + argc), ProcessEnvironment());
  if (!loaded.ok()) ExitOnConfigError(loaded.error());
  if (loaded->help) {
    std::fputs(loaded->help_text.c_str(), stdout);
    return 0;
  }
  const DemoUpstreamConfig& cfg = loaded->config;
  if (Status s = InitLogging({"demo-upstream", cfg.log_level, cfg.log_json}); !s.ok()) {
    ExitOnConfigError(s.error());
  }

  SystemClock clock;
  http::CurlHttpFetcher fetcher;
  token::RemoteKeySetOptions key_options;
  key_options.discovery_uri = cfg.DiscoveryUrl();
  key_options.expected_issuer = cfg.issuer;
  auto keys = std::make_shared<token::RemoteKeySet>(fetcher, clock, key_options);
  token::VerifyPolicy policy;
  policy.issuers = {cfg.issuer};
  policy.audiences = cfg.audiences;
  policy.leeway = std::chrono::duration_cast<std::chrono::seconds>(cfg.leeway);
  auto verifier = std::make_shared<const token::Verifier>(keys, policy);

  token::CompositeVerifier chain;
  if (!cfg.service_token.empty()) {
    chain.Add(std::make_unique<token::StaticTokenProvider>(
        "service-tokens", std::vector<token::StaticTokenProvider::ServiceToken>{
                              {"demo-service", cfg.service_token.reveal()}}));
  }
  chain.Add(std::make_unique<token::JwtProvider>("issuer", verifier));
  CompositeBearerAuthenticator authenticator(chain, clock);
  DemoApi api(authenticator, DemoLimits{cfg.max_stream_events, cfg.max_stream_interval});

  // Fetch the keys before serving so the first requests do not wait on the issuer; an issuer
  // that is not up yet is retried by the key set on demand.
  if (auto k = keys->Keys(); !k.ok()) {
    spdlog::warn("issuer keys not available yet ({}); will retry on demand", k.error().ToString());
  }

  HttpEndpoints http(api);
  if (Status s = http.Start(cfg.bind, cfg.port, cfg.threads,
                            static_cast<size_t>(cfg.max_request_kib) * 1024);
      !s.ok()) {
    spdlog::error("{}", s.error().ToString());
    return 1;
  }
  spdlog::info("demo-upstream serving on {}:{} for issuer {} (audiences {}, service token {})",
               cfg.bind, cfg.port, cfg.issuer, cfg.audiences.size(),
               cfg.service_token.empty() ? "off" : "on");
  std::printf("demo-upstream listening on http://%s:%d\n", cfg.bind.c_str(), cfg.port);
  std::fflush(stdout);

  int sig = WaitForShutdownSignal();
  spdlog::info("signal {}: stopping", sig);
  http.Stop();
  return 0;
}
