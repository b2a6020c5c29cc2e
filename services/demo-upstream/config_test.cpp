#include "config.h"

#include <gtest/gtest.h>

namespace portcullis::demo_upstream {
namespace {

TEST(DemoUpstreamConfigTest, DefaultsPointAtDevIdp) {
  auto loaded = LoadConfig({}, {});
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  const DemoUpstreamConfig& c = loaded->config;
  EXPECT_EQ(c.port, 9500);
  EXPECT_EQ(c.bind, "127.0.0.1");
  EXPECT_EQ(c.DiscoveryUrl(), std::string(kDevIdpIssuer) + "/.well-known/openid-configuration");
  EXPECT_EQ(c.audiences,
            (std::vector<std::string>{"portcullis-gateway", "api://portcullis-gateway"}));
  EXPECT_TRUE(c.service_token.empty());
}

TEST(DemoUpstreamConfigTest, FlagsWinOverEnvironment) {
  auto loaded = LoadConfig({"--port", "9600", "--audiences", "a,b,c"},
                           {{"PORTCULLIS_DEMO_UPSTREAM_PORT", "9700"},
                            {"PORTCULLIS_DEMO_UPSTREAM_SERVICE_TOKEN", "tok"}});
  ASSERT_TRUE(loaded.ok()) << loaded.error().ToString();
  EXPECT_EQ(loaded->config.port, 9600);
  EXPECT_EQ(loaded->config.audiences, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(loaded->config.service_token.reveal(), "tok");
}

TEST(DemoUpstreamConfigTest, RejectsBadValues) {
  EXPECT_EQ(LoadConfig({"--port", "0"}, {}).error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(LoadConfig({"--nope"}, {}).error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(LoadConfig({"--port"}, {}).error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(LoadConfig({"--issuer", "ftp://x"}, {}).error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(LoadConfig({}, {{"PORTCULLIS_DEMO_UPSTREAM_TYPO", "1"}}).error().code,
            ErrorCode::kBadRequest);
}

TEST(DemoUpstreamConfigTest, HelpListsTheKeys) {
  auto loaded = LoadConfig({"--help"}, {});
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded->help);
  EXPECT_NE(loaded->help_text.find("PORTCULLIS_DEMO_UPSTREAM_SERVICE_TOKEN"), std::string::npos);
}

}  // namespace
}  // namespace portcullis::demo_upstream
