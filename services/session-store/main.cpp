// session-store: wiring only. Config, logging, key ring, migrations, pool, NATS, audit, logic,
// endpoints, sweeper; then wait for a signal and stop in reverse order.
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>

#include "adapters/nats_endpoints.h"
#include "adapters/nats_session_events.h"
#include "adapters/oidc_refresher.h"
#include "adapters/pg_session_repository.h"
#include "config.h"
#include "portcullis/bus/audit_publisher.h"
#include "portcullis/bus/jetstream.h"
#include "portcullis/common/config.h"
#include "portcullis/common/logging.h"
#include "portcullis/common/shutdown.h"
#include "portcullis/http/curl_http_fetcher.h"
#include "portcullis/store/migration_runner.h"
#include "sweeper.h"

using namespace portcullis;
using namespace portcullis::session_store;

namespace {
std::chrono::seconds Secs(std::chrono::milliseconds d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d);
}
oidc::ClientAuthMethod AuthMethod(const std::string& name) {
  if (name == "post") return oidc::ClientAuthMethod::kClientSecretPost;
  if (name == "none") return oidc::ClientAuthMethod::kNone;
  return oidc::ClientAuthMethod::kClientSecretBasic;
}
}  // namespace

int main(int argc, char** argv) {
  BlockShutdownSignals();
  Result<LoadedConfig> loaded =
      LoadConfig(std::vector<std::string>(argv + 1, argv + argc), ProcessEnvironment());
  if (!loaded.ok()) ExitOnConfigError(loaded.error());
  if (loaded->help) {
    std::fputs(loaded->help_text.c_str(), stdout);
    return 0;
  }
  const SessionStoreConfig& cfg = loaded->config;
  if (Status s = InitLogging({"session-store", cfg.log_level, cfg.log_json}); !s.ok()) {
    ExitOnConfigError(s.error());
  }
  Result<crypto::KeyRing> ring = crypto::KeyRing::Parse(cfg.keys.reveal());
  if (!ring.ok()) ExitOnConfigError({ErrorCode::kBadRequest, "keys: " + ring.error().detail});

  if (cfg.migrate) {
    auto applied =
        store::MigrationRunner(cfg.database_url).Apply("session-store", cfg.migrations_dir);
    if (!applied.ok()) {
      spdlog::error("migrations: {}", applied.error().ToString());
      return 1;
    }
  }
  store::ConnectionPool pool(
      {.conninfo = cfg.database_url, .size = static_cast<size_t>(cfg.pool_size)});
  PgSessionRepository repo(pool);

  auto conn = bus::Connection::Connect({.url = cfg.nats_url, .name = "session-store"});
  if (!conn.ok()) {
    spdlog::error("{}", conn.error().ToString());
    return 1;
  }
  if (Status s = bus::EnsureAuditStream(**conn, {.prefix = cfg.prefix}); !s.ok()) {
    spdlog::warn("audit stream not ensured (events spool until it exists): {}",
                 s.error().ToString());
  }
  std::filesystem::create_directories(std::filesystem::path(cfg.audit_spool).parent_path());
  auto audit =
      bus::AuditPublisher::Start(**conn, {.prefix = cfg.prefix, .spool_path = cfg.audit_spool});
  if (!audit.ok()) {
    spdlog::error("audit publisher: {}", audit.error().ToString());
    return 1;
  }

  SystemClock clock;
  RealSleeper sleeper;
  http::CurlHttpFetcher fetcher;
  OidcRefresher refresher(
      fetcher, clock,
      {.issuer = cfg.issuer,
       .token_endpoint = cfg.token_endpoint,
       .credentials = {cfg.client_id, cfg.client_secret, AuthMethod(cfg.client_auth)},
       .max_call_timeout = cfg.provider_timeout});
  bus::Service svc(**conn, {.name = "session-store",
                            .version = "0.1.0",
                            .description = "sessions and pending logins",
                            .workers = static_cast<size_t>(cfg.workers)});
  NatsSessionEvents events(**conn, audit->get(), clock, cfg.prefix, svc.instance_id());
  SessionServiceOptions options;
  options.policy = {Secs(cfg.idle_timeout), Secs(cfg.absolute_lifetime), Secs(cfg.touch_interval)};
  options.default_timeout = cfg.refresh_timeout;
  SessionService sessions(clock, repo, *ring, refresher, events, sleeper, options);
  LoginService logins(clock, repo, *ring, {.max_ttl = Secs(cfg.pending_login_ttl)});
  AddSessionEndpoints(svc, cfg.prefix, sessions, logins);
  if (Status s = svc.Start(); !s.ok()) {
    spdlog::error("{}", s.error().ToString());
    return 1;
  }
  Sweeper sweeper(clock, repo, {.interval = cfg.sweep_interval, .batch = cfg.sweep_batch});
  sweeper.Start();
  spdlog::info("session-store serving {}.session.v1.* and {}.login.v1.* (instance {}, key {})",
               cfg.prefix, cfg.prefix, svc.instance_id(), ring->active_id());

  int sig = WaitForShutdownSignal();
  spdlog::info("signal {}: stopping", sig);
  sweeper.Stop();
  svc.Stop();
  (*audit)->Close(std::chrono::seconds(5));
  (void)(*conn)->Drain(std::chrono::seconds(5));
  return 0;
}
