#include "session_store_stack.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "portcullis/proto/session/v1/subjects.h"
#include "portcullis/testsupport/nats_server.h"
#include "portcullis/testsupport/net.h"

namespace portcullis::e2e {

namespace sv = proto::session::v1;

DevIdpServer* SessionStoreStack::Idp() {
  static DevIdpServer* idp = DevIdpServer::Start(/*test_controls=*/true).release();
  return idp;
}

SessionStoreStack::SessionStoreStack(std::map<std::string, std::string> env)
    : db_(testsupport::SharedPostgres()),
      dir_(testsupport::TempDir::Create().value()),
      prefix_(testsupport::UniqueName("ss")),
      env_(std::move(env)) {
  auto conn = bus::Connection::Connect(
      {.url = testsupport::SharedNats().url(), .name = "session-store-e2e"});
  if (!conn.ok()) {
    ADD_FAILURE() << conn.error().ToString();
    return;
  }
  conn_ = std::move(*conn);
  client_ = std::make_unique<bus::Client>(*conn_);
}

SessionStoreStack::~SessionStoreStack() {
  for (size_t i = 0; i < instances_.size(); ++i) {
    if (instances_[i]) StopInstance(i);
  }
  client_.reset();
  if (conn_) (void)conn_->Drain(std::chrono::seconds(2));
}

std::string SessionStoreStack::NatsUrl() const { return testsupport::SharedNats().url(); }

std::string SessionStoreStack::InstanceLog(size_t i) const {
  std::ifstream log(dir_.path() + "/session-store-" + std::to_string(i) + ".log");
  std::stringstream text;
  text << log.rdbuf();
  return text.str();
}

std::map<std::string, std::string> SessionStoreStack::BaseEnv(size_t i) const {
  DevIdpServer* idp = Idp();
  std::map<std::string, std::string> e{
      {"PORTCULLIS_SESSION_STORE_NATS_URL", NatsUrl()},
      {"PORTCULLIS_SESSION_STORE_PREFIX", prefix_},
      {"PORTCULLIS_SESSION_STORE_DATABASE_URL", db_.conninfo()},
      {"PORTCULLIS_SESSION_STORE_POOL_SIZE", "6"},
      {"PORTCULLIS_SESSION_STORE_MIGRATIONS_DIR", MIGRATIONS_DIR},
      {"PORTCULLIS_SESSION_STORE_KEYS", kKeyK1},
      {"PORTCULLIS_SESSION_STORE_ISSUER", idp != nullptr ? idp->Endpoint("issuer") : ""},
      {"PORTCULLIS_SESSION_STORE_CLIENT_ID", kClientId},
      {"PORTCULLIS_SESSION_STORE_CLIENT_SECRET", kClientSecret},
      {"PORTCULLIS_SESSION_STORE_WORKERS", "4"},
      {"PORTCULLIS_SESSION_STORE_AUDIT_SPOOL",
       dir_.path() + "/audit-" + std::to_string(i) + ".spool"},
      {"PORTCULLIS_SESSION_STORE_LOG_JSON", "false"},
  };
  for (const auto& [k, v] : env_) e[k] = v;
  return e;
}

void SessionStoreStack::StartInstance(size_t i, const std::map<std::string, std::string>& extra) {
  if (instances_.size() <= i) instances_.resize(i + 1);
  ASSERT_FALSE(instances_[i].has_value()) << "instance " << i << " already running";
  testsupport::ChildProcess::Options o;
  o.argv = {SESSION_STORE_PATH};
  o.env = BaseEnv(i);
  for (const auto& [k, v] : extra) o.env[k] = v;
  o.log_path = dir_.path() + "/session-store-" + std::to_string(i) + ".log";
  auto child = testsupport::ChildProcess::Spawn(o);
  ASSERT_TRUE(child.ok()) << child.error().ToString();
  instances_[i].emplace(std::move(*child));
  const size_t want = RunningInstances();
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < until) {
    auto pongs = client_->Gather("$SRV.PING.session-store", "", std::chrono::milliseconds(150));
    if (pongs.ok() && pongs->size() >= want) return;
    ASSERT_TRUE(instances_[i]->Running()) << "session-store " << i << " exited:\n"
                                          << InstanceLog(i);
  }
  FAIL() << "session-store " << i << " did not come up:\n" << InstanceLog(i);
}

void SessionStoreStack::StartInstances(size_t n) {
  for (size_t i = 0; i < n; ++i) StartInstance(i);
}

void SessionStoreStack::KillInstance(size_t i) {
  ASSERT_TRUE(i < instances_.size() && instances_[i].has_value());
  instances_[i]->Signal(SIGKILL);
  (void)instances_[i]->Wait(std::chrono::seconds(10));
  instances_[i].reset();
}

void SessionStoreStack::StopInstance(size_t i) {
  if (i >= instances_.size() || !instances_[i]) return;
  Result<int> status = instances_[i]->Stop(SIGTERM, std::chrono::seconds(15));
  instances_[i].reset();
  if (!status.ok() || *status != 0) {
    ADD_FAILURE() << "session-store " << i << " exit status "
                  << (status.ok() ? std::to_string(*status) : status.error().ToString()) << "\n"
                  << InstanceLog(i);
  }
}

size_t SessionStoreStack::RunningInstances() const {
  size_t n = 0;
  for (const auto& p : instances_) n += p.has_value();
  return n;
}

Result<sv::CreateReply> SessionStoreStack::Create(const sv::CreateRequest& r) {
  return client_->Request<sv::CreateRequest, sv::CreateReply>(sv::CreateSubject(prefix_), r,
                                                              std::chrono::seconds(10));
}

Result<sv::SessionView> SessionStoreStack::Get(const std::string& id,
                                               std::chrono::milliseconds deadline) {
  sv::GetRequest r;
  r.session_id = id;
  return client_->Request<sv::GetRequest, sv::SessionView>(sv::GetSubject(prefix_), r, deadline);
}

Result<sv::AccessTokenReply> SessionStoreStack::AccessToken(const std::string& id,
                                                            int64_t min_remaining_s,
                                                            int64_t timeout_ms) {
  sv::AccessTokenRequest r;
  r.session_id = id;
  r.min_remaining_s = min_remaining_s;
  r.timeout_ms = timeout_ms;
  return client_->Request<sv::AccessTokenRequest, sv::AccessTokenReply>(
      sv::AccessTokenSubject(prefix_), r, std::chrono::seconds(20));
}

nlohmann::json SessionStoreStack::Login(const std::string& user) {
  DevIdpServer* idp = Idp();
  if (idp == nullptr) return {};
  Pkce pkce = Pkce::New();
  HttpResult a = Authorize(*idp, user, pkce,
                           "openid profile email offline_access "
                           "api://portcullis-gateway/access_as_user");
  EXPECT_EQ(a.status, 302) << a.body;
  std::string code = QueryValue(a.Header("location"), "code");
  HttpResult t = TokenCall(*idp, {{"grant_type", "authorization_code"},
                                  {"code", code},
                                  {"redirect_uri", kRedirectUri},
                                  {"code_verifier", pkce.verifier}});
  EXPECT_EQ(t.status, 200) << t.body;
  return nlohmann::json::parse(t.body, nullptr, false);
}

sv::CreateRequest SessionStoreStack::SessionFor(const nlohmann::json& tokens,
                                                const std::string& user_id,
                                                int64_t access_expires_at) {
  sv::CreateRequest r;
  r.user = {.id = user_id,
            .tenant = "6f2a1c3e-8b4d-4e7a-9c15-2d3e4f5a6b7c",
            .issuer = "dev-idp",
            .name = "E2E User",
            .email = ""};
  r.groups = {"g1"};
  r.roles = {"Portcullis.Admin"};
  r.tokens.access_token = tokens.value("access_token", "");
  r.tokens.refresh_token = tokens.value("refresh_token", "");
  r.tokens.id_token = tokens.value("id_token", "");
  r.tokens.scope = tokens.value("scope", "");
  r.tokens.access_expires_at = access_expires_at;
  r.metadata = {{"ip", "127.0.0.1"}, {"user_agent", "e2e"}};
  return r;
}

int64_t SessionStoreStack::RefreshGrants() {
  HttpResult r = Idp()->Control("counters", nlohmann::json::object());
  EXPECT_EQ(r.status, 200) << r.body;
  return nlohmann::json::parse(r.body, nullptr, false).value("refresh_token", int64_t{0});
}

std::string PgDumpPath() {
  std::string best;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    std::string candidate = entry.path().string() + "/bin/pg_dump";
    if (std::filesystem::exists(candidate) && candidate > best) best = candidate;
  }
  return best;
}

}  // namespace portcullis::e2e
