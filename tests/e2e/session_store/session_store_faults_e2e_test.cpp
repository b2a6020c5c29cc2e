// session-store end to end when things go wrong or time passes: idle and absolute expiry (short
// configured timeouts), a throttled provider, a refresh token the provider no longer accepts, key
// rotation under traffic, and an instance killed during load.
#include <gtest/gtest.h>
#include <nats/nats.h>

#include <atomic>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>
#include <thread>

#include "portcullis/bus/codec.h"
#include "portcullis/proto/session/v1/subjects.h"
#include "session_store_stack.h"

namespace portcullis::e2e {
namespace {

namespace sv = proto::session::v1;
using std::chrono::milliseconds;
using std::chrono::seconds;
using SteadyClock = std::chrono::steady_clock;

class SessionStoreFaultsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(SessionStoreStack::Idp(), nullptr); }
  void TearDown() override {
    // Leave dev-idp clean for the next test of this binary.
    SessionStoreStack::Idp()->Control("token-faults", {{"count", 0}});
  }
};

TEST_F(SessionStoreFaultsE2eTest, IdleSessionExpiresAndActivityExtendsIt) {
  SessionStoreStack stack(
      std::map<std::string, std::string>{{"PORTCULLIS_SESSION_STORE_IDLE_TIMEOUT", "3s"}});
  stack.StartInstances(1);
  auto c = stack.Create(SessionStoreStack::SessionFor(stack.Login("alice"), "a", NowS() + 3600));
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  for (int i = 0; i < 3; ++i) {  // 4.5 s of activity: longer than the idle timeout
    std::this_thread::sleep_for(milliseconds(1500));
    ASSERT_TRUE(stack.Get(c->session_id).ok()) << i;
  }
  std::this_thread::sleep_for(milliseconds(4200));  // idle for longer than 3 s
  EXPECT_EQ(stack.Get(c->session_id).code(), ErrorCode::kNotFound);
  EXPECT_EQ(stack.AccessToken(c->session_id).code(), ErrorCode::kNotFound);
}

TEST_F(SessionStoreFaultsE2eTest, SessionEndsAtItsAbsoluteLifetimeDespiteActivity) {
  SessionStoreStack stack(
      std::map<std::string, std::string>{{"PORTCULLIS_SESSION_STORE_ABSOLUTE_LIFETIME", "4s"}});
  stack.StartInstances(1);
  auto c = stack.Create(SessionStoreStack::SessionFor(stack.Login("bob"), "b", NowS() + 3600));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->absolute_expires_at - NowS(), 4);
  const auto start = SteadyClock::now();
  while (SteadyClock::now() - start < milliseconds(2500)) {
    ASSERT_TRUE(stack.Get(c->session_id).ok());
    std::this_thread::sleep_for(milliseconds(500));
  }
  std::this_thread::sleep_for(milliseconds(2600));
  EXPECT_EQ(stack.Get(c->session_id).code(), ErrorCode::kNotFound);
}

TEST_F(SessionStoreFaultsE2eTest, ThrottledProviderIsRetriedAfterRetryAfterThenUnavailable) {
  SessionStoreStack stack;
  stack.StartInstances(1);
  auto c = stack.Create(SessionStoreStack::SessionFor(stack.Login("carol"), "c", NowS() + 5));
  ASSERT_TRUE(c.ok());
  DevIdpServer& idp = *SessionStoreStack::Idp();

  // One 429 with Retry-After: 2: the refresh waits it out and succeeds within the deadline.
  ASSERT_EQ(idp.Control("token-faults", {{"count", 1}, {"status", 429}, {"retry_after", 2}}).status,
            200);
  auto start = SteadyClock::now();
  auto t = stack.AccessToken(c->session_id, 300, 8000);
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_TRUE(t->refreshed);
  EXPECT_GE(SteadyClock::now() - start, milliseconds(1900)) << "Retry-After was not honoured";

  // Still throttled past the caller's deadline: unavailable, in time, and the session is kept.
  ASSERT_EQ(
      idp.Control("token-faults", {{"count", 100}, {"status", 429}, {"retry_after", 30}}).status,
      200);
  start = SteadyClock::now();
  auto throttled = stack.AccessToken(c->session_id, 7200, 2000);
  EXPECT_EQ(throttled.code(), ErrorCode::kUnavailable);
  EXPECT_LT(SteadyClock::now() - start, milliseconds(4000));
  EXPECT_TRUE(stack.Get(c->session_id).ok());
  // 5xx likewise.
  ASSERT_EQ(idp.Control("token-faults", {{"count", 100}, {"status", 503}}).status, 200);
  EXPECT_EQ(stack.AccessToken(c->session_id, 7200, 1500).code(), ErrorCode::kUnavailable);
  ASSERT_EQ(idp.Control("token-faults", {{"count", 0}}).status, 200);
  auto after = stack.AccessToken(c->session_id, 7200, 5000);
  ASSERT_TRUE(after.ok()) << after.error().ToString();
  EXPECT_TRUE(after->refreshed);
}

TEST_F(SessionStoreFaultsE2eTest, RefreshTokenRejectedByTheProviderRevokesTheSession) {
  SessionStoreStack stack;
  stack.StartInstances(2);
  const std::string subject = sv::RevokedSubject(stack.prefix());
  natsSubscription* sub = nullptr;
  ASSERT_EQ(natsConnection_SubscribeSync(&sub, stack.conn().raw(), subject.c_str()), NATS_OK);
  ASSERT_EQ(natsConnection_Flush(stack.conn().raw()), NATS_OK);
  nlohmann::json tokens = stack.Login("alice");
  auto c = stack.Create(SessionStoreStack::SessionFor(tokens, "a", NowS() + 5));
  ASSERT_TRUE(c.ok());
  const std::string ref = stack.Get(c->session_id)->session_ref;
  HttpResult revoked = SessionStoreStack::Idp()->Control(
      "revoke-refresh-token", {{"refresh_token", tokens["refresh_token"]}});
  ASSERT_EQ(revoked.status, 200) << revoked.body;

  EXPECT_EQ(stack.AccessToken(c->session_id).code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(stack.Get(c->session_id).code(), ErrorCode::kNotFound);
  natsMsg* msg = nullptr;
  ASSERT_EQ(natsSubscription_NextMsg(&msg, sub, 5000), NATS_OK);
  auto r =
      bus::Decode<sv::Revoked>(std::string_view(natsMsg_GetData(msg), natsMsg_GetDataLength(msg)));
  natsMsg_Destroy(msg);
  natsSubscription_Destroy(sub);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->session_refs, std::vector<std::string>{ref});
  EXPECT_EQ(r->reason, "refresh_failed");
}

int64_t RowsNotUnder(const std::string& conninfo, const std::string& key_id) {
  pqxx::connection c(conninfo);
  pqxx::nontransaction tx(c);
  return tx
      .exec_params1("SELECT count(*) FROM session_store.sessions WHERE key_id <> $1", key_id)[0]
      .as<int64_t>();
}

TEST_F(SessionStoreFaultsE2eTest, KeyRotationUnderTrafficLogsNobodyOut) {
  SessionStoreStack stack;
  stack.StartInstances(2);
  constexpr int kSessions = 300;
  nlohmann::json tokens = stack.Login("bob");
  std::vector<std::string> ids;
  for (int i = 0; i < kSessions; ++i) {
    // A few expire soon, so traffic refreshes (and writes tokens) during the rotation.
    const int64_t access = i < 5 ? NowS() + 5 : NowS() + 3600;
    nlohmann::json t = tokens;
    if (i >= 5) t["refresh_token"] = "";  // only the first few refresh (with the real token)
    if (i > 0 && i < 5) t = stack.Login("bob");
    auto c = stack.Create(SessionStoreStack::SessionFor(t, "rot-user", access));
    ASSERT_TRUE(c.ok()) << c.error().ToString();
    ids.push_back(c->session_id);
  }
  ASSERT_EQ(RowsNotUnder(stack.conninfo(), "k1"), 0);
  // Roll both instances onto the new ring (k2 active, k1 still readable), one at a time.
  const std::map<std::string, std::string> rotated{
      {"PORTCULLIS_SESSION_STORE_KEYS", kKeyK1 + "," + kKeyK2 + ";active=k2"}};
  stack.StopInstance(0);
  stack.StartInstance(0, rotated);
  stack.StopInstance(1);
  stack.StartInstance(1, rotated);

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> traffic;
  for (int t = 0; t < 4; ++t) {
    traffic.emplace_back([&, t] {
      for (size_t i = t; !stop; i = (i + 4) % ids.size()) {
        auto g = stack.Get(ids[i]);
        auto a = stack.AccessToken(ids[i], i < 5 ? 300 : 60, 8000);
        if (g.ok() && a.ok()) {
          ++ok;
        } else {
          ++failed;
          ADD_FAILURE() << "session " << i << ": "
                        << (g.ok() ? a.error().ToString() : g.error().ToString());
        }
      }
    });
  }
  std::this_thread::sleep_for(milliseconds(300));
  testsupport::TempDir dir = testsupport::TempDir::Create().value();
  testsupport::ChildProcess::Options o;
  o.argv = {AUTHCTL_PATH,     "sessions", "rotate-key", "--database",
            stack.conninfo(), "--batch",  "25"};
  o.env = rotated;
  o.log_path = dir.path() + "/rotate.log";
  auto status = testsupport::RunToCompletion(o, seconds(120));
  std::this_thread::sleep_for(milliseconds(300));
  stop = true;
  for (auto& t : traffic) t.join();
  std::ifstream log(o.log_path);
  std::stringstream text;
  text << log.rdbuf();
  ASSERT_TRUE(status.ok() && *status == 0) << text.str();
  EXPECT_NE(text.str().find("0 rows remain"), std::string::npos) << text.str();
  EXPECT_EQ(failed, 0);
  EXPECT_GT(ok, 50);
  EXPECT_EQ(RowsNotUnder(stack.conninfo(), "k2"), 0);

  // The old key can now go: instances with k2 alone read every session.
  const std::map<std::string, std::string> k2_only{{"PORTCULLIS_SESSION_STORE_KEYS", kKeyK2}};
  stack.StopInstance(0);
  stack.StopInstance(1);
  stack.StartInstance(0, k2_only);
  for (size_t i = 0; i < ids.size(); i += 7) {
    auto a = stack.AccessToken(ids[i], 60, 8000);
    ASSERT_TRUE(a.ok()) << i << ": " << a.error().ToString();
  }
}

TEST_F(SessionStoreFaultsE2eTest, KillingOneOfTwoInstancesFailsNoRequestBeyondOneRetry) {
  SessionStoreStack stack;
  stack.StartInstances(2);
  nlohmann::json tokens = stack.Login("carol");
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    auto c = stack.Create(SessionStoreStack::SessionFor(tokens, "kill-user", NowS() + 3600));
    ASSERT_TRUE(c.ok());
    ids.push_back(c->session_id);
  }
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, retried{0}, failed{0};
  std::vector<std::thread> load;
  for (int t = 0; t < 8; ++t) {
    load.emplace_back([&, t] {
      for (size_t i = t; !stop; i = (i + 1) % ids.size()) {
        // The client retries once on unavailable (a reply lost with the killed instance).
        auto r = stack.Get(ids[i], milliseconds(1000));
        if (!r.ok() && r.code() == ErrorCode::kUnavailable) {
          ++retried;
          r = stack.Get(ids[i], milliseconds(1000));
        }
        if (r.ok()) {
          ++ok;
        } else {
          ++failed;
        }
      }
    });
  }
  std::this_thread::sleep_for(milliseconds(1000));
  const int before_kill = ok;
  stack.KillInstance(0);
  std::this_thread::sleep_for(milliseconds(2500));
  stop = true;
  for (auto& t : load) t.join();
  EXPECT_EQ(failed, 0) << retried << " retried";
  EXPECT_GT(before_kill, 20);
  EXPECT_GT(ok - before_kill, 20) << "the surviving instance kept serving";
}

}  // namespace
}  // namespace portcullis::e2e
