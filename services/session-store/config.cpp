#include "config.h"

#include "portcullis/common/config.h"

namespace portcullis::session_store {
namespace {

constexpr const char* kPrefix = "PORTCULLIS_SESSION_STORE_";

void Bind(ConfigBinder& b, SessionStoreConfig& c) {
  b.String("nats_url", &c.nats_url, "NATS server URL(s), comma-separated");
  b.String("prefix", &c.prefix, "subject prefix (auth -> auth.session.v1.get)");
  b.String("database_url", &c.database_url, "PostgreSQL conninfo or URL", Need::kRequired);
  b.Int("pool_size", &c.pool_size, "PostgreSQL connections", 1, 256);
  b.Bool("migrate", &c.migrate, "apply migrations at start-up");
  b.String("migrations_dir", &c.migrations_dir, "folder with this service's NNN_name.sql files");
  b.Secret("keys", &c.keys, "AES-256-GCM key ring: k1:<b64url>,k2:<b64url>;active=k2",
           Need::kRequired);
  b.String("issuer", &c.issuer, "OpenID issuer (token endpoint found by discovery)");
  b.String("token_endpoint", &c.token_endpoint, "token endpoint URL (instead of discovery)");
  b.String("client_id", &c.client_id, "OAuth client id used for refresh", Need::kRequired);
  b.Secret("client_secret", &c.client_secret, "OAuth client secret");
  b.String("client_auth", &c.client_auth, "client authentication: basic, post or none");
  b.Duration("idle_timeout", &c.idle_timeout, "sliding idle timeout of a session");
  b.Duration("absolute_lifetime", &c.absolute_lifetime, "absolute lifetime of a session");
  b.Duration("touch_interval", &c.touch_interval,
             "reads move the idle expiry at most this often per session");
  b.Duration("pending_login_ttl", &c.pending_login_ttl, "longest (and default) pending login TTL");
  b.Duration("refresh_timeout", &c.refresh_timeout,
             "access_token budget when the caller gives none (waits, retries, provider)");
  b.Duration("provider_timeout", &c.provider_timeout, "one token endpoint call at most");
  b.Duration("sweep_interval", &c.sweep_interval, "pause between sweeps of expired rows");
  b.Int("sweep_batch", &c.sweep_batch, "rows deleted per sweep statement", 1, 100000);
  b.Int("workers", &c.workers, "handler threads per endpoint", 1, 256);
  b.String("audit_spool", &c.audit_spool, "audit spool file (events wait here while NATS is down)");
  b.String("log_level", &c.log_level, "trace, debug, info, warning, error");
  b.Bool("log_json", &c.log_json, "JSON log lines (false: text)");
}

}  // namespace

Result<LoadedConfig> LoadConfig(const std::vector<std::string>& args,
                                const std::map<std::string, std::string>& env) {
  LoadedConfig loaded;
  ConfigBinder binder(kPrefix);
  Bind(binder, loaded.config);
  std::optional<std::string> file;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      loaded.help = true;
    } else if (args[i] == "--config" && i + 1 < args.size()) {
      file = args[++i];
    } else {
      return Error{ErrorCode::kBadRequest, "unknown argument " + args[i]};
    }
  }
  if (loaded.help) {
    loaded.help_text =
        "session-store: sessions, pending logins and encrypted user tokens (NATS, PostgreSQL).\n"
        "usage: session-store [--config FILE.toml] [--help]\n"
        "settings (environment variable in brackets; secrets also as <VAR>_FILE):\n" +
        binder.Describe();
    return loaded;
  }
  if (!file) {
    if (auto it = env.find("PORTCULLIS_CONFIG"); it != env.end()) file = it->second;
  }
  std::map<std::string, std::string> own;
  for (const auto& [k, v] : env) {
    if (k.rfind(kPrefix, 0) == 0) own.emplace(k, v);
  }
  if (Status s = binder.Load(own, file); !s.ok()) return s.error();
  const SessionStoreConfig& c = loaded.config;
  if (c.issuer.empty() && c.token_endpoint.empty()) {
    return Error{ErrorCode::kBadRequest, "set issuer (discovery) or token_endpoint"};
  }
  if (c.client_auth != "basic" && c.client_auth != "post" && c.client_auth != "none") {
    return Error{ErrorCode::kBadRequest, "client_auth must be basic, post or none"};
  }
  if (c.client_auth != "none" && c.client_secret.empty()) {
    return Error{ErrorCode::kBadRequest, "client_secret is required unless client_auth is none"};
  }
  if (c.absolute_lifetime < std::chrono::seconds(1) || c.idle_timeout < std::chrono::seconds(1) ||
      c.pending_login_ttl < std::chrono::seconds(1)) {
    return Error{ErrorCode::kBadRequest, "lifetimes and timeouts must be at least 1s"};
  }
  return loaded;
}

}  // namespace portcullis::session_store
