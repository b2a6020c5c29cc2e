#include "login_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "portcullis/common/testing/fake_clock.h"
#include "testing/in_memory_session_repository.h"
#include "testing/test_keys.h"
#include "token_sealing.h"

namespace portcullis::session_store {
namespace {

namespace lv = proto::login::v1;

class LoginServiceTest : public ::testing::Test {
 protected:
  LoginServiceTest() : ring_(testing::RingK1()), svc_(clock_, repo_, ring_, {}) {}
  lv::BeginRequest Begin(const std::string& state) {
    lv::BeginRequest r;
    r.state = state;
    r.code_verifier = std::string(43, 'v');
    r.nonce = "nonce-1";
    r.return_to = "/agents";
    r.provider = "entra";
    return r;
  }
  portcullis::testing::FakeClock clock_;
  testing::InMemorySessionRepository repo_;
  crypto::KeyRing ring_;
  LoginService svc_;
};

TEST_F(LoginServiceTest, TakeHandsTheLoginOutOnce) {
  auto b = svc_.Begin(Begin("state-1"));
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  EXPECT_EQ(b->expires_at, ToUnixSeconds(clock_.Now()) + 600);
  auto t = svc_.Take({.state = "state-1"});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->code_verifier, std::string(43, 'v'));
  EXPECT_EQ(t->nonce, "nonce-1");
  EXPECT_EQ(t->return_to, "/agents");
  EXPECT_EQ(t->provider, "entra");
  EXPECT_EQ(svc_.Take({.state = "state-1"}).code(), ErrorCode::kNotFound);
}

TEST_F(LoginServiceTest, RejectsReplayedCallbackStateUnderARace) {
  ASSERT_TRUE(svc_.Begin(Begin("state-race")).ok());
  std::atomic<int> wins{0}, not_found{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&] {
      auto t = svc_.Take({.state = "state-race"});
      if (t.ok()) ++wins;
      if (!t.ok() && t.code() == ErrorCode::kNotFound) ++not_found;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wins, 1);
  EXPECT_EQ(not_found, 19);
}

TEST_F(LoginServiceTest, ExpiredPendingLoginIsNotFound) {
  auto r = Begin("state-2");
  r.ttl_s = 60;
  ASSERT_TRUE(svc_.Begin(r).ok());
  clock_.Advance(std::chrono::seconds(60));
  EXPECT_EQ(svc_.Take({.state = "state-2"}).code(), ErrorCode::kNotFound);
}

TEST_F(LoginServiceTest, SecondBeginOfTheSameStateConflicts) {
  ASSERT_TRUE(svc_.Begin(Begin("state-3")).ok());
  EXPECT_EQ(svc_.Begin(Begin("state-3")).code(), ErrorCode::kConflict);
}

TEST_F(LoginServiceTest, DoesNotStoreAnOpenRedirect) {
  auto r = Begin("state-4");
  r.return_to = "//evil.example";
  EXPECT_EQ(svc_.Begin(r).code(), ErrorCode::kBadRequest);
  r = Begin("state-4");
  r.ttl_s = 601;
  EXPECT_EQ(svc_.Begin(r).code(), ErrorCode::kBadRequest);
}

TEST_F(LoginServiceTest, StoresTheStateHashedAndTheVerifierSealed) {
  ASSERT_TRUE(svc_.Begin(Begin("state-5")).ok());
  auto rec = repo_.PeekLogin(HashSecret("state-5"));
  ASSERT_TRUE(rec.has_value());
  std::string env(rec->code_verifier.begin(), rec->code_verifier.end());
  EXPECT_EQ(env.find(std::string(43, 'v')), std::string::npos);
  EXPECT_FALSE(repo_.PeekLogin("state-5").has_value());
}

}  // namespace
}  // namespace portcullis::session_store
