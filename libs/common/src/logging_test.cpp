#include "portcullis/common/logging.h"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include <gtest/gtest.h>

namespace portcullis {
namespace {

TEST(LoggingTest, RequestLogLineCarriesNoSecrets) {
  std::ostringstream captured;
  auto logger = MakeLogger({.service = "auth-gateway", .level = "info", .json = true},
                           std::make_shared<spdlog::sinks::ostream_sink_mt>(captured));
  const std::string jwt =
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImF1ZCI6ImFwaSJ9.U2lnbmF0dXJlU2lnbmF0dXJl";
  const std::string cookie_value = "Zm9vYmFyYmF6cXV4c2Vzc2lvbmlk";
  const std::string code = "SplxlOBeZQQYbYS6WxSbIA";
  logger->info(
      "request GET /auth/callback?code={}&state=s1 headers: Authorization: Bearer {}\n"
      "Cookie: __Host-portcullis={}",
      code, jwt, cookie_value);
  logger->flush();
  const std::string line = captured.str();
  EXPECT_EQ(line.find(jwt), std::string::npos) << line;
  EXPECT_EQ(line.find("eyJ"), std::string::npos) << line;
  EXPECT_EQ(line.find(cookie_value), std::string::npos) << line;
  EXPECT_EQ(line.find(code), std::string::npos) << line;
  // Still one valid JSON line, with the non-secret parts kept.
  ASSERT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
  auto parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["svc"], "auth-gateway");
  EXPECT_EQ(parsed["level"], "info");
  EXPECT_NE(parsed["msg"].get<std::string>().find("state=s1"), std::string::npos);
}

TEST(LoggingTest, TextFormatIsRedactedToo) {
  std::ostringstream captured;
  auto logger = MakeLogger({.service = "svc", .level = "debug", .json = false},
                           std::make_shared<spdlog::sinks::ostream_sink_mt>(captured));
  logger->debug("refresh_token=abcdef");
  logger->flush();
  EXPECT_EQ(captured.str().find("abcdef"), std::string::npos);
  EXPECT_NE(captured.str().find("refresh_token=[redacted]"), std::string::npos);
}

TEST(LoggingTest, UnknownLevelIsRejected) {
  Status s = InitLogging({.service = "x", .level = "loud", .json = true});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kBadRequest);
}

TEST(JsonEscapeTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(JsonEscape("a\"b\\c\nd\x01"), "a\\\"b\\\\c\\nd\\u0001");
}

}  // namespace
}  // namespace portcullis
