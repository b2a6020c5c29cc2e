#include "config.h"

#include "csrf.h"
#include "portcullis/common/config.h"

namespace portcullis::gateway {
namespace {

constexpr const char* kPrefix = "PORTCULLIS_GATEWAY_";
constexpr size_t kMinCsrfKeyBytes = 32;

void Bind(ConfigBinder& b, GatewayConfig& c) {
  b.String("bind", &c.bind, "address to listen on");
  b.Int("port", &c.port, "TCP port to listen on", 1, 65535);
  b.Int("threads", &c.threads, "HTTP reactor threads", 1, 64);
  b.Int("workers", &c.workers, "threads for session-store and provider calls", 1, 256);
  b.String("public_base_url", &c.public_base_url,
           "scheme://host[:port] browsers reach the gateway at (no trailing slash)");
  b.String("provider.name", &c.provider_name, "the identity provider's name (audit, capabilities)");
  b.String("provider.label", &c.provider_label, "shown on the login button: Sign in with <label>");
  b.String("issuer", &c.issuer, "OpenID issuer URL; everything else comes from its discovery",
           Need::kRequired);
  b.String("client_id", &c.client_id, "OAuth client id of the gateway");
  b.Secret("client_secret", &c.client_secret, "OAuth client secret", Need::kRequired);
  b.String("redirect_path", &c.redirect_path, "callback path registered at the provider");
  b.String("scopes", &c.scopes, "scopes asked for at login (space-separated)");
  b.Secret("csrf_key", &c.csrf_key, "HMAC key for CSRF tokens (>= 32 bytes)", Need::kRequired);
  b.String("cookie.name", &c.cookie_name, "session cookie name (__Host- is added over https)");
  b.Bool("cookie.allow_insecure_localhost", &c.cookie_allow_insecure_localhost,
         "allow a plain-http public_base_url on localhost/127.0.0.1 (local runs only)");
  b.StringList("allowed_origins", &c.allowed_origins,
               "extra Origins allowed on unsafe requests (the base URL's origin always is)");
  b.String("post_logout_redirect_uri", &c.post_logout_redirect_uri,
           "where the provider sends the browser after logout (default <base>/)");
  b.Int("rate.auth_burst", &c.auth_rate_burst, "/auth/* requests a client address may burst", 1,
        100000);
  b.Int("rate.max_clients", &c.rate_limit_max_clients, "client addresses tracked at most", 1,
        10000000);
  b.Int("limits.max_request_bytes", &c.max_request_bytes,
        "largest request (line + headers + body); beyond it 413", 4096, 64 << 20);
  b.Int("limits.max_url_bytes", &c.max_url_bytes, "longest request target; beyond it 414", 256,
        1 << 20);
  b.Duration("limits.request_timeout", &c.request_timeout,
             "Pistache's header/body timeout; also the longest a proxied stream may last");
  b.StringList("routes", &c.routes,
               "proxy routes: '<prefix> http://host:port [public|authenticated]'");
  b.Duration("upstream_timeout", &c.upstream_timeout, "upstream connect/head/idle timeout");
  b.Int("proxy_io_threads", &c.proxy_io_threads, "proxy engine I/O threads", 1, 64);
  b.Bool("bearer.enabled", &c.bearer_enabled, "accept Authorization: Bearer on proxied routes");
  b.StringList("bearer.audiences", &c.bearer_audiences,
               "accepted aud values (default: client_id and api://client_id)");
  b.Duration("token_leeway", &c.token_leeway,
             "clock skew tolerated on exp/nbf/iat of id tokens and Bearer tokens");
  b.Secret("service_tokens", &c.service_tokens, "static service tokens 'name:token,...'");
  b.Duration("session_cache.ttl", &c.session_cache_ttl, "session cache TTL (at most 30s)");
  b.Int("session_cache.capacity", &c.session_cache_capacity, "cached sessions at most", 1,
        10000000);
  b.Duration("token_min_remaining", &c.token_min_remaining,
             "access tokens with less life left are refreshed before use");
  b.Duration("nats_timeout", &c.nats_timeout, "deadline of one session-store request");
  b.String("nats_url", &c.nats_url, "NATS server URL(s)");
  b.String("prefix", &c.prefix, "subject prefix");
  b.String("audit.spool_path", &c.audit_spool_path,
           "audit spool file; empty: audit events are only logged");
  b.String("log_level", &c.log_level, "trace, debug, info, warning, error");
  b.Bool("log_json", &c.log_json, "JSON log lines (false: text)");
}

struct Flag {
  const char* flag;
  const char* key;
};
constexpr Flag kFlags[] = {{"--port", "port"}, {"--bind", "bind"}};

Status Derive(GatewayConfig& c) {
  while (!c.public_base_url.empty() && c.public_base_url.back() == '/')
    c.public_base_url.pop_back();
  while (!c.issuer.empty() && c.issuer.back() == '/') c.issuer.pop_back();
  auto cookie =
      MakeSessionCookiePolicy(c.public_base_url, c.cookie_name, c.cookie_allow_insecure_localhost);
  if (!cookie.ok()) return cookie.error();
  c.cookie = *cookie;
  if (c.csrf_key.reveal().size() < kMinCsrfKeyBytes) {
    return Error{ErrorCode::kBadRequest, "csrf_key must be at least 32 bytes"};
  }
  if (c.redirect_path.empty() || c.redirect_path.front() != '/') {
    return Error{ErrorCode::kBadRequest, "redirect_path must start with '/'"};
  }
  c.parsed_routes.clear();
  for (const std::string& spec : c.routes) {
    auto r = ParseRoute(spec);
    if (!r.ok()) return r.error();
    c.parsed_routes.push_back(*r);
  }
  if (auto table = RouteTable::Make(c.parsed_routes); !table.ok()) return table.error();
  c.origins = {*OriginOf(c.public_base_url)};
  for (const std::string& o : c.allowed_origins) {
    auto origin = OriginOf(o);
    if (!origin) return Error{ErrorCode::kBadRequest, "allowed_origins: '" + o + "' is no origin"};
    c.origins.push_back(*origin);
  }
  if (c.bearer_audiences.empty()) c.bearer_audiences = {c.client_id, "api://" + c.client_id};
  c.parsed_service_tokens.clear();
  std::string_view rest = c.service_tokens.reveal();
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view entry = rest.substr(0, comma);
    size_t colon = entry.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 16 > entry.size()) {
      return Error{ErrorCode::kBadRequest,
                   "service_tokens: entries are name:token with tokens of 16+ characters"};
    }
    c.parsed_service_tokens.emplace_back(entry.substr(0, colon), entry.substr(colon + 1));
    if (comma == std::string_view::npos) break;
    rest = rest.substr(comma + 1);
  }
  return OkStatus();
}

}  // namespace

Result<LoadedConfig> LoadConfig(const std::vector<std::string>& args,
                                std::map<std::string, std::string> env) {
  LoadedConfig loaded;
  ConfigBinder binder(kPrefix);
  Bind(binder, loaded.config);
  // A rate is a fraction, which ConfigBinder has no type for: parsed here, documented in --help.
  std::string rate_text;
  binder.String("rate.auth_per_second", &rate_text,
                "/auth/* requests per second per client address (default 5; 0 disables)");
  std::optional<std::string> file;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      loaded.help = true;
      continue;
    }
    if (args[i] == "--config") {
      if (i + 1 >= args.size()) return Error{ErrorCode::kBadRequest, "--config needs a value"};
      file = args[++i];
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
        "auth-gateway: OIDC login, cookie sessions, CSRF, the /api proxy and Bearer mode.\n"
        "usage: auth-gateway [--port P] [--bind ADDR] [--config FILE.toml] [--help]\n"
        "settings (flags set the same keys; the environment variable is in brackets):\n" +
        binder.Describe();
    return loaded;
  }
  if (!file) {
    if (auto it = env.find(binder.EnvName("config")); it != env.end()) file = it->second;
  }
  if (Status s = binder.Load(env, file); !s.ok()) return s.error();
  if (!rate_text.empty()) {
    try {
      size_t used = 0;
      loaded.config.auth_rate_per_second = std::stod(rate_text, &used);
      if (used != rate_text.size() || loaded.config.auth_rate_per_second < 0) throw 0;
    } catch (...) {
      return Error{ErrorCode::kBadRequest, "rate.auth_per_second: expected a number >= 0"};
    }
  }
  if (Status s = Derive(loaded.config); !s.ok()) return s.error();
  return loaded;
}

}  // namespace portcullis::gateway
