// auth-gateway: wiring only. Config, logging, NATS, provider discovery, verifiers, caches, the
// proxy engine and the HTTP edge; then wait for a signal.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <thread>

#include "adapters/bus_audit_sink.h"
#include "adapters/http_server.h"
#include "adapters/nats_session_client.h"
#include "adapters/revocation_listener.h"
#include "config.h"
#include "gateway_service.h"
#include "oidc_identity_provider.h"
#include "portcullis/bus/audit_publisher.h"
#include "portcullis/bus/connection.h"
#include "portcullis/bus/jetstream.h"
#include "portcullis/common/config.h"
#include "portcullis/common/logging.h"
#include "portcullis/common/shutdown.h"
#include "portcullis/crypto/random.h"
#include "portcullis/http/curl_http_fetcher.h"
#include "portcullis/proxy/upstream_proxy.h"
#include "portcullis/token/composite_verifier.h"

using namespace portcullis;
using namespace portcullis::gateway;

namespace {

// The provider may still be starting (scripts/dev starts everything at once): retry discovery
// for a while before giving up with one clear line.
Result<std::unique_ptr<OidcIdentityProvider>> DiscoverWithRetry(http::HttpFetcher& fetcher,
                                                                const Clock& clock,
                                                                const GatewayConfig& cfg) {
  OidcProviderOptions o{cfg.provider_name, cfg.issuer, cfg.client_id, cfg.client_secret,
                        std::chrono::duration_cast<std::chrono::seconds>(cfg.token_leeway)};
  for (int attempt = 0;; ++attempt) {
    auto p = OidcIdentityProvider::Discover(fetcher, clock, o);
    if (p.ok() || p.code() != ErrorCode::kUnavailable || attempt >= 30) return p;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

}  // namespace

int main(int argc, char** argv) {
  BlockShutdownSignals();  // before any thread: Pistache's threads inherit the mask
  Result<LoadedConfig> loaded =
      LoadConfig(std::vector<std::string>(argv + 1, argv + argc), ProcessEnvironment());
  if (!loaded.ok()) ExitOnConfigError(loaded.error());
  if (loaded->help) {
    std::fputs(loaded->help_text.c_str(), stdout);
    return 0;
  }
  const GatewayConfig& cfg = loaded->config;
  if (Status s = InitLogging({"auth-gateway", cfg.log_level, cfg.log_json}); !s.ok()) {
    ExitOnConfigError(s.error());
  }
  SystemClock clock;
  http::CurlHttpFetcher fetcher;
  auto provider = DiscoverWithRetry(fetcher, clock, cfg);
  if (!provider.ok()) {
    spdlog::error("provider discovery failed: {}", provider.error().ToString());
    return 1;
  }
  auto conn = bus::Connection::Connect({.url = cfg.nats_url, .name = "auth-gateway"});
  if (!conn.ok()) {
    spdlog::error("{}", conn.error().ToString());
    return 1;
  }

  token::CompositeVerifier bearer;
  if (!cfg.parsed_service_tokens.empty()) {
    std::vector<token::StaticTokenProvider::ServiceToken> tokens;
    for (const auto& [name, value] : cfg.parsed_service_tokens) tokens.push_back({name, value});
    bearer.Add(std::make_unique<token::StaticTokenProvider>("service-tokens", tokens));
  }
  bearer.Add(std::make_unique<token::JwtProvider>(
      cfg.provider_name, (*provider)->AccessTokenVerifier(cfg.bearer_audiences)));

  SessionCache cache(clock, std::chrono::duration_cast<std::chrono::seconds>(cfg.session_cache_ttl),
                     static_cast<size_t>(cfg.session_cache_capacity));
  NatsSessionClient sessions(**conn, cfg.prefix, cfg.nats_timeout);
  auto revocations = RevocationListener::Start(**conn, cfg.prefix, cache);
  if (!revocations.ok()) {
    spdlog::error("{}", revocations.error().ToString());
    return 1;
  }

  std::unique_ptr<bus::AuditPublisher> publisher;
  std::unique_ptr<AuditSink> audit;
  if (!cfg.audit_spool_path.empty()) {
    if (Status s = bus::EnsureAuditStream(**conn, {.prefix = cfg.prefix}); !s.ok()) {
      spdlog::warn("audit stream: {} (events are spooled until it exists)", s.error().ToString());
    }
    auto started = bus::AuditPublisher::Start(
        **conn, {.prefix = cfg.prefix, .spool_path = cfg.audit_spool_path});
    if (!started.ok()) {
      spdlog::error("audit publisher: {}", started.error().ToString());
      return 1;
    }
    publisher = std::move(*started);
    audit = std::make_unique<BusAuditSink>(*publisher, clock,
                                           crypto::RandomId().value_or("auth-gateway"));
  } else {
    audit = std::make_unique<LogAuditSink>();
  }

  GatewayMetrics metrics;
  LoginService login(sessions, **provider, clock,
                     {cfg.client_id, cfg.RedirectUri(), cfg.scopes, std::chrono::seconds(600)});
  AllowAllAuthorizer authorizer;
  GatewayOptions options;
  options.public_base_url = cfg.public_base_url;
  options.cookie = cfg.cookie;
  options.csrf_key = cfg.csrf_key;
  options.allowed_origins = cfg.origins;
  options.token_min_remaining =
      std::chrono::duration_cast<std::chrono::seconds>(cfg.token_min_remaining);
  options.provider_label = cfg.provider_label;
  options.authorization_servers = {(*provider)->issuer()};
  options.scopes_supported = {"openid", "profile", "email", "offline_access"};
  options.post_logout_redirect_uri = cfg.post_logout_redirect_uri;
  options.client_id = cfg.client_id;
  GatewayService service(std::move(options), GatewayDeps{clock, sessions, cache, login, **provider,
                                                         cfg.bearer_enabled ? &bearer : nullptr,
                                                         authorizer, *audit, metrics});
  Result<RouteTable> routes = RouteTable::Make(cfg.parsed_routes);
  if (!routes.ok()) ExitOnConfigError(routes.error());
  RateLimiter limiter(clock, {cfg.auth_rate_per_second, static_cast<double>(cfg.auth_rate_burst),
                              static_cast<size_t>(cfg.rate_limit_max_clients)});
  std::unique_ptr<proxy::UpstreamProxy> engine =
      proxy::MakeUpstreamProxy({.io_threads = cfg.proxy_io_threads});

  HttpServerOptions http_options;
  http_options.bind = cfg.bind;
  http_options.port = cfg.port;
  http_options.threads = cfg.threads;
  http_options.workers = cfg.workers;
  http_options.max_request_bytes = static_cast<size_t>(cfg.max_request_bytes);
  http_options.max_url_bytes = static_cast<size_t>(cfg.max_url_bytes);
  http_options.forwarded_proto = cfg.public_base_url.rfind("https://", 0) == 0 ? "https" : "http";
  http_options.upstream_timeout = cfg.upstream_timeout;
  http_options.request_timeout = cfg.request_timeout;
  HttpServer http({service, *routes, limiter, metrics, *engine, sessions, *audit}, http_options);
  if (Status s = http.Start(); !s.ok()) {
    spdlog::error("{}", s.error().ToString());
    return 1;
  }
  spdlog::info("auth-gateway serving {} on {}:{} (issuer {}, {} route(s), cookie {})",
               cfg.public_base_url, cfg.bind, cfg.port, (*provider)->issuer(),
               cfg.parsed_routes.size(), cfg.cookie.name);
  std::printf("auth-gateway listening on %s:%d\n", cfg.bind.c_str(), cfg.port);
  std::fflush(stdout);

  int sig = WaitForShutdownSignal();
  spdlog::info("signal {}: stopping", sig);
  http.Stop();
  engine.reset();
  revocations->reset();
  if (publisher) publisher->Close(std::chrono::seconds(5));
  (void)(*conn)->Drain(std::chrono::seconds(5));
  return 0;
}
