#pragma once
// DevIdpConfig: every dev-idp setting with its default. The only place that reads the command
// line and the environment. Each setting is a ConfigBinder key (environment
// PORTCULLIS_DEV_IDP_<KEY>); the command-line flags below set the same keys and win:
//   --port P              port              (9400)
//   --bind ADDR           bind              (127.0.0.1)
//   --config FILE         users_file        (deploy/local/dev-idp.json) users, groups, clients
//   --issuer-host URL     issuer_host       (http://127.0.0.1:<port>) scheme://host:port
//   --signing-key FILE    signing_key_file  (none: an RSA-2048 key is generated at start)
//   --test-controls       test_controls     (false) serve /_test/ endpoints
//   --help                prints the flags and every key

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "portcullis/common/result.h"

namespace portcullis::dev_idp {

struct DevIdpConfig {
  int port = 9400;
  std::string bind = "127.0.0.1";
  std::string users_file = "deploy/local/dev-idp.json";
  std::string issuer_host;  // empty: http://127.0.0.1:<port>
  std::string signing_key_file;
  bool test_controls = false;
  int group_overage_limit = 200;  // Entra's limit for JWTs
  int graph_page_size = 100;
  std::chrono::milliseconds access_token_lifetime = std::chrono::hours(1);
  std::chrono::milliseconds id_token_lifetime = std::chrono::hours(1);
  std::chrono::milliseconds refresh_token_lifetime = std::chrono::hours(24);
  std::chrono::milliseconds code_lifetime = std::chrono::seconds(60);
  std::chrono::milliseconds session_lifetime = std::chrono::hours(8);
  int threads = 2;
  std::string log_level = "info";
  bool log_json = true;

  // issuer_host, or the default built from the port.
  std::string IssuerBase() const;
};

struct LoadedConfig {
  bool help = false;  // --help was given: print help_text and exit 0
  std::string help_text;
  DevIdpConfig config;
};

// Parses `args` (argv without argv[0]) over `env`. kBadRequest naming the flag or key for an
// unknown flag, a flag without its value, or a value ConfigBinder rejects (wrong type, out of
// range, unknown PORTCULLIS_DEV_IDP_* variable).
Result<LoadedConfig> LoadConfig(const std::vector<std::string>& args,
                                std::map<std::string, std::string> env);

}  // namespace portcullis::dev_idp
