#include "config.h"

#include <gtest/gtest.h>

namespace portcullis::dev_idp {
namespace {

TEST(ConfigTest, DefaultsServeTheDefaultUsersOnLoopback) {
  Result<LoadedConfig> c = LoadConfig({}, {});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->config.port, 9400);
  EXPECT_EQ(c->config.bind, "127.0.0.1");
  EXPECT_EQ(c->config.users_file, "deploy/local/dev-idp.json");
  EXPECT_FALSE(c->config.test_controls);
  EXPECT_EQ(c->config.IssuerBase(), "http://127.0.0.1:9400");
}

TEST(ConfigTest, FlagsWinOverTheEnvironment) {
  Result<LoadedConfig> c = LoadConfig(
      {"--port", "9500", "--config", "u.json", "--test-controls", "--issuer-host",
       "http://localhost:9500/"},
      {{"PORTCULLIS_DEV_IDP_PORT", "9600"}, {"PORTCULLIS_DEV_IDP_GROUP_OVERAGE_LIMIT", "5"}});
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->config.port, 9500);
  EXPECT_EQ(c->config.users_file, "u.json");
  EXPECT_TRUE(c->config.test_controls);
  EXPECT_EQ(c->config.group_overage_limit, 5);
  EXPECT_EQ(c->config.IssuerBase(), "http://localhost:9500");
}

TEST(ConfigTest, RejectsAnUnknownFlag) {
  EXPECT_EQ(LoadConfig({"--prot", "1"}, {}).code(), ErrorCode::kBadRequest);
}

TEST(ConfigTest, RejectsAFlagWithoutItsValue) {
  EXPECT_EQ(LoadConfig({"--port"}, {}).code(), ErrorCode::kBadRequest);
}

TEST(ConfigTest, RejectsAPortOutOfRange) {
  EXPECT_EQ(LoadConfig({"--port", "70000"}, {}).code(), ErrorCode::kBadRequest);
}

TEST(ConfigTest, RejectsAnUnknownEnvironmentSetting) {
  EXPECT_EQ(LoadConfig({}, {{"PORTCULLIS_DEV_IDP_PORTT", "1"}}).code(), ErrorCode::kBadRequest);
}

TEST(ConfigTest, HelpListsTheFlagsAndKeys) {
  Result<LoadedConfig> c = LoadConfig({"--help"}, {});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->help);
  EXPECT_NE(c->help_text.find("--test-controls"), std::string::npos);
  EXPECT_NE(c->help_text.find("PORTCULLIS_DEV_IDP_ACCESS_TOKEN_LIFETIME"), std::string::npos);
}

}  // namespace
}  // namespace portcullis::dev_idp
