#include "config.h"

#include "portcullis/common/config.h"

namespace portcullis::dev_idp {
namespace {

constexpr const char* kPrefix = "PORTCULLIS_DEV_IDP_";

struct Flag {
  const char* flag;
  const char* key;
  bool takes_value;
};
constexpr Flag kFlags[] = {
    {"--port", "port", true},
    {"--bind", "bind", true},
    {"--config", "users_file", true},
    {"--issuer-host", "issuer_host", true},
    {"--signing-key", "signing_key_file", true},
    {"--test-controls", "test_controls", false},
};

void Bind(ConfigBinder& b, DevIdpConfig& c) {
  b.Int("port", &c.port, "TCP port to listen on", 1, 65535);
  b.String("bind", &c.bind, "address to listen on (keep it on loopback)");
  b.String("users_file", &c.users_file, "JSON file with users, groups, app roles and clients");
  b.String("issuer_host", &c.issuer_host,
           "scheme://host:port clients reach dev-idp at (default http://127.0.0.1:<port>)");
  b.String("signing_key_file", &c.signing_key_file,
           "PEM private key (RSA) to sign with; empty: generate one at start");
  b.Bool("test_controls", &c.test_controls, "serve the /_test/ control endpoints");
  b.Int("group_overage_limit", &c.group_overage_limit,
        "groups beyond this many become an overage claim", 0, 100000);
  b.Int("graph_page_size", &c.graph_page_size, "ids per getMemberObjects page", 1, 10000);
  b.Duration("access_token_lifetime", &c.access_token_lifetime, "access token lifetime");
  b.Duration("id_token_lifetime", &c.id_token_lifetime, "id token lifetime");
  b.Duration("refresh_token_lifetime", &c.refresh_token_lifetime, "refresh token lifetime");
  b.Duration("code_lifetime", &c.code_lifetime, "authorization code lifetime");
  b.Duration("session_lifetime", &c.session_lifetime, "dev-idp sign-in session lifetime");
  b.Int("threads", &c.threads, "HTTP worker threads", 1, 64);
  b.String("log_level", &c.log_level, "trace, debug, info, warning, error");
  b.Bool("log_json", &c.log_json, "JSON log lines (false: text)");
}

}  // namespace

std::string DevIdpConfig::IssuerBase() const {
  return issuer_host.empty() ? "http://127.0.0.1:" + std::to_string(port) : issuer_host;
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
    if (!match->takes_value) {
      env[binder.EnvName(match->key)] = "true";
    } else if (i + 1 >= args.size()) {
      return Error{ErrorCode::kBadRequest, args[i] + " needs a value"};
    } else {
      env[binder.EnvName(match->key)] = args[++i];
    }
  }
  if (loaded.help) {
    loaded.help_text =
        "dev-idp: a development OpenID provider with Microsoft Entra ID's shape.\n"
        "usage: dev-idp [--port P] [--bind ADDR] [--config USERS.json] [--issuer-host URL]\n"
        "               [--signing-key KEY.pem] [--test-controls] [--help]\n"
        "settings (flags set the same keys; the environment variable is in brackets):\n" +
        binder.Describe();
    return loaded;
  }
  if (Status s = binder.Load(env, std::nullopt); !s.ok()) return s.error();
  if (loaded.config.issuer_host.rfind("http://", 0) != 0 &&
      loaded.config.issuer_host.rfind("https://", 0) != 0 && !loaded.config.issuer_host.empty()) {
    return Error{ErrorCode::kBadRequest, "issuer_host must start with http:// or https://"};
  }
  while (!loaded.config.issuer_host.empty() && loaded.config.issuer_host.back() == '/') {
    loaded.config.issuer_host.pop_back();
  }
  return loaded;
}

}  // namespace portcullis::dev_idp
