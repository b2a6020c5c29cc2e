// session-store end to end over real NATS, PostgreSQL and dev-idp: the single-flight refresh
// across two instances, what a database dump reveals, the race for one pending login, the
// revocation broadcast, and authctl sessions.
#include <gtest/gtest.h>
#include <nats/nats.h>

#include <atomic>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "portcullis/bus/codec.h"
#include "portcullis/crypto/random.h"
#include "portcullis/proto/login/v1/subjects.h"
#include "portcullis/proto/session/v1/subjects.h"
#include "session_store_stack.h"

namespace portcullis::e2e {
namespace {

namespace sv = proto::session::v1;
namespace lv = proto::login::v1;
using std::chrono::milliseconds;
using std::chrono::seconds;

class SessionStoreE2eTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(SessionStoreStack::Idp(), nullptr); }
};

// Requests per instance for one endpoint, from $SRV.STATS.
std::vector<int64_t> RequestsPerInstance(SessionStoreStack& stack, const std::string& endpoint) {
  std::vector<int64_t> out;
  auto stats = stack.client().Gather("$SRV.STATS.session-store", "", milliseconds(500));
  if (!stats.ok()) return out;
  for (const std::string& text : *stats) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    for (const auto& e : j.value("endpoints", nlohmann::json::array())) {
      if (e.value("name", "") == endpoint) out.push_back(e.value("num_requests", int64_t{0}));
    }
  }
  return out;
}

TEST_F(SessionStoreE2eTest, FiftyConcurrentAccessTokenCallsOverTwoInstancesRefreshOnce) {
  SessionStoreStack stack;
  stack.StartInstances(2);
  nlohmann::json tokens = stack.Login("alice");
  ASSERT_TRUE(tokens.contains("refresh_token")) << tokens.dump();
  // Stored as expiring in 10 s: below the 5-minute minimum, so the first caller must refresh.
  auto created = stack.Create(SessionStoreStack::SessionFor(tokens, "alice-oid", NowS() + 10));
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  const int64_t grants_before = SessionStoreStack::RefreshGrants();

  constexpr int kCallers = 50;
  std::vector<Result<sv::AccessTokenReply>> results(kCallers, Error{ErrorCode::kInternal, ""});
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      results[i] = stack.AccessToken(created->session_id, 300, 15000);
    });
  }
  go = true;
  for (auto& t : threads) t.join();

  EXPECT_EQ(SessionStoreStack::RefreshGrants() - grants_before, 1);
  std::set<std::string> seen;
  int refreshed = 0;
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    seen.insert(r->access_token);
    refreshed += r->refreshed;
    EXPECT_GT(r->expires_at, NowS() + 300);
  }
  EXPECT_EQ(seen.size(), 1u) << "every caller gets the same (new) token";
  EXPECT_NE(*seen.begin(), tokens["access_token"].get<std::string>());
  EXPECT_GE(refreshed, 1);
  std::vector<int64_t> per_instance = RequestsPerInstance(stack, "access_token");
  ASSERT_EQ(per_instance.size(), 2u);
  EXPECT_GT(per_instance[0], 0) << "the load must reach both instances";
  EXPECT_GT(per_instance[1], 0) << "the load must reach both instances";
}

TEST_F(SessionStoreE2eTest, DatabaseDumpHoldsNoSessionIdAndNoToken) {
  const std::string pg_dump = PgDumpPath();
  ASSERT_FALSE(pg_dump.empty()) << "pg_dump not installed";
  SessionStoreStack stack;
  stack.StartInstances(2);
  nlohmann::json real = stack.Login("bob");
  constexpr int kSessions = 1000;
  std::vector<std::string> secrets(kSessions * 4);
  std::atomic<int> next{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < kSessions; i = next++) {
        nlohmann::json tokens = real;
        if (i > 0) {  // session 0 holds dev-idp's real tokens, the rest unique ones
          const std::string tag = crypto::RandomId().value();
          tokens["access_token"] = "eyJ.access." + tag;
          tokens["refresh_token"] = "refresh." + tag;
          tokens["id_token"] = "eyJ.id." + tag;
        }
        auto c = stack.Create(SessionStoreStack::SessionFor(tokens, "dump-user", NowS() + 3600));
        if (!c.ok()) {
          ++failures;
          continue;
        }
        secrets[i * 4] = c->session_id;
        secrets[i * 4 + 1] = tokens["access_token"];
        secrets[i * 4 + 2] = tokens["refresh_token"];
        secrets[i * 4 + 3] = tokens["id_token"];
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(failures, 0);

  testsupport::TempDir dir = testsupport::TempDir::Create().value();
  const std::string dump_path = dir.path() + "/dump.sql";
  testsupport::ChildProcess::Options o;
  o.argv = {pg_dump, "--dbname=" + stack.conninfo(), "--file=" + dump_path};
  o.log_path = dir.path() + "/pg_dump.log";
  auto status = testsupport::RunToCompletion(o, seconds(120));
  ASSERT_TRUE(status.ok() && *status == 0) << "pg_dump failed";
  std::ifstream in(dump_path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string dump = text.str();
  // The dump does hold the sessions (so the searches below are meaningful).
  size_t rows = 0;
  for (size_t p = dump.find("dump-user"); p != std::string::npos;
       p = dump.find("dump-user", p + 1)) {
    ++rows;
  }
  EXPECT_EQ(rows, static_cast<size_t>(kSessions));
  for (size_t i = 0; i < secrets.size(); ++i) {
    ASSERT_FALSE(secrets[i].empty());
    ASSERT_EQ(dump.find(secrets[i]), std::string::npos) << "secret #" << i << " is in the dump";
  }
  // Nor a recognisable piece of a token: no JWT header in the clear. Not just "eyJ": three
  // characters turn up by chance in a dump full of random base64url (ids, refs), about once per
  // 260 KB; `{"alg"`, `{"typ"` and `{"kid"` encoded (8 characters) do not, and a JWT header
  // starts with one of them (dev-idp's with `{"alg"`).
  for (const char* header_start : {"eyJhbGci", "eyJ0eXAi", "eyJraWQi"}) {
    EXPECT_EQ(dump.find(header_start), std::string::npos) << header_start;
  }
}

TEST_F(SessionStoreE2eTest, TwentyConcurrentTakesOfOneStateSucceedOnce) {
  SessionStoreStack stack;
  stack.StartInstances(2);
  lv::BeginRequest b;
  b.state = crypto::RandomId().value();
  b.code_verifier = crypto::RandomId().value();
  b.nonce = "n-1";
  b.return_to = "/agents";
  b.provider = "dev-idp";
  auto begun = stack.client().Request<lv::BeginRequest, lv::BeginReply>(
      lv::BeginSubject(stack.prefix()), b, seconds(10));
  ASSERT_TRUE(begun.ok()) << begun.error().ToString();
  std::atomic<int> wins{0}, not_found{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&] {
      while (!go) std::this_thread::yield();
      lv::TakeRequest t;
      t.state = b.state;
      auto r = stack.client().Request<lv::TakeRequest, lv::TakeReply>(
          lv::TakeSubject(stack.prefix()), t, seconds(10));
      if (r.ok() && r->code_verifier == b.code_verifier && r->return_to == "/agents") ++wins;
      if (!r.ok() && r.code() == ErrorCode::kNotFound) ++not_found;
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins, 1);
  EXPECT_EQ(not_found, 19);
}

// A subscriber on <prefix>.session.v1.revoked, as every gateway has.
class RevokedListener {
 public:
  explicit RevokedListener(SessionStoreStack& stack) {
    const std::string subject = sv::RevokedSubject(stack.prefix());
    EXPECT_EQ(natsConnection_SubscribeSync(&sub_, stack.conn().raw(), subject.c_str()), NATS_OK);
    EXPECT_EQ(natsConnection_Flush(stack.conn().raw()), NATS_OK);
  }
  ~RevokedListener() { natsSubscription_Destroy(sub_); }
  std::optional<sv::Revoked> Next(int timeout_ms = 5000) {
    natsMsg* msg = nullptr;
    if (natsSubscription_NextMsg(&msg, sub_, timeout_ms) != NATS_OK) return std::nullopt;
    auto r = bus::Decode<sv::Revoked>(
        std::string_view(natsMsg_GetData(msg), natsMsg_GetDataLength(msg)));
    natsMsg_Destroy(msg);
    if (!r.ok()) return std::nullopt;
    return *r;
  }

 private:
  natsSubscription* sub_ = nullptr;
};

TEST_F(SessionStoreE2eTest, RevocationsAreBroadcast) {
  SessionStoreStack stack;
  stack.StartInstances(2);
  RevokedListener listener(stack);
  nlohmann::json tokens = stack.Login("carol");
  auto a = stack.Create(SessionStoreStack::SessionFor(tokens, "carol-oid", NowS() + 3600));
  auto b = stack.Create(SessionStoreStack::SessionFor(tokens, "carol-oid", NowS() + 3600));
  ASSERT_TRUE(a.ok() && b.ok());
  auto view = stack.Get(a->session_id);
  ASSERT_TRUE(view.ok());

  sv::DestroyRequest d;
  d.session_id = a->session_id;
  d.reason = "logout";
  auto destroyed = stack.client().Request<sv::DestroyRequest, sv::DestroyReply>(
      sv::DestroySubject(stack.prefix()), d, seconds(10));
  ASSERT_TRUE(destroyed.ok() && destroyed->destroyed);
  auto first = listener.Next();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->session_refs, std::vector<std::string>{view->session_ref});
  EXPECT_EQ(first->reason, "logout");
  EXPECT_EQ(stack.Get(a->session_id).code(), ErrorCode::kNotFound);

  sv::DestroyUserRequest du;
  du.user_id = "carol-oid";
  du.reason = "admin";
  auto all = stack.client().Request<sv::DestroyUserRequest, sv::DestroyUserReply>(
      sv::DestroyUserSubject(stack.prefix()), du, seconds(10));
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->destroyed, 1);
  auto second = listener.Next();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->user_id, "carol-oid");
  EXPECT_EQ(second->session_refs.size(), 1u);
  EXPECT_EQ(stack.Get(b->session_id).code(), ErrorCode::kNotFound);
}

struct CliResult {
  int status = -1;
  std::string output;
};

CliResult Authctl(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env = {}) {
  testsupport::TempDir dir = testsupport::TempDir::Create().value();
  testsupport::ChildProcess::Options o;
  o.argv = {AUTHCTL_PATH};
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.env = env;
  o.log_path = dir.path() + "/out";
  CliResult r;
  auto status = testsupport::RunToCompletion(o, seconds(120));
  r.status = status.ok() ? *status : -1;
  std::ifstream in(o.log_path);
  std::stringstream text;
  text << in.rdbuf();
  r.output = text.str();
  return r;
}

TEST_F(SessionStoreE2eTest, AuthctlListsAndRevokesSessions) {
  SessionStoreStack stack;
  stack.StartInstances(1);
  nlohmann::json tokens = stack.Login("dave");
  auto a = stack.Create(SessionStoreStack::SessionFor(tokens, "dave-oid", NowS() + 3600));
  auto b = stack.Create(SessionStoreStack::SessionFor(tokens, "dave-oid", NowS() + 3600));
  ASSERT_TRUE(a.ok() && b.ok());
  const std::string ref_a = stack.Get(a->session_id)->session_ref;
  const std::vector<std::string> bus{"--nats", stack.NatsUrl(), "--prefix", stack.prefix()};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.end(), bus.begin(), bus.end());
    return args;
  };

  CliResult list = Authctl(with({"sessions", "list", "--user", "dave-oid"}));
  EXPECT_EQ(list.status, 0) << list.output;
  EXPECT_NE(list.output.find(ref_a), std::string::npos) << list.output;
  EXPECT_NE(list.output.find("2 session(s)"), std::string::npos) << list.output;
  EXPECT_EQ(list.output.find(a->session_id), std::string::npos) << "never print a session id";

  CliResult one = Authctl(with({"sessions", "revoke", "--session", ref_a}));
  EXPECT_EQ(one.status, 0) << one.output;
  EXPECT_EQ(stack.Get(a->session_id).code(), ErrorCode::kNotFound);
  EXPECT_TRUE(stack.Get(b->session_id).ok());
  CliResult again = Authctl(with({"sessions", "revoke", "--session", ref_a}));
  EXPECT_EQ(again.status, 1) << again.output;

  CliResult user = Authctl(with({"sessions", "revoke", "--user", "dave-oid"}));
  EXPECT_EQ(user.status, 0) << user.output;
  EXPECT_NE(user.output.find("revoked 1 session(s)"), std::string::npos) << user.output;
  EXPECT_EQ(stack.Get(b->session_id).code(), ErrorCode::kNotFound);

  EXPECT_EQ(Authctl({"sessions", "list"}).status, 2);
  EXPECT_EQ(Authctl({"sessions", "revoke", "--user", "x", "--session", "y"}).status, 2);
  EXPECT_EQ(Authctl({"sessions", "frobnicate"}).status, 2);
  EXPECT_EQ(Authctl({"sessions", "list", "--user", "x", "--nats", "nats://127.0.0.1:1"}).status, 1);
}

}  // namespace
}  // namespace portcullis::e2e
