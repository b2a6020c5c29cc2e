#include "sweeper.h"

#include <gtest/gtest.h>

#include "login_service.h"
#include "testing/service_fixture.h"

namespace portcullis::session_store {
namespace {

using std::chrono::hours;

class SweeperTest : public testing::SessionServiceFixture {};

TEST_F(SweeperTest, DeletesExpiredSessionsInBatchesAndKeepsLiveOnes) {
  for (int i = 0; i < 25; ++i) CreateSession();
  clock_.Advance(hours(7));
  std::string live = CreateSession();
  clock_.Advance(hours(2));
  auto r = SweepOnce(clock_, repo_, /*batch=*/10);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->sessions, 25);
  EXPECT_EQ(repo_.session_count(), 1u);
  EXPECT_TRUE(svc().Get({.session_id = live}).ok());
}

TEST_F(SweeperTest, DeletesExpiredPendingLogins) {
  LoginService logins(clock_, repo_, ring_, {});
  proto::login::v1::BeginRequest b;
  b.state = "s";
  b.code_verifier = std::string(43, 'a');
  b.return_to = "/";
  ASSERT_TRUE(logins.Begin(b).ok());
  clock_.Advance(std::chrono::minutes(11));
  auto r = SweepOnce(clock_, repo_, 10);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->pending_logins, 1);
}

TEST_F(SweeperTest, StorageErrorIsReported) {
  repo_.FailNext({ErrorCode::kUnavailable, "down"});
  EXPECT_EQ(SweepOnce(clock_, repo_, 10).code(), ErrorCode::kUnavailable);
}

TEST_F(SweeperTest, BackgroundSweeperStopsPromptly) {
  CreateSession();
  clock_.Advance(hours(9));
  Sweeper sweeper(clock_, repo_, {.interval = std::chrono::hours(1), .batch = 10});
  sweeper.Start();
  for (int i = 0; i < 1000 && repo_.session_count() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  sweeper.Stop();
  EXPECT_EQ(repo_.session_count(), 0u);
}

}  // namespace
}  // namespace portcullis::session_store
