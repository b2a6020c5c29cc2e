#include "graph_logic.h"

#include <gtest/gtest.h>

#include <set>

#include "testing/test_provider.h"
#include "token_logic.h"

namespace portcullis::dev_idp {
namespace {

using testing::Body;
using testing::TestProvider;

std::string GraphToken(TestProvider& t, const std::string& user) {
  std::string assertion = t.Login(user)["access_token"];
  return Body(t.Token({{"grant_type", std::string(kJwtBearerGrant)},
                       {"requested_token_use", "on_behalf_of"},
                       {"assertion", assertion},
                       {"scope", "https://graph.microsoft.com/.default"}}))["access_token"];
}

TEST(GraphLogicTest, MeAnswersForAnOnBehalfOfGraphToken) {
  TestProvider t;
  HttpReply r = t.idp->graph.Me("Bearer " + GraphToken(t, "carol"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["id"], "33333333-cccc-4ccc-8ccc-333333333333");
  EXPECT_EQ(Body(r)["userPrincipalName"], "carol@portcullis.dev");
  EXPECT_EQ(Body(r)["displayName"], "Carol Viewer");
}

TEST(GraphLogicTest, RejectsATokenForAnotherAudience) {
  TestProvider t;
  HttpReply r = t.idp->graph.Me("Bearer " + t.Login("carol")["access_token"].get<std::string>());
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Body(r)["error"]["code"], "InvalidAuthenticationToken");
}

TEST(GraphLogicTest, RejectsAMissingOrForgedToken) {
  TestProvider t;
  EXPECT_EQ(t.idp->graph.Me(std::nullopt).status, 401);
  std::string token = GraphToken(t, "bob");
  token.back() = token.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(t.idp->graph.Me("Bearer " + token).status, 401);
}

TEST(GraphLogicTest, RejectsAnExpiredToken) {
  TestProvider t;
  std::string token = GraphToken(t, "bob");
  t.clock.Advance(std::chrono::hours(2));
  EXPECT_EQ(t.idp->graph.Me("Bearer " + token).status, 401);
}

TEST(GraphLogicTest, GetMemberObjectsPagesThroughEveryGroup) {
  TestProvider t;
  std::string auth = "Bearer " + GraphToken(t, "dave");
  std::set<std::string> seen;
  std::string skip;
  int pages = 0;
  while (true) {
    HttpReply r = t.idp->graph.MemberObjects(auth, "", skip);
    ASSERT_EQ(r.status, 200) << r.body;
    nlohmann::json body = Body(r);
    for (const auto& id : body["value"]) seen.insert(id.get<std::string>());
    ++pages;
    if (!body.contains("@odata.nextLink")) break;
    std::string next = body["@odata.nextLink"];
    ASSERT_EQ(next.rfind(std::string(testing::kBase) + "/v1.0/me/getMemberObjects?$skiptoken=", 0),
              0u);
    skip = next.substr(next.find('=') + 1);
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen.size(), 251u);
  EXPECT_EQ(seen.size(), t.idp->directory.FindUser("dave")->group_ids.size());
}

TEST(GraphLogicTest, OverageEndpointAnswersForTheTokensOwnUserOnly) {
  TestProvider t;
  std::string auth = "Bearer " + GraphToken(t, "dave");
  EXPECT_EQ(t.idp->graph.MemberObjects(auth, "44444444-dddd-4ddd-8ddd-444444444444", "").status,
            200);
  EXPECT_EQ(t.idp->graph.MemberObjects(auth, "11111111-aaaa-4aaa-8aaa-111111111111", "").status,
            403);
}

TEST(GraphLogicTest, RejectsAMalformedSkipToken) {
  TestProvider t;
  std::string auth = "Bearer " + GraphToken(t, "dave");
  EXPECT_EQ(t.idp->graph.MemberObjects(auth, "", "x1").status, 400);
  EXPECT_EQ(t.idp->graph.MemberObjects(auth, "", "9999").status, 400);
}

}  // namespace
}  // namespace portcullis::dev_idp
