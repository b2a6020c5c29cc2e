#include "claims_builder.h"

#include <gtest/gtest.h>

namespace portcullis::dev_idp {
namespace {

Directory SmallDirectory(int groups) {
  Directory dir;
  dir.tenant_id = "6f2a1c3e-8b4d-4e7a-9c15-2d3e4f5a6b7c";
  User u{"u", "11111111-aaaa-4aaa-8aaa-111111111111", "U", "u@x", "u@x", {}};
  for (int i = 0; i < groups; ++i) u.group_ids.push_back(DeriveGuid(std::to_string(i)));
  dir.users.push_back(u);
  Client app;
  app.client_id = "app";
  app.secret = SecretString("s");
  Client v1;
  v1.client_id = "legacy";
  v1.app_id_uri = "api://legacy";
  v1.access_token_version = 1;
  dir.clients = {app, v1};
  return dir;
}

IssuerInfo Issuer() {
  return IssuerInfo{"http://127.0.0.1:9400", "6f2a1c3e-8b4d-4e7a-9c15-2d3e4f5a6b7c",
                    "http://127.0.0.1:9400", 200};
}

UserTokenRequest Req(const Directory& dir, const Client* resource) {
  return UserTokenRequest{&dir.users[0], &dir.clients[0],       resource,
                          {"s"},         FromUnixSeconds(1000), std::chrono::seconds(60)};
}

TEST(ClaimsBuilderTest, AtTheOverageLimitGroupsAreStillInline) {
  Directory dir = SmallDirectory(200);
  nlohmann::json c = UserAccessTokenClaims(dir, Issuer(), Req(dir, nullptr), "u1");
  EXPECT_EQ(c["groups"].size(), 200u);
  EXPECT_FALSE(c.contains("_claim_names"));
}

TEST(ClaimsBuilderTest, OneGroupOverTheLimitBecomesAnOverageClaim) {
  Directory dir = SmallDirectory(201);
  for (const nlohmann::json& c : {UserAccessTokenClaims(dir, Issuer(), Req(dir, nullptr), "u1"),
                                  IdTokenClaims(dir, Issuer(), Req(dir, nullptr), "n", "u2")}) {
    EXPECT_FALSE(c.contains("groups"));
    EXPECT_EQ(c["_claim_names"]["groups"], "src1");
    EXPECT_EQ(c["_claim_sources"]["src1"]["endpoint"],
              "http://127.0.0.1:9400/v1.0/users/11111111-aaaa-4aaa-8aaa-111111111111/"
              "getMemberObjects");
  }
}

TEST(ClaimsBuilderTest, AVersion1ResourceGetsAStsIssuerAndItsAppIdUri) {
  Directory dir = SmallDirectory(1);
  nlohmann::json c = UserAccessTokenClaims(dir, Issuer(), Req(dir, &dir.clients[1]), "u1");
  EXPECT_EQ(c["iss"], "https://sts.windows.net/6f2a1c3e-8b4d-4e7a-9c15-2d3e4f5a6b7c/");
  EXPECT_EQ(c["aud"], "api://legacy");
  EXPECT_EQ(c["ver"], "1.0");
  EXPECT_EQ(c["appid"], "app");
  EXPECT_EQ(c["unique_name"], "u@x");
  EXPECT_FALSE(c.contains("azp"));
}

TEST(ClaimsBuilderTest, SubjectIsPairwisePerApplication) {
  std::string a = PairwiseSubject("t", "o", "app1");
  EXPECT_EQ(a, PairwiseSubject("t", "o", "app1"));
  EXPECT_NE(a, PairwiseSubject("t", "o", "app2"));
  EXPECT_NE(a, PairwiseSubject("t", "o2", "app1"));
  EXPECT_EQ(a.size(), 43u);
}

TEST(ClaimsBuilderTest, IdTokenCarriesTheNonceAndTimes) {
  Directory dir = SmallDirectory(1);
  nlohmann::json c = IdTokenClaims(dir, Issuer(), Req(dir, nullptr), "n-1", "u");
  EXPECT_EQ(c["nonce"], "n-1");
  EXPECT_EQ(c["aud"], "app");
  EXPECT_EQ(c["iss"], "http://127.0.0.1:9400/6f2a1c3e-8b4d-4e7a-9c15-2d3e4f5a6b7c/v2.0");
  EXPECT_EQ(c["iat"], 1000);
  EXPECT_EQ(c["exp"], 1060);
}

}  // namespace
}  // namespace portcullis::dev_idp
