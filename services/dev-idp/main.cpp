// dev-idp: wiring only. Config, logging, directory, signing key, provider, HTTP, wait for signal.
#include <spdlog/spdlog.h>

#include <cstdio>

#include "adapters/http_endpoints.h"
#include "adapters/libtoken_signing_key.h"
#include "config.h"
#include "discovery.h"
#include "portcullis/common/config.h"
#include "portcullis/common/logging.h"
#include "portcullis/common/shutdown.h"
#include "provider.h"

using namespace portcullis;
using namespace portcullis::dev_idp;

int main(int argc, char** argv) {
  BlockShutdownSignals();  // before any thread: Pistache's threads inherit the mask
  Result<LoadedConfig> loaded =
      LoadConfig(std::vector<std::string>(argv + 1, argv + argc), ProcessEnvironment());
  if (!loaded.ok()) ExitOnConfigError(loaded.error());
  if (loaded->help) {
    std::fputs(loaded->help_text.c_str(), stdout);
    return 0;
  }
  const DevIdpConfig& cfg = loaded->config;
  if (Status s = InitLogging({"dev-idp", cfg.log_level, cfg.log_json}); !s.ok()) {
    ExitOnConfigError(s.error());
  }
  Result<Directory> directory = LoadDirectoryFile(cfg.users_file);
  if (!directory.ok()) ExitOnConfigError(directory.error());
  RsaSigningKeyFactory key_factory;
  Result<std::shared_ptr<const SigningKey>> key = cfg.signing_key_file.empty()
                                                      ? key_factory.Generate()
                                                      : LoadPemSigningKey(cfg.signing_key_file);
  if (!key.ok()) ExitOnConfigError(key.error());

  SystemClock clock;
  ProviderOptions options{
      cfg.IssuerBase(), cfg.group_overage_limit, cfg.graph_page_size,
      Lifetimes{std::chrono::duration_cast<std::chrono::seconds>(cfg.access_token_lifetime),
                std::chrono::duration_cast<std::chrono::seconds>(cfg.id_token_lifetime),
                std::chrono::duration_cast<std::chrono::seconds>(cfg.refresh_token_lifetime),
                std::chrono::duration_cast<std::chrono::seconds>(cfg.code_lifetime)},
      cfg.session_lifetime};
  Provider provider(clock, std::move(*directory), options, *key, key_factory);
  HttpEndpoints http(provider, HttpOptions{cfg.test_controls});
  if (Status s = http.Start(cfg.bind, cfg.port, cfg.threads); !s.ok()) {
    spdlog::error("{}", s.error().ToString());
    return 1;
  }
  spdlog::info("dev-idp serving tenant {} on {}:{} (kid {}, test controls {})",
               provider.directory.tenant_id, cfg.bind, cfg.port, provider.keys.current_kid(),
               cfg.test_controls ? "on" : "off");
  std::printf("dev-idp issuer %s\ndev-idp discovery %s%s\n", provider.issuer.V2().c_str(),
              provider.issuer.base.c_str(),
              EndpointPaths::Discovery(provider.directory.tenant_id).c_str());
  std::fflush(stdout);

  int sig = WaitForShutdownSignal();
  spdlog::info("signal {}: stopping", sig);
  http.Stop();
  return 0;
}
