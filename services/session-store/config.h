#pragma once
// SessionStoreConfig: every session-store setting with its default; LoadConfig is the only place
// that reads the environment (PORTCULLIS_SESSION_STORE_<KEY>), a TOML file (--config FILE) and
// the command line. `session-store --help` lists every key.
//
// Secrets (the key ring, the client secret) come only from the environment or a file named by
// PORTCULLIS_SESSION_STORE_<KEY>_FILE, never from the config file.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "portcullis/common/result.h"
#include "portcullis/common/secret.h"

namespace portcullis::session_store {

struct SessionStoreConfig {
  std::string nats_url = "nats://127.0.0.1:4222";
  std::string prefix = "auth";
  std::string database_url;  // required; libpq conninfo or URL
  int pool_size = 8;
  bool migrate = true;  // apply migrations/session-store at start-up
  std::string migrations_dir = "migrations/session-store";
  SecretString keys;           // key ring "k1:<b64url>,k2:<b64url>;active=k2" (required)
  std::string issuer;          // discovery: <issuer>/.well-known/openid-configuration
  std::string token_endpoint;  // used as is when set (no discovery)
  std::string client_id;       // required
  SecretString client_secret;
  std::string client_auth = "basic";  // basic | post | none
  std::chrono::milliseconds idle_timeout = std::chrono::hours(8);
  std::chrono::milliseconds absolute_lifetime = std::chrono::hours(40);
  std::chrono::milliseconds touch_interval = std::chrono::seconds(60);
  std::chrono::milliseconds pending_login_ttl = std::chrono::minutes(10);
  std::chrono::milliseconds refresh_timeout = std::chrono::seconds(8);
  std::chrono::milliseconds provider_timeout = std::chrono::seconds(5);
  std::chrono::milliseconds sweep_interval = std::chrono::minutes(1);
  int sweep_batch = 500;
  int workers = 8;
  std::string audit_spool = ".local/session-store/audit.spool";
  std::string log_level = "info";
  bool log_json = true;
};

struct LoadedConfig {
  bool help = false;  // --help: print help_text and exit 0
  std::string help_text;
  SessionStoreConfig config;
};

// Parses `args` (argv without argv[0]: --config FILE, --help) over `env`. kBadRequest naming the
// key for anything ConfigBinder rejects, a missing required key, neither issuer nor
// token_endpoint, or an unknown client_auth.
Result<LoadedConfig> LoadConfig(const std::vector<std::string>& args,
                                const std::map<std::string, std::string>& env);

}  // namespace portcullis::session_store
