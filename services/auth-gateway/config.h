#pragma once
// GatewayConfig: every auth-gateway setting with its default; the only place that reads the
// command line, the environment and the config file. Each setting is a ConfigBinder key
// (environment PORTCULLIS_GATEWAY_<KEY>, dots become underscores; or the TOML file given by
// --config). Flags set the same keys and win: --port P, --bind ADDR, --config FILE, --help.
// Secrets (client_secret, csrf_key, service_tokens) come only from the environment or a *_FILE.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "portcullis/common/result.h"
#include "portcullis/common/secret.h"
#include "route_table.h"
#include "session_cookie.h"

namespace portcullis::gateway {

struct GatewayConfig {
  std::string bind = "127.0.0.1";
  int port = 8080;
  int threads = 2;  // Pistache reactor threads
  int workers = 8;  // threads for calls that block (session-store, provider)
  std::string public_base_url = "http://127.0.0.1:8080";
  std::string provider_name = "dev-idp";
  std::string provider_label = "dev-idp";
  std::string issuer;  // required: OpenID issuer URL; discovery only
  std::string client_id = "portcullis-gateway";
  SecretString client_secret;
  std::string redirect_path = "/auth/callback";
  std::string scopes = "openid profile email offline_access";
  SecretString csrf_key;  // >= 32 bytes
  std::string cookie_name = "portcullis";
  bool cookie_allow_insecure_localhost = false;
  std::vector<std::string> allowed_origins;  // besides the public base URL's origin
  std::string post_logout_redirect_uri;      // "" = <public base URL>/
  double auth_rate_per_second = 5;
  int auth_rate_burst = 30;
  int rate_limit_max_clients = 100000;
  int max_request_bytes = 64 * 1024;  // request line + headers + body (Pistache's cap)
  int max_url_bytes = 8192;
  std::chrono::milliseconds request_timeout = std::chrono::minutes(5);
  std::vector<std::string> routes = {"/api/ http://127.0.0.1:9500"};
  std::chrono::milliseconds upstream_timeout = std::chrono::seconds(30);
  int proxy_io_threads = 1;
  bool bearer_enabled = true;
  std::vector<std::string> bearer_audiences;  // default: client_id and api://client_id
  std::chrono::milliseconds token_leeway = std::chrono::seconds(60);  // exp/nbf/iat skew
  SecretString service_tokens;                                        // "name:token,name2:token2"
  std::chrono::milliseconds session_cache_ttl = std::chrono::seconds(30);
  int session_cache_capacity = 100000;
  std::chrono::milliseconds token_min_remaining = std::chrono::seconds(60);
  std::chrono::milliseconds nats_timeout = std::chrono::seconds(3);
  std::string nats_url = "nats://127.0.0.1:4222";
  std::string prefix = "auth";
  std::string audit_spool_path;  // "" = audit events are logged only, not published
  std::string log_level = "info";
  bool log_json = true;

  // Derived by LoadConfig.
  SessionCookiePolicy cookie;
  std::vector<Route> parsed_routes;
  std::vector<std::pair<std::string, std::string>> parsed_service_tokens;
  std::vector<std::string> origins;  // the base URL's origin + allowed_origins

  std::string RedirectUri() const { return public_base_url + redirect_path; }
};

struct LoadedConfig {
  bool help = false;
  std::string help_text;
  GatewayConfig config;
};

// Errors: kBadRequest naming the flag or key (unknown flag, wrong type, missing issuer /
// client_secret / csrf_key, a short csrf_key, a bad route, a plain-http base URL without the
// localhost switch, ...).
Result<LoadedConfig> LoadConfig(const std::vector<std::string>& args,
                                std::map<std::string, std::string> env);

}  // namespace portcullis::gateway
