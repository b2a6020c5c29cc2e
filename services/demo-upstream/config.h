#pragma once
// DemoUpstreamConfig: every demo-upstream setting with its default; the only place that reads
// the command line and the environment (PORTCULLIS_DEMO_UPSTREAM_<KEY>). Flags set the same keys
// and win:
//   --port P             port           (9500)
//   --bind ADDR          bind           (127.0.0.1)
//   --issuer URL         issuer         (dev-idp's v2.0 issuer on 127.0.0.1:9400)
//   --discovery-url URL  discovery_url  (<issuer>/.well-known/openid-configuration)
//   --audiences A,B      audiences      (portcullis-gateway,api://portcullis-gateway)
//   --help
// The optional static service token comes only from the environment:
// PORTCULLIS_DEMO_UPSTREAM_SERVICE_TOKEN or PORTCULLIS_DEMO_UPSTREAM_SERVICE_TOKEN_FILE.

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "portcullis/common/result.h"
#include "portcullis/common/secret.h"

namespace portcullis::demo_upstream {

// dev-idp's tenant in deploy/local/dev-idp.json.
inline constexpr const char* kDevIdpIssuer =
    "http://127.0.0.1:9400/6f2a1c3e-8b4d-4e7a-9c15-2d3e4f5a6b7c/v2.0";

struct DemoUpstreamConfig {
  int port = 9500;
  std::string bind = "127.0.0.1";
  std::string issuer = kDevIdpIssuer;
  std::string discovery_url;  // empty: issuer + "/.well-known/openid-configuration"
  // dev-idp puts the gateway's client id in v2.0 access tokens and its app id URI in v1.0 ones.
  std::vector<std::string> audiences = {"portcullis-gateway", "api://portcullis-gateway"};
  SecretString service_token;  // optional static token (subject "demo-service")
  int threads = 2;
  int max_request_kib = 1024;  // Pistache buffers the whole request
  int max_stream_events = 10000;
  std::chrono::milliseconds max_stream_interval{60000};
  std::chrono::milliseconds leeway{60000};
  std::string log_level = "info";
  bool log_json = true;

  std::string DiscoveryUrl() const;
};

struct LoadedConfig {
  bool help = false;
  std::string help_text;
  DemoUpstreamConfig config;
};

// kBadRequest naming the flag or key: unknown flag, missing value, a value ConfigBinder rejects,
// an issuer/discovery URL that is not http(s), or an empty audience list.
Result<LoadedConfig> LoadConfig(const std::vector<std::string>& args,
                                std::map<std::string, std::string> env);

}  // namespace portcullis::demo_upstream
