#include "dev_idp_server.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "portcullis/crypto/encoding.h"
#include "portcullis/crypto/hash.h"
#include "portcullis/crypto/random.h"
#include "portcullis/testsupport/net.h"
#include "portcullis/token/remote_key_set.h"

namespace portcullis::e2e {

std::unique_ptr<DevIdpServer> DevIdpServer::Start(bool test_controls) {
  auto dir = testsupport::TempDir::Create();
  auto port = testsupport::FindFreePort();
  if (!dir.ok() || !port.ok()) {
    ADD_FAILURE() << "no temp dir or free port";
    return nullptr;
  }
  std::string p = std::to_string(*port);
  testsupport::ChildProcess::Options o;
  o.argv = {DEV_IDP_PATH, "--port", p, "--config", DEV_IDP_USERS_FILE};
  if (test_controls) o.argv.push_back("--test-controls");
  o.log_path = dir->path() + "/dev-idp.log";
  auto child = testsupport::ChildProcess::Spawn(o);
  if (!child.ok()) {
    ADD_FAILURE() << child.error().ToString();
    return nullptr;
  }
  std::unique_ptr<DevIdpServer> s(new DevIdpServer(std::move(*dir), std::move(*child)));
  if (!testsupport::WaitForPort(*port, std::chrono::seconds(10))) {
    ADD_FAILURE() << "dev-idp did not listen on " << p;
    return nullptr;
  }
  s->base_ = "http://127.0.0.1:" + p;
  // The tenant is the only thing a client is told; it comes from the users file's tenant_id.
  s->discovery_url_ =
      s->base_ + "/6f2a1c3e-8b4d-4e7a-9c15-2d3e4f5a6b7c/v2.0/.well-known/openid-configuration";
  HttpResult r = Send({.url = s->discovery_url_});
  if (r.status != 200) {
    ADD_FAILURE() << "discovery: " << r.status << " " << r.error;
    return nullptr;
  }
  s->discovery_ = nlohmann::json::parse(r.body);
  return s;
}

// dev-idp must stop cleanly on SIGTERM: under the sanitizers a leak or UB report at exit shows
// up here as a non-zero status, with the server's log.
DevIdpServer::~DevIdpServer() {
  Result<int> status = child_.Stop();
  if (!status.ok() || *status != 0) {
    std::ifstream log(dir_.path() + "/dev-idp.log");
    std::stringstream text;
    text << log.rdbuf();
    ADD_FAILURE() << "dev-idp exit status "
                  << (status.ok() ? std::to_string(*status) : status.error().ToString()) << "\n"
                  << text.str();
  }
}

HttpResult DevIdpServer::Control(const std::string& name, const nlohmann::json& body) const {
  return Send({.method = "POST",
               .url = base_ + "/_test/" + name,
               .headers = {"Content-Type: application/json"},
               .body = body.dump()});
}

Pkce Pkce::New() {
  Pkce p;
  p.verifier = crypto::RandomId().value();
  p.challenge = crypto::Base64UrlEncode(crypto::Sha256(crypto::AsBytes(p.verifier)));
  return p;
}

HttpResult Authorize(const DevIdpServer& idp, const std::string& login_hint, const Pkce& pkce,
                     const std::string& scope, const std::string& state, const std::string& nonce,
                     const std::string& redirect_uri) {
  std::vector<std::pair<std::string, std::string>> q{{"client_id", kClientId},
                                                     {"redirect_uri", redirect_uri},
                                                     {"response_type", "code"},
                                                     {"scope", scope},
                                                     {"state", state},
                                                     {"nonce", nonce},
                                                     {"code_challenge", pkce.challenge},
                                                     {"code_challenge_method", "S256"}};
  if (!login_hint.empty()) q.emplace_back("login_hint", login_hint);
  return Send({.url = idp.Endpoint("authorization_endpoint") + "?" + FormBody(q)});
}

HttpResult TokenCall(const DevIdpServer& idp,
                     const std::vector<std::pair<std::string, std::string>>& fields,
                     const std::string& basic) {
  HttpCall call{.method = "POST",
                .url = idp.Endpoint("token_endpoint"),
                .headers = {"Content-Type: application/x-www-form-urlencoded"},
                .body = FormBody(fields)};
  if (!basic.empty()) call.basic_auth = basic;
  return Send(call);
}

std::unique_ptr<token::Verifier> DiscoveryVerifier(http::HttpFetcher& fetcher, const Clock& clock,
                                                   const DevIdpServer& idp,
                                                   std::vector<std::string> audiences) {
  token::RemoteKeySetOptions o;
  o.discovery_uri = idp.DiscoveryUrl();
  o.expected_issuer = idp.Endpoint("issuer");
  o.unknown_kid_refetch_interval = std::chrono::seconds(0);  // key rollover is tested
  auto keys = std::make_shared<token::RemoteKeySet>(fetcher, clock, o);
  token::VerifyPolicy policy;
  policy.issuers = {idp.Endpoint("issuer")};
  policy.audiences = std::move(audiences);
  policy.leeway = std::chrono::seconds(60);
  return std::make_unique<token::Verifier>(keys, policy, /*cache_capacity=*/0);
}

}  // namespace portcullis::e2e
