#include "config.h"

#include <gtest/gtest.h>

namespace portcullis::gateway {
namespace {

std::map<std::string, std::string> Minimal() {
  return {{"PORTCULLIS_GATEWAY_ISSUER", "http://127.0.0.1:9400/t/v2.0/"},
          {"PORTCULLIS_GATEWAY_CLIENT_SECRET", "s"},
          {"PORTCULLIS_GATEWAY_CSRF_KEY", std::string(32, 'k')},
          {"PORTCULLIS_GATEWAY_COOKIE_ALLOW_INSECURE_LOCALHOST", "true"}};
}

TEST(GatewayConfigTest, DefaultsAndDerivedSettings) {
  auto c = LoadConfig({"--port", "9999"}, Minimal());
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_EQ(c->config.port, 9999);
  EXPECT_EQ(c->config.issuer, "http://127.0.0.1:9400/t/v2.0");
  EXPECT_EQ(c->config.cookie.name, "portcullis");
  EXPECT_FALSE(c->config.cookie.secure);
  EXPECT_EQ(c->config.RedirectUri(), "http://127.0.0.1:8080/auth/callback");
  ASSERT_EQ(c->config.parsed_routes.size(), 1u);
  EXPECT_EQ(c->config.parsed_routes[0].upstream, "http://127.0.0.1:9500");
  EXPECT_EQ(c->config.bearer_audiences,
            (std::vector<std::string>{"portcullis-gateway", "api://portcullis-gateway"}));
  EXPECT_EQ(c->config.origins, std::vector<std::string>{"http://127.0.0.1:8080"});
}

TEST(GatewayConfigTest, HttpsGetsTheHostPrefix) {
  auto env = Minimal();
  env["PORTCULLIS_GATEWAY_PUBLIC_BASE_URL"] = "https://gw.example";
  env.erase("PORTCULLIS_GATEWAY_COOKIE_ALLOW_INSECURE_LOCALHOST");
  auto c = LoadConfig({}, env);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->config.cookie.name, "__Host-portcullis");
  EXPECT_TRUE(c->config.cookie.secure);
}

TEST(GatewayConfigTest, RefusesUnsafeOrIncompleteSettings) {
  auto no_switch = Minimal();
  no_switch.erase("PORTCULLIS_GATEWAY_COOKIE_ALLOW_INSECURE_LOCALHOST");
  EXPECT_EQ(LoadConfig({}, no_switch).code(), ErrorCode::kBadRequest);
  auto short_key = Minimal();
  short_key["PORTCULLIS_GATEWAY_CSRF_KEY"] = "short";
  EXPECT_EQ(LoadConfig({}, short_key).code(), ErrorCode::kBadRequest);
  auto no_secret = Minimal();
  no_secret.erase("PORTCULLIS_GATEWAY_CLIENT_SECRET");
  EXPECT_EQ(LoadConfig({}, no_secret).code(), ErrorCode::kBadRequest);
  auto bad_route = Minimal();
  bad_route["PORTCULLIS_GATEWAY_ROUTES"] = "/auth/ http://127.0.0.1:1";
  EXPECT_EQ(LoadConfig({}, bad_route).code(), ErrorCode::kBadRequest);
  auto bad_tokens = Minimal();
  bad_tokens["PORTCULLIS_GATEWAY_SERVICE_TOKENS"] = "bot:short";
  EXPECT_EQ(LoadConfig({}, bad_tokens).code(), ErrorCode::kBadRequest);
  auto unknown = Minimal();
  unknown["PORTCULLIS_GATEWAY_NO_SUCH_THING"] = "1";
  EXPECT_EQ(LoadConfig({}, unknown).code(), ErrorCode::kBadRequest);
  EXPECT_EQ(LoadConfig({"--nope"}, Minimal()).code(), ErrorCode::kBadRequest);
}

TEST(GatewayConfigTest, ParsesRatesRoutesAndServiceTokens) {
  auto env = Minimal();
  env["PORTCULLIS_GATEWAY_RATE_AUTH_PER_SECOND"] = "0.5";
  env["PORTCULLIS_GATEWAY_ROUTES"] =
      "/api/ http://127.0.0.1:9500,/pub/ http://127.0.0.1:9600 public";
  env["PORTCULLIS_GATEWAY_SERVICE_TOKENS"] = "ci:0123456789abcdef0123,ops:fedcba9876543210fedc";
  auto c = LoadConfig({}, env);
  ASSERT_TRUE(c.ok()) << c.error().ToString();
  EXPECT_DOUBLE_EQ(c->config.auth_rate_per_second, 0.5);
  ASSERT_EQ(c->config.parsed_routes.size(), 2u);
  EXPECT_EQ(c->config.parsed_routes[1].access, RouteAccess::kPublic);
  ASSERT_EQ(c->config.parsed_service_tokens.size(), 2u);
  EXPECT_EQ(c->config.parsed_service_tokens[1].first, "ops");
  env["PORTCULLIS_GATEWAY_RATE_AUTH_PER_SECOND"] = "fast";
  EXPECT_EQ(LoadConfig({}, env).code(), ErrorCode::kBadRequest);
}

TEST(GatewayConfigTest, HelpListsSettings) {
  auto c = LoadConfig({"--help"}, {});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->help);
  EXPECT_NE(c->help_text.find("PORTCULLIS_GATEWAY_CSRF_KEY"), std::string::npos);
  EXPECT_NE(c->help_text.find("PORTCULLIS_GATEWAY_ROUTES"), std::string::npos);
}

}  // namespace
}  // namespace portcullis::gateway
