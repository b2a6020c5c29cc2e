#include "session_service.h"

#include <gtest/gtest.h>

#include "testing/service_fixture.h"

namespace portcullis::session_store {
namespace {

namespace v1 = proto::session::v1;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using Fixture = testing::SessionServiceFixture;

class SessionServiceTest : public Fixture {};

TEST_F(SessionServiceTest, CreateStoresOnlyTheHashOfTheIdAndSealedTokens) {
  auto c = svc().Create(NewRequest());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->session_id.size(), 43u);
  EXPECT_EQ(c->idle_expires_at, Now() + 8 * 3600);
  EXPECT_EQ(c->absolute_expires_at, Now() + 40 * 3600);
  auto rec = repo_.Peek(HashSecret(c->session_id));
  ASSERT_TRUE(rec.has_value());
  EXPECT_NE(rec->session_ref, c->session_id);
  EXPECT_EQ(rec->session_ref.rfind("s_", 0), 0u);
  std::string stored(rec->tokens.access_token.begin(), rec->tokens.access_token.end());
  EXPECT_EQ(stored.find("access-0"), std::string::npos);
  EXPECT_EQ(events_.actions(), std::vector<std::string>{"session.created"});
}

TEST_F(SessionServiceTest, CreateRejectsAMissingUserOrAccessToken) {
  auto r = NewRequest();
  r.user.id = "";
  EXPECT_EQ(svc().Create(r).code(), ErrorCode::kBadRequest);
  r = NewRequest();
  r.tokens.access_token = "";
  EXPECT_EQ(svc().Create(r).code(), ErrorCode::kBadRequest);
}

TEST_F(SessionServiceTest, GetShowsTheSessionWithoutTokens) {
  std::string id = CreateSession();
  auto v = svc().Get({.session_id = id});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->user.id, "user-1");
  EXPECT_EQ(v->roles, std::vector<std::string>{"Portcullis.Admin"});
  EXPECT_EQ(v->metadata.at("ip"), "203.0.113.7");
}

TEST_F(SessionServiceTest, UnknownSessionIsNotFound) {
  EXPECT_EQ(svc().Get({.session_id = "nope"}).code(), ErrorCode::kNotFound);
  EXPECT_EQ(svc().Get({.session_id = ""}).code(), ErrorCode::kBadRequest);
}

TEST_F(SessionServiceTest, IdleSessionExpires) {
  std::string id = CreateSession();
  clock_.Advance(hours(8));
  EXPECT_EQ(svc().Get({.session_id = id}).code(), ErrorCode::kNotFound);
  EXPECT_EQ(svc().AccessToken({.session_id = id}).code(), ErrorCode::kNotFound);
}

TEST_F(SessionServiceTest, ActivityKeepsTheSessionAliveUntilTheAbsoluteLifetime) {
  std::string id = CreateSession(100 * 3600);
  for (int i = 0; i < 39; ++i) {
    clock_.Advance(hours(1));
    ASSERT_TRUE(svc().Get({.session_id = id}).ok()) << i;
  }
  clock_.Advance(hours(1));  // 40 h after creation
  EXPECT_EQ(svc().Get({.session_id = id}).code(), ErrorCode::kNotFound);
}

TEST_F(SessionServiceTest, ReadsWithinTheTouchIntervalDoNotWrite) {
  std::string id = CreateSession();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(svc().Get({.session_id = id}).ok());
  EXPECT_EQ(repo_.touches(), 0);
  clock_.Advance(minutes(2));
  ASSERT_TRUE(svc().Get({.session_id = id}).ok());
  EXPECT_EQ(repo_.touches(), 1);
}

TEST_F(SessionServiceTest, TouchSlidesTheIdleExpiry) {
  std::string id = CreateSession();
  clock_.Advance(seconds(10));
  auto t = svc().Touch({.session_id = id});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->idle_expires_at, Now() + 8 * 3600);
  clock_.Advance(hours(8) - seconds(1));
  EXPECT_TRUE(svc().Get({.session_id = id}).ok());
}

TEST_F(SessionServiceTest, DestroyRevokesBroadcastsAndAudits) {
  std::string id = CreateSession();
  std::string ref = repo_.Peek(HashSecret(id))->session_ref;
  auto d = svc().Destroy({.session_id = id, .reason = "logout"});
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->destroyed);
  EXPECT_EQ(svc().Get({.session_id = id}).code(), ErrorCode::kNotFound);
  ASSERT_EQ(events_.revoked().size(), 1u);
  EXPECT_EQ(events_.revoked()[0].session_refs, std::vector<std::string>{ref});
  EXPECT_EQ(events_.revoked()[0].reason, "logout");
  EXPECT_EQ(events_.actions().back(), "session.destroyed");
  EXPECT_FALSE(svc().Destroy({.session_id = id})->destroyed);
  EXPECT_EQ(events_.revoked().size(), 1u);
}

TEST_F(SessionServiceTest, DestroyBySessionRef) {
  std::string id = CreateSession();
  std::string ref = repo_.Peek(HashSecret(id))->session_ref;
  v1::DestroyRequest r;
  r.session_ref = ref;
  r.reason = "admin";
  EXPECT_TRUE(svc().Destroy(r)->destroyed);
  EXPECT_EQ(svc().Get({.session_id = id}).code(), ErrorCode::kNotFound);
  EXPECT_TRUE(events_.audits().back().actor_is_service) << "an operator acted, not the user";
  EXPECT_EQ(svc().Destroy({}).code(), ErrorCode::kBadRequest);
}

TEST_F(SessionServiceTest, DestroyUserEndsEverySessionOfTheUserOnly) {
  std::string a = CreateSession(), b = CreateSession();
  auto other = NewRequest();
  other.user.id = "user-2";
  std::string c = svc().Create(other)->session_id;
  auto d = svc().DestroyUser({.user_id = "user-1", .tenant = "", .reason = "admin"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->destroyed, 2);
  EXPECT_EQ(svc().Get({.session_id = a}).code(), ErrorCode::kNotFound);
  EXPECT_EQ(svc().Get({.session_id = b}).code(), ErrorCode::kNotFound);
  EXPECT_TRUE(svc().Get({.session_id = c}).ok());
  ASSERT_EQ(events_.revoked().size(), 1u);
  EXPECT_EQ(events_.revoked()[0].user_id, "user-1");
  EXPECT_EQ(events_.revoked()[0].session_refs.size(), 2u);
  EXPECT_EQ(events_.actions().back(), "session.revoked_all");
}

TEST_F(SessionServiceTest, DestroyUserRespectsTheTenant) {
  CreateSession();
  EXPECT_EQ(svc().DestroyUser({.user_id = "user-1", .tenant = "other"})->destroyed, 0);
  EXPECT_EQ(svc().DestroyUser({.user_id = "user-1", .tenant = "tenant-1"})->destroyed, 1);
}

TEST_F(SessionServiceTest, ListUserShowsLiveSessionsOnly) {
  CreateSession();
  clock_.Advance(hours(7));
  CreateSession();
  clock_.Advance(hours(2));  // the first is idle-expired now
  auto l = svc().ListUser({.user_id = "user-1"});
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l->sessions.size(), 1u);
  EXPECT_EQ(svc().ListUser({.user_id = ""}).code(), ErrorCode::kBadRequest);
}

TEST_F(SessionServiceTest, StorageOutageIsUnavailable) {
  std::string id = CreateSession();
  repo_.FailNext({ErrorCode::kUnavailable, "db down"});
  EXPECT_EQ(svc().Get({.session_id = id}).code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace portcullis::session_store
