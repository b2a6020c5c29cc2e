#include "config.h"

#include <gtest/gtest.h>

namespace portcullis::session_store {
namespace {

std::map<std::string, std::string> MinimalEnv() {
  return {{"PORTCULLIS_SESSION_STORE_DATABASE_URL", "host=127.0.0.1"},
          {"PORTCULLIS_SESSION_STORE_KEYS", "k1:" + std::string(43, 'A')},
          {"PORTCULLIS_SESSION_STORE_ISSUER", "http://127.0.0.1:9400/t/v2.0"},
          {"PORTCULLIS_SESSION_STORE_CLIENT_ID", "portcullis-gateway"},
          {"PORTCULLIS_SESSION_STORE_CLIENT_SECRET", "s3cret"}};
}

TEST(ConfigTest, DefaultsMatchTheIssue) {
  auto c = LoadConfig({}, MinimalEnv());
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->config.idle_timeout, std::chrono::hours(8));
  EXPECT_EQ(c->config.absolute_lifetime, std::chrono::hours(40));
  EXPECT_EQ(c->config.pending_login_ttl, std::chrono::minutes(10));
  EXPECT_EQ(c->config.prefix, "auth");
  EXPECT_EQ(c->config.client_secret.reveal(), "s3cret");
}

TEST(ConfigTest, KeyRingIsRequiredAndNeverEchoed) {
  auto env = MinimalEnv();
  env.erase("PORTCULLIS_SESSION_STORE_KEYS");
  auto c = LoadConfig({}, env);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().detail.find("keys"), std::string::npos);
}

TEST(ConfigTest, NeedsAnIssuerOrATokenEndpoint) {
  auto env = MinimalEnv();
  env.erase("PORTCULLIS_SESSION_STORE_ISSUER");
  EXPECT_EQ(LoadConfig({}, env).code(), ErrorCode::kBadRequest);
  env["PORTCULLIS_SESSION_STORE_TOKEN_ENDPOINT"] = "http://127.0.0.1:9400/token";
  EXPECT_TRUE(LoadConfig({}, env).ok());
}

TEST(ConfigTest, UnknownSettingIsRejected) {
  auto env = MinimalEnv();
  env["PORTCULLIS_SESSION_STORE_IDLE"] = "1h";
  EXPECT_EQ(LoadConfig({}, env).code(), ErrorCode::kBadRequest);
}

TEST(ConfigTest, HelpListsEverySetting) {
  auto c = LoadConfig({"--help"}, {});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->help);
  EXPECT_NE(c->help_text.find("PORTCULLIS_SESSION_STORE_IDLE_TIMEOUT"), std::string::npos);
  EXPECT_NE(c->help_text.find("PORTCULLIS_SESSION_STORE_KEYS"), std::string::npos);
}

}  // namespace
}  // namespace portcullis::session_store
