// PgSessionRepository against a real PostgreSQL (tests/support), with the session logic on top:
// the locking contract, exactly-once take, rotation batches, sealed columns in the database.
#include "adapters/pg_session_repository.h"

#include <gtest/gtest.h>

#include <atomic>
#include <pqxx/pqxx>
#include <thread>

#include "key_rotation.h"
#include "login_service.h"
#include "portcullis/store/migration_runner.h"
#include "portcullis/testsupport/pg_isolation.h"
#include "session_service.h"
#include "testing/fakes.h"
#include "testing/test_keys.h"
#include "token_sealing.h"

namespace portcullis::session_store {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class PgSessionRepositoryTest : public ::testing::Test {
 protected:
  PgSessionRepositoryTest()
      : db_(testsupport::SharedPostgres()),
        pool_({.conninfo = db_.conninfo(), .size = 8}),
        repo_(pool_),
        ring_(testing::RingK1()),
        sleeper_(clock_) {}
  void SetUp() override {
    auto applied = store::MigrationRunner(db_.conninfo()).Apply("session-store", MIGRATIONS_DIR);
    ASSERT_TRUE(applied.ok()) << applied.error().ToString();
  }
  SessionService Service(const crypto::KeyRing& ring) {
    return SessionService(clock_, repo_, ring, refresher_, events_, sleeper_, {});
  }
  std::string Create(SessionService& svc, const std::string& access, int64_t left = 3600) {
    proto::session::v1::CreateRequest r;
    r.user = {.id = "u1", .tenant = "t1", .issuer = "iss", .name = "Ada", .email = "a@x"};
    r.groups = {"g"};
    r.claims = {{"oid", "u1"}};
    r.metadata = {{"ip", "127.0.0.1"}};
    r.tokens = {access, "refresh-" + access, "id-" + access, "openid",
                ToUnixSeconds(clock_.Now()) + left};
    auto c = svc.Create(r);
    EXPECT_TRUE(c.ok()) << c.error().ToString();
    return c.ok() ? c->session_id : "";
  }
  pqxx::connection Raw() { return pqxx::connection(db_.conninfo()); }

  testsupport::PgDatabase db_;
  store::ConnectionPool pool_;
  PgSessionRepository repo_;
  crypto::KeyRing ring_;
  portcullis::testing::FakeClock clock_;
  testing::FakeRefresher refresher_;
  testing::RecordingSessionEvents events_;
  testing::FakeSleeper sleeper_;
};

TEST_F(PgSessionRepositoryTest, RoundTripsEveryField) {
  SessionService svc = Service(ring_);
  std::string id = Create(svc, "access-a");
  auto v = svc.Get({.session_id = id});
  ASSERT_TRUE(v.ok()) << v.error().ToString();
  EXPECT_EQ(v->user.email, "a@x");
  EXPECT_EQ(v->groups, std::vector<std::string>{"g"});
  EXPECT_EQ(v->metadata.at("ip"), "127.0.0.1");
  EXPECT_EQ(svc.AccessToken({.session_id = id})->access_token, "access-a");
  auto found = repo_.FindSession(HashSecret(id));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->claims.at("oid"), "u1");
  EXPECT_EQ(svc.ListUser({.user_id = "u1", .tenant = "t1"})->sessions.size(), 1u);
  EXPECT_TRUE(svc.Destroy({.session_id = id})->destroyed);
  EXPECT_EQ(svc.Get({.session_id = id}).code(), ErrorCode::kNotFound);
}

TEST_F(PgSessionRepositoryTest, ExpiredSessionIsNotFoundAndSweptInBatches) {
  SessionService svc = Service(ring_);
  for (int i = 0; i < 30; ++i) Create(svc, "a" + std::to_string(i));
  clock_.Advance(std::chrono::hours(9));
  std::string live = Create(svc, "live");
  auto n = repo_.DeleteExpiredSessions(ToUnixSeconds(clock_.Now()), 7);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 7);
  EXPECT_EQ(*repo_.DeleteExpiredSessions(ToUnixSeconds(clock_.Now()), 1000), 23);
  EXPECT_TRUE(svc.Get({.session_id = live}).ok());
}

TEST_F(PgSessionRepositoryTest, SwappedCiphertextBetweenRowsFailsToOpen) {
  SessionService svc = Service(ring_);
  std::string a = Create(svc, "token-of-a");
  std::string b = Create(svc, "token-of-b");
  auto c = Raw();
  pqxx::work tx(c);
  tx.exec_params0(
      "UPDATE session_store.sessions SET access_token = (SELECT access_token FROM "
      "session_store.sessions WHERE id_hash = $1) WHERE id_hash = $2",
      HashSecret(a), HashSecret(b));
  tx.commit();
  EXPECT_EQ(svc.AccessToken({.session_id = b}).code(), ErrorCode::kInternal);
  EXPECT_EQ(svc.AccessToken({.session_id = a})->access_token, "token-of-a");
}

TEST_F(PgSessionRepositoryTest, SwappedCiphertextBetweenColumnsFailsToOpen) {
  SessionService svc = Service(ring_);
  std::string a = Create(svc, "token-of-a");
  auto c = Raw();
  pqxx::work tx(c);
  tx.exec_params0("UPDATE session_store.sessions SET access_token = id_token WHERE id_hash = $1",
                  HashSecret(a));
  tx.commit();
  EXPECT_EQ(svc.AccessToken({.session_id = a}).code(), ErrorCode::kInternal);
}

TEST_F(PgSessionRepositoryTest, RowLockExcludesASecondLockerUntilCommit) {
  SessionService svc = Service(ring_);
  const std::string hash = HashSecret(Create(svc, "x"));
  std::atomic<bool> holding{false}, release{false};
  std::thread holder([&] {
    Status s = repo_.WithSessionLocked(hash, seconds(5), [&](LockedSession& l) {
      holding = true;
      while (!release) std::this_thread::sleep_for(milliseconds(5));
      auto sealed = SealTokens(ring_, hash, {"new-access", "r", "i"});
      return l.ReplaceTokens(*sealed, "openid", 42);
    });
    EXPECT_TRUE(s.ok()) << s.error().ToString();
  });
  while (!holding) std::this_thread::yield();
  // Bounded wait: the lock is not granted while the holder's transaction is open.
  Status timed_out =
      repo_.WithSessionLocked(hash, milliseconds(200), [](LockedSession&) { return OkStatus(); });
  EXPECT_EQ(timed_out.code(), ErrorCode::kUnavailable);
  std::thread releaser([&] {
    std::this_thread::sleep_for(milliseconds(100));
    release = true;
  });
  // A waiter gets the row after the holder commits, and sees its write.
  int64_t seen = 0;
  Status waited = repo_.WithSessionLocked(hash, seconds(5), [&](LockedSession& l) {
    seen = l.record()->access_expires_at;
    return OkStatus();
  });
  holder.join();
  releaser.join();
  ASSERT_TRUE(waited.ok()) << waited.error().ToString();
  EXPECT_EQ(seen, 42);
}

TEST_F(PgSessionRepositoryTest, ErrorFromTheCallbackRollsBack) {
  SessionService svc = Service(ring_);
  const std::string hash = HashSecret(Create(svc, "x"));
  Status s = repo_.WithSessionLocked(hash, seconds(1), [&](LockedSession& l) -> Status {
    EXPECT_TRUE(l.Delete().ok());
    return Error{ErrorCode::kUnavailable, "provider down"};
  });
  EXPECT_EQ(s.code(), ErrorCode::kUnavailable);
  EXPECT_TRUE(repo_.FindSession(hash)->has_value());
}

TEST_F(PgSessionRepositoryTest, TwentyConcurrentTakesHandOutOneLogin) {
  LoginService logins(clock_, repo_, ring_, {});
  proto::login::v1::BeginRequest b;
  b.state = "state-race";
  b.code_verifier = std::string(64, 'v');
  b.return_to = "/";
  ASSERT_TRUE(logins.Begin(b).ok());
  EXPECT_EQ(logins.Begin(b).code(), ErrorCode::kConflict);
  std::atomic<int> wins{0}, not_found{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&] {
      auto t = logins.Take({.state = "state-race"});
      if (t.ok() && t->code_verifier == std::string(64, 'v')) ++wins;
      if (!t.ok() && t.code() == ErrorCode::kNotFound) ++not_found;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins, 1);
  EXPECT_EQ(not_found, 19);
}

TEST_F(PgSessionRepositoryTest, RotationResealsInBatchesAndSkipsALockedRow) {
  SessionService svc = Service(ring_);
  std::vector<std::string> ids;
  for (int i = 0; i < 25; ++i) ids.push_back(Create(svc, "t" + std::to_string(i)));
  crypto::KeyRing rotated = testing::RingK1K2ActiveK2();
  const std::string locked_hash = HashSecret(ids[0]);
  std::atomic<bool> holding{false}, release{false};
  std::thread holder([&] {
    Status s = repo_.WithSessionLocked(locked_hash, seconds(5), [&](LockedSession&) {
      holding = true;
      while (!release) std::this_thread::sleep_for(milliseconds(5));
      return OkStatus();
    });
    EXPECT_TRUE(s.ok());
  });
  while (!holding) std::this_thread::yield();
  auto first = repo_.ResealBatch(kSessionsTable, "k2", 10, [&](const SealedRow& r) {
    return ResealRow(rotated, kSessionsTable, r);
  });
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(*first, 10);
  class Releaser : public Sleeper {
   public:
    explicit Releaser(std::atomic<bool>& r) : r_(r) {}
    void SleepFor(milliseconds d) override {
      r_ = true;
      std::this_thread::sleep_for(d);
    }
    std::atomic<bool>& r_;
  } releaser(release);
  auto report = RotateKeys(repo_, rotated, {.batch = 4, .pause = milliseconds(50)}, releaser);
  holder.join();
  ASSERT_TRUE(report.ok()) << report.error().ToString();
  EXPECT_EQ(report->sessions, 15);
  EXPECT_EQ(report->remaining, 0);
  crypto::KeyRing k2_ring = testing::RingK2Only();
  SessionService k2_only = Service(k2_ring);
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(k2_only.AccessToken({.session_id = ids[i]})->access_token, "t" + std::to_string(i));
  }
}

}  // namespace
}  // namespace portcullis::session_store
