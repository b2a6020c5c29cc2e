#pragma once
// GatewayStack: the whole suite as the gateway's end-to-end tests see it - real nats-server and
// PostgreSQL (tests/support), and the dev-idp, session-store, demo-upstream and auth-gateway
// binaries, each on a free loopback port with this test's own database and subject prefix.
// dev-idp gets a copy of the default users file whose gateway client also lists this test's
// callback URL (it matches redirect URIs exactly). Every binary must exit 0 on SIGTERM.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "browser.h"
#include "portcullis/testsupport/child_process.h"
#include "portcullis/testsupport/pg_isolation.h"
#include "portcullis/testsupport/temp_dir.h"

namespace portcullis::e2e {

inline constexpr const char* kTenant = "6f2a1c3e-8b4d-4e7a-9c15-2d3e4f5a6b7c";
inline constexpr const char* kClientId = "portcullis-gateway";
inline constexpr const char* kClientSecret = "dev-gateway-secret-NOT-FOR-PRODUCTION";
inline constexpr const char* kAliceOid = "11111111-aaaa-4aaa-8aaa-111111111111";
inline constexpr const char* kServiceToken = "e2e-service-token-0123456789abcdef";

class GatewayStack {
 public:
  // Starts everything; on failure the test has failed (ADD_FAILURE) and ok() is false.
  // `gateway_env` adds/overrides PORTCULLIS_GATEWAY_* settings; an empty
  // PORTCULLIS_GATEWAY_AUDIT_SPOOL_PATH becomes a spool file in the stack's temp dir.
  explicit GatewayStack(std::map<std::string, std::string> gateway_env = {});
  ~GatewayStack();

  bool ok() const { return ok_; }
  // "http://127.0.0.1:<port>" of the gateway, dev-idp, demo-upstream.
  const std::string& base() const { return gateway_base_; }
  const std::string& idp_base() const { return idp_base_; }
  const std::string& upstream_base() const { return upstream_base_; }
  std::string issuer() const;
  const std::string& prefix() const { return prefix_; }
  std::string GatewayLog() const;
  // The log of one binary: "auth-gateway", "session-store", "demo-upstream", "dev-idp".
  std::string Log(const std::string& name) const;

  // GET /auth/login?login_hint=<user>@portcullis.dev&return_to=<return_to>, following every
  // redirect (dev-idp signs the hinted user in without a page). Returns the final response.
  Response Login(Browser& browser, const std::string& user = "alice",
                 const std::string& return_to = "/auth/me");
  // The CSRF token /auth/me hands out for the browser's session ("" when none).
  std::string CsrfToken(Browser& browser);
  // Stops one binary now (SIGTERM; a non-zero exit fails the test) and forgets it.
  void StopChild(const std::string& name);
  // An access token from dev-idp's token endpoint (client_credentials as the gateway client).
  std::string ClientCredentialsToken(const std::string& scope);
  // POST <idp>/_test/<name> with a JSON body; the HTTP status.
  long IdpControl(const std::string& name, const nlohmann::json& body);

 private:
  void Start(std::map<std::string, std::string> gateway_env);
  std::optional<testsupport::ChildProcess> Spawn(const std::string& name,
                                                 std::vector<std::string> argv,
                                                 std::map<std::string, std::string> env);

  bool ok_ = false;
  testsupport::TempDir dir_;
  testsupport::PgDatabase db_;
  std::string prefix_;
  int gateway_port_ = 0, idp_port_ = 0, upstream_port_ = 0;
  std::string gateway_base_, idp_base_, upstream_base_;
  // Stopped in reverse order of start.
  std::vector<std::pair<std::string, testsupport::ChildProcess>> children_;
};

}  // namespace portcullis::e2e
