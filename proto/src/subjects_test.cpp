#include <gtest/gtest.h>

#include "portcullis/proto/audit/v1/subjects.h"
#include "portcullis/proto/graph/v1/subjects.h"
#include "portcullis/proto/login/v1/subjects.h"
#include "portcullis/proto/rbac/v1/subjects.h"
#include "portcullis/proto/session/v1/subjects.h"

namespace portcullis::proto {
namespace {

TEST(SubjectsTest, EverySubjectOfTheArchitectureIsBuiltWithThePrefix) {
  EXPECT_EQ(session::v1::CreateSubject("auth"), "auth.session.v1.create");
  EXPECT_EQ(session::v1::GetSubject("auth"), "auth.session.v1.get");
  EXPECT_EQ(session::v1::AccessTokenSubject("auth"), "auth.session.v1.access_token");
  EXPECT_EQ(session::v1::TouchSubject("auth"), "auth.session.v1.touch");
  EXPECT_EQ(session::v1::DestroySubject("auth"), "auth.session.v1.destroy");
  EXPECT_EQ(session::v1::DestroyUserSubject("auth"), "auth.session.v1.destroy_user");
  EXPECT_EQ(session::v1::ListUserSubject("auth"), "auth.session.v1.list_user");
  EXPECT_EQ(session::v1::RevokedSubject("auth"), "auth.session.v1.revoked");
  EXPECT_EQ(login::v1::BeginSubject("auth"), "auth.login.v1.begin");
  EXPECT_EQ(login::v1::TakeSubject("auth"), "auth.login.v1.take");
  EXPECT_EQ(rbac::v1::ResolveSubject("auth"), "auth.rbac.v1.resolve");
  EXPECT_EQ(rbac::v1::CheckSubject("auth"), "auth.rbac.v1.check");
  EXPECT_EQ(rbac::v1::FilterSubject("auth"), "auth.rbac.v1.filter");
  EXPECT_EQ(rbac::v1::AclGrantSubject("auth"), "auth.rbac.v1.acl.grant");
  EXPECT_EQ(rbac::v1::AclRevokeSubject("auth"), "auth.rbac.v1.acl.revoke");
  EXPECT_EQ(rbac::v1::AclListSubject("auth"), "auth.rbac.v1.acl.list");
  EXPECT_EQ(graph::v1::TokenSubject("auth"), "auth.graph.v1.token");
  EXPECT_EQ(graph::v1::GroupsSubject("auth"), "auth.graph.v1.groups");
  EXPECT_EQ(audit::v1::QuerySubject("auth"), "auth.audit.v1.query");
  EXPECT_EQ(audit::v1::ExportSubject("auth"), "auth.audit.v1.export");
  EXPECT_EQ(audit::v1::VerifySubject("auth"), "auth.audit.v1.verify");
}

TEST(SubjectsTest, CustomPrefixIsApplied) {
  EXPECT_EQ(session::v1::GetSubject("acme.prod"), "acme.prod.session.v1.get");
  EXPECT_EQ(audit::v1::EventsWildcard("acme.prod"), "acme.prod.audit.events.>");
}

TEST(SubjectsTest, QueueGroupsAreTheServiceNames) {
  EXPECT_EQ(session::v1::kQueueGroup, "session-store");
  EXPECT_EQ(login::v1::kQueueGroup, "session-store");
  EXPECT_EQ(rbac::v1::kQueueGroup, "rbac");
  EXPECT_EQ(graph::v1::kQueueGroup, "graph-token");
  EXPECT_EQ(audit::v1::kQueueGroup, "audit");
}

TEST(SubjectsTest, PrefixValidationRejectsWildcardsAndEmptyTokens) {
  EXPECT_TRUE(IsValidPrefix("auth"));
  EXPECT_TRUE(IsValidPrefix("acme.auth"));
  EXPECT_FALSE(IsValidPrefix(""));
  EXPECT_FALSE(IsValidPrefix("a..b"));
  EXPECT_FALSE(IsValidPrefix(".auth"));
  EXPECT_FALSE(IsValidPrefix("auth."));
  EXPECT_FALSE(IsValidPrefix("auth.>"));
  EXPECT_FALSE(IsValidPrefix("a*"));
  EXPECT_FALSE(IsValidPrefix("a b"));
  EXPECT_FALSE(IsValidPrefix("$SRV"));
}

}  // namespace
}  // namespace portcullis::proto
