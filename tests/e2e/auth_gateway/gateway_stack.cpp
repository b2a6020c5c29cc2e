#include "gateway_stack.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "portcullis/testsupport/nats_server.h"
#include "portcullis/testsupport/net.h"
#include "portcullis/testsupport/postgres_cluster.h"

namespace portcullis::e2e {
namespace {

// Development-only key material (a 32-byte key ring entry and a CSRF key).
const std::string kKeyRing = "k1:" + std::string(42, 'G') + "A";
const std::string kCsrfKey = "e2e-csrf-key-0123456789abcdef0123456789";

testsupport::TempDir MakeDir() {
  auto dir = testsupport::TempDir::Create();
  if (!dir.ok()) throw std::runtime_error("no temp dir: " + dir.error().ToString());
  return std::move(*dir);
}

int FreePort() {
  auto p = testsupport::FindFreePort();
  if (!p.ok()) throw std::runtime_error("no free port");
  return *p;
}

}  // namespace

GatewayStack::GatewayStack(std::map<std::string, std::string> gateway_env)
    : dir_(MakeDir()), db_(testsupport::SharedPostgres()) {
  Start(std::move(gateway_env));
}

std::string GatewayStack::issuer() const {
  return idp_base_ + "/" + std::string(kTenant) + "/v2.0";
}

std::optional<testsupport::ChildProcess> GatewayStack::Spawn(
    const std::string& name, std::vector<std::string> argv,
    std::map<std::string, std::string> env) {
  testsupport::ChildProcess::Options o;
  o.argv = std::move(argv);
  o.env = std::move(env);
  o.log_path = dir_.path() + "/" + name + ".log";
  auto child = testsupport::ChildProcess::Spawn(o);
  if (!child.ok()) {
    ADD_FAILURE() << name << ": " << child.error().ToString();
    return std::nullopt;
  }
  return std::move(*child);
}

std::string GatewayStack::Log(const std::string& name) const {
  std::ifstream in(dir_.path() + "/" + name + ".log");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string GatewayStack::GatewayLog() const { return Log("auth-gateway"); }

void GatewayStack::Start(std::map<std::string, std::string> gateway_env) {
  prefix_ = testsupport::UniqueName("gw");
  idp_port_ = FreePort();
  upstream_port_ = FreePort();
  gateway_port_ = FreePort();
  idp_base_ = "http://127.0.0.1:" + std::to_string(idp_port_);
  upstream_base_ = "http://127.0.0.1:" + std::to_string(upstream_port_);
  gateway_base_ = "http://127.0.0.1:" + std::to_string(gateway_port_);
  const std::string nats_url = testsupport::SharedNats().url();

  // dev-idp matches redirect URIs exactly: register this test's callback on a copy.
  nlohmann::json users;
  {
    std::ifstream in(DEV_IDP_USERS_FILE);
    users = nlohmann::json::parse(in);
  }
  for (auto& client : users["clients"]) {
    if (client["client_id"] == kClientId) {
      client["redirect_uris"].push_back(gateway_base_ + "/auth/callback");
      client["post_logout_redirect_uris"].push_back(gateway_base_ + "/");
    }
  }
  const std::string users_file = dir_.path() + "/dev-idp.json";
  std::ofstream(users_file) << users.dump(2);

  auto idp = Spawn("dev-idp",
                   {DEV_IDP_PATH, "--port", std::to_string(idp_port_), "--config", users_file,
                    "--issuer-host", idp_base_, "--test-controls"},
                   {});
  if (!idp) return;
  children_.emplace_back("dev-idp", std::move(*idp));
  if (!testsupport::WaitForPort(idp_port_, std::chrono::seconds(20))) {
    ADD_FAILURE() << "dev-idp did not listen:\n" << Log("dev-idp");
    return;
  }

  auto store = Spawn("session-store", {SESSION_STORE_PATH},
                     {{"PORTCULLIS_SESSION_STORE_NATS_URL", nats_url},
                      {"PORTCULLIS_SESSION_STORE_PREFIX", prefix_},
                      {"PORTCULLIS_SESSION_STORE_DATABASE_URL", db_.conninfo()},
                      {"PORTCULLIS_SESSION_STORE_POOL_SIZE", "4"},
                      {"PORTCULLIS_SESSION_STORE_MIGRATIONS_DIR", MIGRATIONS_DIR},
                      {"PORTCULLIS_SESSION_STORE_KEYS", kKeyRing},
                      {"PORTCULLIS_SESSION_STORE_ISSUER", issuer()},
                      {"PORTCULLIS_SESSION_STORE_CLIENT_ID", kClientId},
                      {"PORTCULLIS_SESSION_STORE_CLIENT_SECRET", kClientSecret},
                      {"PORTCULLIS_SESSION_STORE_WORKERS", "4"},
                      {"PORTCULLIS_SESSION_STORE_AUDIT_SPOOL", dir_.path() + "/ss-audit.spool"},
                      {"PORTCULLIS_SESSION_STORE_LOG_JSON", "false"}});
  if (!store) return;
  children_.emplace_back("session-store", std::move(*store));

  auto upstream =
      Spawn("demo-upstream",
            {DEMO_UPSTREAM_PATH, "--port", std::to_string(upstream_port_), "--issuer", issuer()},
            {{"PORTCULLIS_DEMO_UPSTREAM_SERVICE_TOKEN", kServiceToken}});
  if (!upstream) return;
  children_.emplace_back("demo-upstream", std::move(*upstream));

  std::map<std::string, std::string> env{
      {"PORTCULLIS_GATEWAY_PORT", std::to_string(gateway_port_)},
      {"PORTCULLIS_GATEWAY_PUBLIC_BASE_URL", gateway_base_},
      {"PORTCULLIS_GATEWAY_COOKIE_ALLOW_INSECURE_LOCALHOST", "true"},
      {"PORTCULLIS_GATEWAY_ISSUER", issuer()},
      {"PORTCULLIS_GATEWAY_CLIENT_SECRET", kClientSecret},
      {"PORTCULLIS_GATEWAY_CSRF_KEY", kCsrfKey},
      {"PORTCULLIS_GATEWAY_ROUTES", "/api/ " + upstream_base_},
      {"PORTCULLIS_GATEWAY_NATS_URL", nats_url},
      {"PORTCULLIS_GATEWAY_PREFIX", prefix_},
      {"PORTCULLIS_GATEWAY_TOKEN_LEEWAY", "0s"},
      {"PORTCULLIS_GATEWAY_SERVICE_TOKENS", std::string("e2e-bot:") + kServiceToken},
      {"PORTCULLIS_GATEWAY_LOG_JSON", "false"},
  };
  for (auto& [k, v] : gateway_env) env[k] = v;
  if (auto it = env.find("PORTCULLIS_GATEWAY_AUDIT_SPOOL_PATH");
      it != env.end() && it->second.empty()) {
    it->second = dir_.path() + "/gateway-audit.spool";
  }
  auto gateway = Spawn("auth-gateway", {AUTH_GATEWAY_PATH}, env);
  if (!gateway) return;
  children_.emplace_back("auth-gateway", std::move(*gateway));

  // Ready when the gateway answers /readyz (NATS up and session-store answering) and the
  // upstream listens.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  Browser probe;
  while (std::chrono::steady_clock::now() < until) {
    for (auto& [name, child] : children_) {
      if (!child.Running()) {
        ADD_FAILURE() << name << " exited during start-up:\n" << Log(name);
        return;
      }
    }
    Response r = probe.Get(gateway_base_ + "/readyz");
    if (r.status == 200 &&
        testsupport::WaitForPort(upstream_port_, std::chrono::milliseconds(10))) {
      ok_ = true;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "the stack did not become ready:\n--- gateway\n"
                << Log("auth-gateway") << "\n--- session-store\n"
                << Log("session-store");
}

GatewayStack::~GatewayStack() {
  for (auto it = children_.rbegin(); it != children_.rend(); ++it) {
    Result<int> status = it->second.Stop();
    if (!status.ok() || *status != 0) {
      ADD_FAILURE() << it->first << " exit status "
                    << (status.ok() ? std::to_string(*status) : status.error().ToString()) << "\n"
                    << Log(it->first);
    }
  }
}

void GatewayStack::StopChild(const std::string& name) {
  for (auto it = children_.begin(); it != children_.end(); ++it) {
    if (it->first != name) continue;
    Result<int> status = it->second.Stop();
    if (!status.ok() || *status != 0) ADD_FAILURE() << name << " did not stop cleanly";
    children_.erase(it);
    return;
  }
  ADD_FAILURE() << "no child named " << name;
}

Response GatewayStack::Login(Browser& browser, const std::string& user,
                             const std::string& return_to) {
  return browser.Get(gateway_base_ + "/auth/login?login_hint=" +
                         UrlEncode(user + "@portcullis.dev") + "&return_to=" + UrlEncode(return_to),
                     /*follow=*/true);
}

std::string GatewayStack::CsrfToken(Browser& browser) {
  Response me = browser.Get(gateway_base_ + "/auth/me");
  if (me.status != 200) return "";
  return nlohmann::json::parse(me.body).value("csrf_token", "");
}

std::string GatewayStack::ClientCredentialsToken(const std::string& scope) {
  Browser b;
  Response r =
      b.Send({.method = "POST",
              .url = idp_base_ + "/" + kTenant + "/oauth2/v2.0/token",
              .headers = {"Content-Type: application/x-www-form-urlencoded"},
              .body = "grant_type=client_credentials&client_id=" + std::string(kClientId) +
                      "&client_secret=" + UrlEncode(kClientSecret) + "&scope=" + UrlEncode(scope)});
  if (r.status != 200) {
    ADD_FAILURE() << "client_credentials: " << r.status << " " << r.body;
    return "";
  }
  return nlohmann::json::parse(r.body).value("access_token", "");
}

long GatewayStack::IdpControl(const std::string& name, const nlohmann::json& body) {
  Browser b;
  return b
      .Send({.method = "POST",
             .url = idp_base_ + "/_test/" + name,
             .headers = {"Content-Type: application/json"},
             .body = body.dump()})
      .status;
}

}  // namespace portcullis::e2e
