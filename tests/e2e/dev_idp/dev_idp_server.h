#pragma once
// The dev-idp binary as a test sees it: started on a free loopback port from the default users
// file, known afterwards only through its discovery document. Plus the pieces of a generic
// OpenID client (PKCE pair, authorize, token request) and a libs/token verifier built from
// discovery alone.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http_client.h"
#include "portcullis/common/clock.h"
#include "portcullis/http/curl_http_fetcher.h"
#include "portcullis/testsupport/child_process.h"
#include "portcullis/testsupport/temp_dir.h"
#include "portcullis/token/verifier.h"

namespace portcullis::e2e {

inline constexpr const char* kClientId = "portcullis-gateway";
inline constexpr const char* kClientSecret = "dev-gateway-secret-NOT-FOR-PRODUCTION";
inline constexpr const char* kRedirectUri = "http://127.0.0.1:8080/auth/callback";
inline constexpr const char* kGraphAppId = "00000003-0000-0000-c000-000000000000";

class DevIdpServer {
 public:
  // Starts dev-idp (with --test-controls when asked) and reads its discovery document.
  // The test fails (ADD_FAILURE) and nullptr is returned when it does not come up.
  static std::unique_ptr<DevIdpServer> Start(bool test_controls);
  ~DevIdpServer();

  const std::string& base() const { return base_; }
  const nlohmann::json& discovery() const { return discovery_; }
  std::string Endpoint(const std::string& name) const { return discovery_.value(name, ""); }
  std::string DiscoveryUrl() const { return discovery_url_; }

  // POST base()/_test/<name> with a JSON body.
  HttpResult Control(const std::string& name, const nlohmann::json& body) const;

 private:
  DevIdpServer(testsupport::TempDir dir, testsupport::ChildProcess child)
      : dir_(std::move(dir)), child_(std::move(child)) {}
  testsupport::TempDir dir_;
  testsupport::ChildProcess child_;
  std::string base_, discovery_url_;
  nlohmann::json discovery_;
};

struct Pkce {
  std::string verifier;
  std::string challenge;
  static Pkce New();
};

// GET authorization_endpoint with PKCE S256, state, nonce and login_hint (skipped when empty).
HttpResult Authorize(const DevIdpServer& idp, const std::string& login_hint, const Pkce& pkce,
                     const std::string& scope, const std::string& state = "state-1",
                     const std::string& nonce = "nonce-1",
                     const std::string& redirect_uri = kRedirectUri);

// POST token_endpoint with `fields`, authenticated with client_secret_basic as the gateway
// unless `basic` is empty (then the fields must authenticate).
HttpResult TokenCall(const DevIdpServer& idp,
                     const std::vector<std::pair<std::string, std::string>>& fields,
                     const std::string& basic = std::string(kClientId) + ":" + kClientSecret);

// A libs/token verifier that learns the keys from the discovery document only.
std::unique_ptr<token::Verifier> DiscoveryVerifier(http::HttpFetcher& fetcher, const Clock& clock,
                                                   const DevIdpServer& idp,
                                                   std::vector<std::string> audiences);

}  // namespace portcullis::e2e
