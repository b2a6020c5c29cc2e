#include "config.h"

#include "portcullis/common/config.h"

namespace portcullis::demo_upstream {
namespace {

constexpr const char* kPrefix = "PORTCULLIS_DEMO_UPSTREAM_";

struct Flag {
  const char* flag;
  const char* key;
};
constexpr Flag kFlags[] = {{"--port", "port"},
                           {"--bind", "bind"},
                           {"--issuer", "issuer"},
                           {"--discovery-url", "discovery_url"},
                           {"--audiences", "audiences"}};

void Bind(ConfigBinder& b, DemoUpstreamConfig& c) {
  b.Int("port", &c.port, "TCP port to listen on", 1, 65535);
  b.String("bind", &c.bind, "address to listen on (keep it on loopback)");
  b.String("issuer", &c.issuer, "the OpenID issuer whose access tokens are accepted");
  b.String("discovery_url", &c.discovery_url,
           "OpenID discovery document (default <issuer>/.well-known/openid-configuration)");
  b.StringList("audiences", &c.audiences, "accepted aud values");
  b.Secret("service_token", &c.service_token, "optional static bearer token for services");
  b.Int("threads", &c.threads, "HTTP worker threads", 1, 64);
  b.Int("max_request_kib", &c.max_request_kib, "largest request (head + body) in KiB", 4, 65536);
  b.Int("max_stream_events", &c.max_stream_events, "largest n for /api/stream", 0, 1000000);
  b.Duration("max_stream_interval", &c.max_stream_interval, "largest interval_ms for /api/stream");
  b.Duration("leeway", &c.leeway, "clock skew allowed on exp/nbf/iat");
  b.String("log_level", &c.log_level, "trace, debug, info, warning, error");
  b.Bool("log_json", &c.log_json, "JSON log lines (false: text)");
}

bool IsHttpUrl(const std::string& url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

}  // namespace

std::string DemoUpstreamConfig::DiscoveryUrl() const {
  if (!discovery_url.empty()) return discovery_url;
  std::string base = issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/.well-known/openid-configuration";
}

Result<LoadedConfig> LoadConfig(const std::vector<std::string>& args,
                                std::map<std::string, std::string> env) {
  LoadedConfig loaded;
  ConfigBinder binder(kPrefix);
  Bind(binder, loaded.config);
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      loaded.help = true;
      continue;
    }
    const Flag* match = nullptr;
    for (const Flag& f : kFlags) {
      if (args[i] == f.flag) match = &f;
    }
    if (match == nullptr) return Error{ErrorCode::kBadRequest, "unknown flag " + args[i]};
    if (i + 1 >= args.size()) return Error{ErrorCode::kBadRequest, args[i] + " needs a value"};
    env[binder.EnvName(match->key)] = args[++i];
  }
  if (loaded.help) {
    loaded.help_text =
        "demo-upstream: an agent-platform stand-in that checks Bearer tokens with libs/token.\n"
        "usage: demo-upstream [--port P] [--bind ADDR] [--issuer URL] [--discovery-url URL]\n"
        "                     [--audiences A,B] [--help]\n"
        "settings (flags set the same keys; the environment variable is in brackets):\n" +
        binder.Describe();
    return loaded;
  }
  if (Status s = binder.Load(env, std::nullopt); !s.ok()) return s.error();
  const DemoUpstreamConfig& c = loaded.config;
  if (!IsHttpUrl(c.issuer)) {
    return Error{ErrorCode::kBadRequest, "issuer must start with http:// or https://"};
  }
  if (!IsHttpUrl(c.DiscoveryUrl())) {
    return Error{ErrorCode::kBadRequest, "discovery_url must start with http:// or https://"};
  }
  if (c.audiences.empty()) return Error{ErrorCode::kBadRequest, "audiences must not be empty"};
  return loaded;
}

}  // namespace portcullis::demo_upstream
