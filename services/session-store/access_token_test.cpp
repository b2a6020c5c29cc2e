#include <gtest/gtest.h>

#include <thread>

#include "testing/service_fixture.h"

namespace portcullis::session_store {
namespace {

namespace v1 = proto::session::v1;
using std::chrono::milliseconds;
using std::chrono::seconds;

class AccessTokenTest : public testing::SessionServiceFixture {};

TEST_F(AccessTokenTest, ReturnsTheStoredTokenWhenEnoughIsLeft) {
  std::string id = CreateSession(3600);
  auto t = svc().AccessToken({.session_id = id, .min_remaining_s = 300});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->access_token, "access-0");
  EXPECT_FALSE(t->refreshed);
  EXPECT_EQ(refresher_.calls(), 0);
}

TEST_F(AccessTokenTest, RefreshesWhenLessThanFiveMinutesAreLeftByDefault) {
  std::string id = CreateSession(299);
  refresher_.Push(Fresh("1"));
  auto t = svc().AccessToken({.session_id = id});
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->access_token, "access-1");
  EXPECT_TRUE(t->refreshed);
  EXPECT_EQ(t->expires_at, Now() + 3600);
  EXPECT_EQ(refresher_.presented(), std::vector<std::string>{"refresh-0"});
  // The rotated refresh token is stored (sealed) and used next time.
  auto rec = repo_.Peek(HashSecret(id));
  EXPECT_EQ(
      *OpenColumn(ring_, kSessionsTable, rec->id_hash, "refresh_token", rec->tokens.refresh_token),
      "refresh-1");
  EXPECT_EQ(events_.actions().back(), "session.refreshed");
  auto again = svc().AccessToken({.session_id = id});
  EXPECT_EQ(again->access_token, "access-1");
  EXPECT_FALSE(again->refreshed);
}

TEST_F(AccessTokenTest, KeepsTheOldRefreshAndIdTokenWhenNotRotated) {
  std::string id = CreateSession(0);
  refresher_.Push(RefreshedTokens{"access-1", "", "", "", seconds(60)});
  ASSERT_TRUE(svc().AccessToken({.session_id = id, .min_remaining_s = 10}).ok());
  auto rec = repo_.Peek(HashSecret(id));
  EXPECT_EQ(
      *OpenColumn(ring_, kSessionsTable, rec->id_hash, "refresh_token", rec->tokens.refresh_token),
      "refresh-0");
  EXPECT_EQ(*OpenColumn(ring_, kSessionsTable, rec->id_hash, "id_token", rec->tokens.id_token),
            "id-0");
  EXPECT_EQ(rec->access_expires_at, Now() + 60);
}

TEST_F(AccessTokenTest, InvalidGrantRevokesTheSession) {
  std::string id = CreateSession(0);
  std::string ref = repo_.Peek(HashSecret(id))->session_ref;
  refresher_.Push(RefreshError{RefreshErrorKind::kInvalidGrant, std::nullopt, "invalid_grant"});
  auto t = svc().AccessToken({.session_id = id});
  EXPECT_EQ(t.code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(svc().Get({.session_id = id}).code(), ErrorCode::kNotFound);
  ASSERT_EQ(events_.revoked().size(), 1u);
  EXPECT_EQ(events_.revoked()[0].session_refs, std::vector<std::string>{ref});
  EXPECT_EQ(events_.revoked()[0].reason, "refresh_failed");
  EXPECT_EQ(events_.actions().back(), "session.refresh_failed");
  EXPECT_EQ(events_.audits().back().outcome, "failure");
}

TEST_F(AccessTokenTest, ThrottledProviderIsRetriedAfterRetryAfter) {
  std::string id = CreateSession(0);
  refresher_.Push(RefreshError{RefreshErrorKind::kRetryable, seconds(2), "429"});
  refresher_.Push(Fresh("1"));
  auto t = svc().AccessToken({.session_id = id});
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->access_token, "access-1");
  EXPECT_EQ(refresher_.calls(), 2);
  EXPECT_EQ(sleeper_.slept(), std::vector<milliseconds>{milliseconds(2000)});
}

TEST_F(AccessTokenTest, ProviderDownPastTheDeadlineIsUnavailableAndKeepsTheSession) {
  std::string id = CreateSession(0);
  refresher_.SetFallback(RefreshError{RefreshErrorKind::kRetryable, std::nullopt, "503"});
  auto t = svc().AccessToken({.session_id = id, .min_remaining_s = 300, .timeout_ms = 3000});
  EXPECT_EQ(t.code(), ErrorCode::kUnavailable);
  EXPECT_GE(refresher_.calls(), 3);
  milliseconds total{0};
  for (auto d : sleeper_.slept()) total += d;
  EXPECT_LE(total, milliseconds(3000));
  EXPECT_TRUE(svc().Get({.session_id = id}).ok());
  EXPECT_TRUE(events_.revoked().empty());
}

TEST_F(AccessTokenTest, RetryAfterBeyondTheDeadlineGivesUpAtOnce) {
  std::string id = CreateSession(0);
  refresher_.Push(RefreshError{RefreshErrorKind::kRetryable, seconds(30), "429"});
  auto t = svc().AccessToken({.session_id = id, .min_remaining_s = 300, .timeout_ms = 5000});
  EXPECT_EQ(t.code(), ErrorCode::kUnavailable);
  EXPECT_EQ(refresher_.calls(), 1);
  EXPECT_TRUE(sleeper_.slept().empty());
}

TEST_F(AccessTokenTest, OtherProviderErrorsAreUpstreamErrorsAndKeepTheSession) {
  std::string id = CreateSession(0);
  refresher_.Push(RefreshError{RefreshErrorKind::kFatal, std::nullopt, "invalid_client"});
  EXPECT_EQ(svc().AccessToken({.session_id = id}).code(), ErrorCode::kUpstreamError);
  EXPECT_TRUE(svc().Get({.session_id = id}).ok());
}

TEST_F(AccessTokenTest, SessionWithoutRefreshTokenIsUnauthorizedWhenExpiring) {
  auto r = NewRequest(0);
  r.tokens.refresh_token = "";
  std::string id = svc().Create(r)->session_id;
  EXPECT_EQ(svc().AccessToken({.session_id = id}).code(), ErrorCode::kUnauthorized);
  EXPECT_EQ(refresher_.calls(), 0);
}

TEST_F(AccessTokenTest, RejectsOutOfRangeArguments) {
  std::string id = CreateSession();
  EXPECT_EQ(svc().AccessToken({.session_id = id, .min_remaining_s = -1}).code(),
            ErrorCode::kBadRequest);
  EXPECT_EQ(svc().AccessToken({.session_id = id, .min_remaining_s = 1, .timeout_ms = -5}).code(),
            ErrorCode::kBadRequest);
}

TEST_F(AccessTokenTest, ConcurrentCallersShareOneRefresh) {
  std::string id = CreateSession(0);
  refresher_.Push(Fresh("1"));
  refresher_.Gate();
  constexpr int kCallers = 16;
  std::vector<std::thread> threads;
  std::vector<Result<v1::AccessTokenReply>> results(kCallers, Error{ErrorCode::kInternal, ""});
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&, i] { results[i] = svc().AccessToken({.session_id = id}); });
  }
  // Let every caller reach the flight before the provider answers.
  while (svc().shared_refreshes() < kCallers - 1) std::this_thread::yield();
  refresher_.Release();
  for (auto& t : threads) t.join();
  EXPECT_EQ(refresher_.calls(), 1);
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_EQ(r->access_token, "access-1");
  }
}

// What a second instance sees: it waited for the row lock while the first refreshed.
TEST_F(AccessTokenTest, AfterWaitingForTheLockUsesTheTokenAnotherInstanceStored) {
  std::string id = CreateSession(0);
  const std::string hash = HashSecret(id);
  // Another instance holds the row and refreshes meanwhile.
  std::thread other([&] {
    Status s = repo_.WithSessionLocked(hash, seconds(5), [&](LockedSession& l) {
      std::this_thread::sleep_for(milliseconds(100));
      auto sealed = SealTokens(ring_, hash, {"access-other", "refresh-other", "id"});
      return l.ReplaceTokens(*sealed, "openid", Now() + 3600);
    });
    ASSERT_TRUE(s.ok());
  });
  std::this_thread::sleep_for(milliseconds(20));
  auto t = svc().AccessToken({.session_id = id});
  other.join();
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  EXPECT_EQ(t->access_token, "access-other");
  EXPECT_FALSE(t->refreshed);
  EXPECT_EQ(refresher_.calls(), 0);
}

TEST_F(AccessTokenTest, LockNotGrantedWithinTheDeadlineIsUnavailable) {
  std::string id = CreateSession(0);
  const std::string hash = HashSecret(id);
  std::atomic<bool> release{false};
  std::atomic<bool> holding{false};
  std::thread other([&] {
    Status s = repo_.WithSessionLocked(hash, seconds(5), [&](LockedSession&) {
      holding = true;
      while (!release) std::this_thread::sleep_for(milliseconds(5));
      return OkStatus();
    });
    EXPECT_TRUE(s.ok());
  });
  while (!holding) std::this_thread::yield();
  auto t = svc().AccessToken({.session_id = id, .min_remaining_s = 300, .timeout_ms = 100});
  release = true;
  other.join();
  EXPECT_EQ(t.code(), ErrorCode::kUnavailable);
}

TEST_F(AccessTokenTest, SwappedCiphertextFromAnotherSessionIsNotHandedOut) {
  std::string a = CreateSession();
  std::string b = CreateSession();
  auto rec_a = *repo_.Peek(HashSecret(a));
  auto rec_b = *repo_.Peek(HashSecret(b));
  rec_b.tokens = rec_a.tokens;  // an attacker with write access copies A's envelopes to B
  repo_.Put(rec_b);
  EXPECT_EQ(svc().AccessToken({.session_id = b}).code(), ErrorCode::kInternal);
  EXPECT_EQ(svc().AccessToken({.session_id = a})->access_token, "access-0");
}

}  // namespace
}  // namespace portcullis::session_store
