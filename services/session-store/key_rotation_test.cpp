#include "key_rotation.h"

#include <gtest/gtest.h>

#include <thread>

#include "login_service.h"
#include "portcullis/crypto/envelope.h"
#include "testing/service_fixture.h"

namespace portcullis::session_store {
namespace {

using std::chrono::milliseconds;

class KeyRotationTest : public testing::SessionServiceFixture {};

TEST_F(KeyRotationTest, ResealsEveryRowUnderTheNewKeyAndTokensStayReadable) {
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(CreateSession());
  LoginService logins(clock_, repo_, ring_, {});
  proto::login::v1::BeginRequest b;
  b.state = "st";
  b.code_verifier = std::string(50, 'q');
  b.return_to = "/";
  ASSERT_TRUE(logins.Begin(b).ok());

  crypto::KeyRing rotated = testing::RingK1K2ActiveK2();
  auto r = RotateKeys(repo_, rotated, {.batch = 3}, sleeper_);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->sessions, 7);
  EXPECT_EQ(r->pending_logins, 1);
  EXPECT_EQ(r->remaining, 0);
  for (const auto& id : ids) {
    auto rec = repo_.Peek(HashSecret(id));
    EXPECT_EQ(rec->tokens.key_id, "k2");
    EXPECT_EQ(*crypto::EnvelopeKeyId(rec->tokens.refresh_token), "k2");
  }
  // After rotation the old key can go: a service with only k2 still reads everything.
  crypto::KeyRing k2_only = testing::RingK2Only();
  SessionService after(clock_, repo_, k2_only, refresher_, events_, sleeper_, options_);
  for (const auto& id : ids)
    EXPECT_EQ(after.AccessToken({.session_id = id})->access_token, "access-0");
  LoginService logins_after(clock_, repo_, k2_only, {});
  EXPECT_EQ(logins_after.Take({.state = "st"})->code_verifier, std::string(50, 'q'));
}

TEST_F(KeyRotationTest, SecondRotationFindsNothingToDo) {
  CreateSession();
  crypto::KeyRing rotated = testing::RingK1K2ActiveK2();
  ASSERT_TRUE(RotateKeys(repo_, rotated, {}, sleeper_).ok());
  auto again = RotateKeys(repo_, rotated, {}, sleeper_);
  EXPECT_EQ(again->sessions, 0);
}

TEST_F(KeyRotationTest, RowLockedByARefreshIsResealedOnALaterPass) {
  std::string id = CreateSession();
  const std::string hash = HashSecret(id);
  std::atomic<bool> holding{false}, release{false};
  std::thread refresh([&] {
    Status s = repo_.WithSessionLocked(hash, std::chrono::seconds(5), [&](LockedSession&) {
      holding = true;
      while (!release) std::this_thread::sleep_for(milliseconds(2));
      return OkStatus();
    });
    EXPECT_TRUE(s.ok());
  });
  while (!holding) std::this_thread::yield();
  crypto::KeyRing rotated = testing::RingK1K2ActiveK2();
  // The fake sleeper returns at once; release the row after the first pass saw it locked.
  class ReleasingSleeper : public Sleeper {
   public:
    explicit ReleasingSleeper(std::atomic<bool>& r) : r_(r) {}
    void SleepFor(milliseconds) override {
      r_ = true;
      std::this_thread::sleep_for(milliseconds(20));
    }
    std::atomic<bool>& r_;
  } sleeper(release);
  auto r = RotateKeys(repo_, rotated, {.batch = 10, .locked_row_passes = 50}, sleeper);
  refresh.join();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->sessions, 1);
  EXPECT_EQ(r->remaining, 0);
}

TEST_F(KeyRotationTest, EnvelopeThatDoesNotOpenStopsRotationNamingTheRow) {
  std::string id = CreateSession();
  auto rec = *repo_.Peek(HashSecret(id));
  rec.tokens.access_token.back() ^= 1;
  repo_.Put(rec);
  crypto::KeyRing rotated = testing::RingK1K2ActiveK2();
  auto r = RotateKeys(repo_, rotated, {}, sleeper_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), ErrorCode::kInternal);
  EXPECT_NE(r.error().detail.find("access_token"), std::string::npos);
}

}  // namespace
}  // namespace portcullis::session_store
