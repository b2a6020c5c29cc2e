// dev-idp + demo-upstream (real binaries) + the proxy engine behind a Pistache endpoint:
// tokens are minted by dev-idp, verified by demo-upstream through discovery, and every answer
// travels through libs/proxy.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "portcullis/http/curl_http_fetcher.h"
#include "portcullis/proxy/testing/pistache_front.h"
#include "portcullis/proxy/testing/scripted_upstream.h"
#include "portcullis/proxy/upstream_proxy.h"
#include "portcullis/testsupport/child_process.h"
#include "portcullis/testsupport/net.h"
#include "portcullis/testsupport/temp_dir.h"

namespace portcullis::e2e {
namespace {

using namespace std::chrono_literals;
using proxy::testing::PistacheFront;
using proxy::testing::RawClient;

constexpr const char* kTenant = "6f2a1c3e-8b4d-4e7a-9c15-2d3e4f5a6b7c";
constexpr const char* kServiceToken = "e2e-service-token-0123456789";

struct Answer {
  int status = 0;
  std::string head;  // status line and headers, lower-cased
  std::string body;  // de-chunked
};

// Splits an HTTP/1.1 answer read to EOF; de-chunks a chunked body.
Answer ParseAnswer(const std::string& raw) {
  Answer a;
  const size_t end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || end == std::string::npos) return a;
  a.status = std::stoi(raw.substr(9, 3));
  a.head = raw.substr(0, end);
  for (char& c : a.head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string rest = raw.substr(end + 4);
  if (a.head.find("transfer-encoding: chunked") == std::string::npos) {
    a.body = rest;
    return a;
  }
  size_t pos = 0;
  while (pos < rest.size()) {
    const size_t line_end = rest.find("\r\n", pos);
    if (line_end == std::string::npos) break;
    const size_t size = std::stoul(rest.substr(pos, line_end - pos), nullptr, 16);
    if (size == 0) break;
    a.body += rest.substr(line_end + 2, size);
    pos = line_end + 2 + size + 2;
  }
  return a;
}

std::string Request(const std::string& method, const std::string& path, const std::string& token,
                    const std::string& body = "") {
  std::string r = method + " " + path + " HTTP/1.1\r\nHost: e2e\r\nConnection: close\r\n";
  if (!token.empty()) r += "Authorization: Bearer " + token + "\r\n";
  if (!body.empty() || method == "POST") {
    r +=
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return r + "\r\n" + body;
}

// Reads one complete answer (Content-Length or chunked): Pistache does not close the connection
// after answering a `Connection: close` request, so EOF cannot be the end marker.
Answer Call(int port, const std::string& request) {
  RawClient client(port);
  EXPECT_TRUE(client.Send(request));
  EXPECT_TRUE(client.ReadUntil("\r\n\r\n", 20s));
  Answer head = ParseAnswer(client.received());
  if (head.head.find("transfer-encoding: chunked") != std::string::npos) {
    EXPECT_TRUE(client.ReadUntil("\r\n0\r\n\r\n", 20s));
  } else if (const size_t at = head.head.find("content-length: "); at != std::string::npos) {
    const size_t length = std::stoul(head.head.substr(at + 16));
    EXPECT_TRUE(client.ReadAtLeast(client.received().find("\r\n\r\n") + 4 + length, 20s));
  }
  return ParseAnswer(client.received());
}

class Server {
 public:
  Server(std::string name, std::vector<std::string> argv, std::map<std::string, std::string> env,
         int port, const std::string& dir)
      : name_(std::move(name)), log_(dir + "/" + name_ + ".log") {
    testsupport::ChildProcess::Options o;
    o.argv = std::move(argv);
    o.env = std::move(env);
    o.log_path = log_;
    auto child = testsupport::ChildProcess::Spawn(o);
    if (!child.ok()) {
      ADD_FAILURE() << child.error().ToString();
      return;
    }
    child_.emplace(std::move(*child));
    up_ = testsupport::WaitForPort(port, 15s);
    if (!up_) ADD_FAILURE() << name_ << " did not listen on " << port << "\n" << Log();
  }
  // Each server must stop cleanly on SIGTERM: a sanitizer report at exit fails the test.
  ~Server() {
    if (!child_) return;
    Result<int> status = child_->Stop();
    if (!status.ok() || *status != 0) {
      ADD_FAILURE() << name_ << " exit status "
                    << (status.ok() ? std::to_string(*status) : status.error().ToString()) << "\n"
                    << Log();
    }
  }
  bool up() const { return up_; }
  std::string Log() const {
    std::ifstream in(log_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  std::string name_;
  std::string log_;
  std::optional<testsupport::ChildProcess> child_;
  bool up_ = false;
};

class ProxyE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto dir = testsupport::TempDir::Create();
    auto idp_port = testsupport::FindFreePort();
    auto up_port = testsupport::FindFreePort();
    ASSERT_TRUE(dir.ok() && idp_port.ok() && up_port.ok());
    dir_.emplace(std::move(*dir));
    idp_base_ = "http://127.0.0.1:" + std::to_string(*idp_port);
    idp_ = std::make_unique<Server>(
        "dev-idp",
        std::vector<std::string>{DEV_IDP_PATH, "--port", std::to_string(*idp_port), "--config",
                                 DEV_IDP_USERS_FILE},
        std::map<std::string, std::string>{}, *idp_port, dir_->path());
    ASSERT_TRUE(idp_->up());
    upstream_port_ = *up_port;
    upstream_ = std::make_unique<Server>(
        "demo-upstream",
        std::vector<std::string>{DEMO_UPSTREAM_PATH, "--port", std::to_string(upstream_port_),
                                 "--issuer", idp_base_ + "/" + kTenant + "/v2.0"},
        std::map<std::string, std::string>{
            {"PORTCULLIS_DEMO_UPSTREAM_SERVICE_TOKEN", kServiceToken},
            {"PORTCULLIS_DEMO_UPSTREAM_LOG_LEVEL", "warning"}},
        upstream_port_, dir_->path());
    ASSERT_TRUE(upstream_->up());
    proxy_ = proxy::MakeUpstreamProxy({});
    front_ = std::make_unique<PistacheFront>(*proxy_,
                                             "http://127.0.0.1:" + std::to_string(upstream_port_));
  }

  void TearDown() override {
    front_.reset();
    proxy_.reset();
    upstream_.reset();
    idp_.reset();
  }

  // An app token from dev-idp's token endpoint (client_credentials) for `resource`.
  std::string AppToken(const std::string& resource) {
    http::CurlHttpFetcher fetcher;
    auto r = fetcher.Post(idp_base_ + "/" + kTenant + "/oauth2/v2.0/token",
                          "application/x-www-form-urlencoded",
                          "grant_type=client_credentials&client_id=portcullis-gateway&"
                          "client_secret=dev-gateway-secret-NOT-FOR-PRODUCTION&scope=" +
                              resource + "%2F.default",
                          {}, {});
    EXPECT_TRUE(r.ok());
    if (!r.ok()) return "";
    EXPECT_EQ(r->status, 200) << r->body;
    return nlohmann::json::parse(r->body).value("access_token", "");
  }

  std::optional<testsupport::TempDir> dir_;
  std::string idp_base_;
  int upstream_port_ = 0;
  std::unique_ptr<Server> idp_;
  std::unique_ptr<Server> upstream_;
  std::unique_ptr<proxy::UpstreamProxy> proxy_;
  std::unique_ptr<PistacheFront> front_;
};

TEST_F(ProxyE2eTest, WhoamiThroughTheEngineShowsTheClaimsTheUpstreamVerified) {
  const std::string token = AppToken("api%3A%2F%2Fportcullis-gateway");
  ASSERT_FALSE(token.empty());
  Answer a = Call(front_->port(), Request("GET", "/api/whoami", token));
  ASSERT_EQ(a.status, 200) << a.body;
  auto doc = nlohmann::json::parse(a.body);
  EXPECT_EQ(doc["provider"], "issuer");
  EXPECT_EQ(doc["claims"]["aud"], "portcullis-gateway");
  EXPECT_EQ(doc["claims"]["azp"], "portcullis-gateway");
  EXPECT_EQ(doc["claims"]["iss"], idp_base_ + "/" + kTenant + "/v2.0");
  EXPECT_NE(a.head.find("x-proxied-by: portcullis-test"), std::string::npos);
}

TEST_F(ProxyE2eTest, UpstreamRejectsMissingForgedAndWrongAudienceTokens) {
  Answer none = Call(upstream_port_, Request("GET", "/api/ping", ""));
  EXPECT_EQ(none.status, 401);
  EXPECT_NE(none.head.find("www-authenticate: bearer"), std::string::npos);

  std::string token = AppToken("api%3A%2F%2Fportcullis-gateway");
  token.back() = token.back() == 'A' ? 'B' : 'A';
  Answer forged = Call(upstream_port_, Request("GET", "/api/ping", token));
  EXPECT_EQ(forged.status, 401);
  EXPECT_NE(forged.head.find("www-authenticate: bearer error=\"invalid_token\""),
            std::string::npos);

  const std::string downstream = AppToken("api%3A%2F%2Fportcullis-downstream");
  ASSERT_FALSE(downstream.empty());
  EXPECT_EQ(Call(upstream_port_, Request("GET", "/api/ping", downstream)).status, 401);
  // ... and the proxy passes the upstream's 401 and challenge through unchanged.
  Answer proxied = Call(front_->port(), Request("GET", "/api/ping", downstream));
  EXPECT_EQ(proxied.status, 401);
  EXPECT_NE(proxied.head.find("www-authenticate: bearer error=\"invalid_token\""),
            std::string::npos);
}

TEST_F(ProxyE2eTest, StaticServiceTokenIsAccepted) {
  Answer a = Call(front_->port(), Request("GET", "/api/whoami", kServiceToken));
  ASSERT_EQ(a.status, 200);
  EXPECT_EQ(nlohmann::json::parse(a.body)["subject"], "demo-service");
}

TEST_F(ProxyE2eTest, FirstOfAHundredEventsArrivesLongBeforeTheLast) {
  const std::string token = AppToken("api%3A%2F%2Fportcullis-gateway");
  RawClient client(front_->port());
  ASSERT_TRUE(client.Send(Request("GET", "/api/stream?n=100&interval_ms=10", token)));
  ASSERT_TRUE(client.ReadUntil("id: 0\n", 10s));
  const auto first = std::chrono::steady_clock::now();
  // The upstream paces 99 more events 10 ms apart: a proxy that buffered would hand over the
  // first event together with the last one.
  EXPECT_EQ(client.received().find("id: 99\n"), std::string::npos);
  ASSERT_TRUE(client.ReadUntil("id: 99\n", 20s));
  const auto last = std::chrono::steady_clock::now();
  EXPECT_GE(last - first, 500ms);
  client.ReadToEof(10s);
  Answer a = ParseAnswer(client.received());
  EXPECT_EQ(a.status, 200);
  EXPECT_NE(a.head.find("content-type: text/event-stream"), std::string::npos);
  for (int i = 0; i < 100; ++i) {
    EXPECT_NE(a.body.find("data: {\"seq\":" + std::to_string(i) + ",\"of\":100}\n\n"),
              std::string::npos)
        << i;
  }
}

TEST_F(ProxyE2eTest, EchoCarriesTheRequestBodyBothWays) {
  const std::string token = AppToken("api%3A%2F%2Fportcullis-gateway");
  const std::string body = R"({"prompt":")" + std::string(20000, 'p') + R"("})";
  Answer a = Call(front_->port(), Request("POST", "/api/echo", token, body));
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, body);
}

}  // namespace
}  // namespace portcullis::e2e
