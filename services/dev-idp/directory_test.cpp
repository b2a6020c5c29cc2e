#include "directory.h"

#include <gtest/gtest.h>

#include "testing/test_provider.h"

namespace portcullis::dev_idp {
namespace {

constexpr const char* kTid = R"("tenant_id": "6f2a1c3e-8b4d-4e7a-9c15-2d3e4f5a6b7c")";

std::string Doc(const std::string& users, const std::string& clients = "[]",
                const std::string& groups = "[]") {
  return std::string("{") + kTid + R"(, "groups": )" + groups + R"(, "users": )" + users +
         R"(, "clients": )" + clients + "}";
}

TEST(DirectoryTest, TheDefaultFileHasTheFourUsersAndTheGatewayClient) {
  Directory dir = testing::DefaultDirectory();
  ASSERT_NE(dir.FindUser("alice"), nullptr);
  ASSERT_NE(dir.FindUser("bob@portcullis.dev"), nullptr);
  ASSERT_NE(dir.FindUser("CAROL"), nullptr);
  const User* dave = dir.FindUser("dave");
  ASSERT_NE(dave, nullptr);
  EXPECT_EQ(dave->group_ids.size(), 251u);
  for (const std::string& g : dave->group_ids) EXPECT_TRUE(IsGuid(g)) << g;
  const Client* gateway = dir.FindClient("portcullis-gateway");
  ASSERT_NE(gateway, nullptr);
  EXPECT_TRUE(gateway->confidential());
  EXPECT_EQ(dir.UserRoles(*dir.FindUser("alice"), *gateway),
            std::vector<std::string>{"Portcullis.Admin"});
  EXPECT_NE(dir.FindResource("https://graph.microsoft.com"), nullptr);
  EXPECT_TRUE(dir.FindResource("00000003-0000-0000-c000-000000000000")->IsGraph());
}

TEST(DirectoryTest, GeneratedGroupIdsAreStable) {
  EXPECT_EQ(testing::DefaultDirectory().FindUser("dave")->group_ids,
            testing::DefaultDirectory().FindUser("dave")->group_ids);
  EXPECT_EQ(DeriveGuid("x"), DeriveGuid("x"));
  EXPECT_NE(DeriveGuid("x"), DeriveGuid("y"));
  EXPECT_TRUE(IsGuid(DeriveGuid("x")));
}

TEST(DirectoryTest, RejectsMalformedJson) {
  EXPECT_EQ(ParseDirectory("{").code(), ErrorCode::kBadRequest);
}

TEST(DirectoryTest, RejectsAnOidThatIsNotAGuid) {
  Result<Directory> d =
      ParseDirectory(Doc(R"([{"username":"a","oid":"123","name":"A","email":"a@x"}])"));
  ASSERT_EQ(d.code(), ErrorCode::kBadRequest);
  EXPECT_NE(d.error().detail.find("users[0].oid"), std::string::npos) << d.error().detail;
}

TEST(DirectoryTest, RejectsAnUnknownGroupReference) {
  Result<Directory> d = ParseDirectory(Doc(
      R"([{"username":"a","oid":"11111111-aaaa-4aaa-8aaa-111111111111","name":"A","email":"a@x","groups":["ghosts"]}])"));
  ASSERT_EQ(d.code(), ErrorCode::kBadRequest);
  EXPECT_NE(d.error().detail.find("ghosts"), std::string::npos);
}

TEST(DirectoryTest, RejectsADuplicateUsername) {
  std::string u =
      R"({"username":"a","oid":"11111111-aaaa-4aaa-8aaa-111111111111","name":"A","email":"a@x"})";
  std::string v =
      R"({"username":"a","oid":"22222222-aaaa-4aaa-8aaa-111111111111","name":"A","email":"a@x"})";
  EXPECT_EQ(ParseDirectory(Doc("[" + u + "," + v + "]")).code(), ErrorCode::kBadRequest);
}

TEST(DirectoryTest, RejectsARedirectUriWithAFragment) {
  Result<Directory> d = ParseDirectory(
      Doc("[]", R"([{"client_id":"c","redirect_uris":["http://127.0.0.1/cb#frag"]}])"));
  EXPECT_EQ(d.code(), ErrorCode::kBadRequest);
}

TEST(DirectoryTest, RejectsAnAppRoleForAnUnknownUser) {
  Result<Directory> d = ParseDirectory(Doc(
      "[]",
      R"([{"client_id":"c","app_roles":[{"id":"d4a6f8b0-3e5a-4c9d-8f4b-6d8e0f2a4b5c","value":"R","users":["zed"]}]}])"));
  EXPECT_EQ(d.code(), ErrorCode::kBadRequest);
}

TEST(DirectoryTest, AMissingFileIsNotFound) {
  EXPECT_EQ(LoadDirectoryFile("/nonexistent/dev-idp.json").code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace portcullis::dev_idp
