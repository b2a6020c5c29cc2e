#include "demo_api.h"

#include <gtest/gtest.h>

namespace portcullis::demo_upstream {
namespace {

class FakeAuthenticator final : public BearerAuthenticator {
 public:
  Result<Principal> Authenticate(std::string_view token) const override {
    ++calls;
    if (token == "good") return Principal{"issuer", "alice-sub", R"({"sub":"alice-sub"})"};
    if (token == "keys-down") return Error{ErrorCode::kUnavailable, "key set unavailable"};
    return Error{ErrorCode::kUnauthorized, "bad_signature"};
  }
  mutable int calls = 0;
};

class DemoApiTest : public ::testing::Test {
 protected:
  DemoReply Call(std::string method, std::string path, std::optional<std::string> auth,
                 std::map<std::string, std::string> query = {}, std::string body = "") {
    return api_.Handle({.method = std::move(method),
                        .path = std::move(path),
                        .query = std::move(query),
                        .authorization = std::move(auth),
                        .content_type = "text/plain",
                        .body = std::move(body)});
  }
  FakeAuthenticator auth_;
  DemoApi api_{auth_, DemoLimits{.max_events = 500, .max_interval = std::chrono::seconds(5)}};
};

TEST_F(DemoApiTest, RejectsMissingBearerWithChallenge) {
  DemoReply r = Call("GET", "/api/ping", std::nullopt);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.www_authenticate, "Bearer");
  EXPECT_EQ(auth_.calls, 0);
}

TEST_F(DemoApiTest, RejectsOtherSchemesAndMalformedBearer) {
  for (const char* header : {"Basic Z29vZDp4", "Bearer", "Bearer ", "Bearergood", "Bearer go od",
                             "Bearer good\"", "Token good"}) {
    DemoReply r = Call("GET", "/api/ping", std::string(header));
    EXPECT_EQ(r.status, 401) << header;
  }
  EXPECT_EQ(auth_.calls, 0);
}

TEST_F(DemoApiTest, RejectsInvalidTokenWithInvalidTokenChallenge) {
  DemoReply r = Call("GET", "/api/whoami", "Bearer forged");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.www_authenticate, "Bearer error=\"invalid_token\"");
  EXPECT_EQ(r.body.find("alice"), std::string::npos);
}

TEST_F(DemoApiTest, UnavailableKeysAre503) {
  EXPECT_EQ(Call("GET", "/api/ping", "Bearer keys-down").status, 503);
}

TEST_F(DemoApiTest, PingAnswersPongForAValidToken) {
  DemoReply r = Call("GET", "/api/ping", "bearer good");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "pong");
  EXPECT_EQ(r.content_type, "text/plain");
}

TEST_F(DemoApiTest, WhoamiShowsTheVerifiedClaims) {
  DemoReply r = Call("GET", "/api/whoami", "Bearer good");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(
      r.body,
      "{\"provider\":\"issuer\",\"subject\":\"alice-sub\",\"claims\":{\"sub\":\"alice-sub\"}}\n");
}

TEST_F(DemoApiTest, EchoReturnsTheBodyWithItsType) {
  DemoReply r = Call("POST", "/api/echo", "Bearer good", {}, "hello body");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello body");
  EXPECT_EQ(r.content_type, "text/plain");
  EXPECT_EQ(Call("GET", "/api/echo", "Bearer good").status, 405);
}

TEST_F(DemoApiTest, StreamPlansEventsWithinLimits) {
  DemoReply r = Call("GET", "/api/stream", "Bearer good", {{"n", "100"}, {"interval_ms", "10"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/event-stream");
  ASSERT_TRUE(r.stream);
  EXPECT_EQ(r.stream->events, 100);
  EXPECT_EQ(r.stream->interval, std::chrono::milliseconds(10));
  DemoReply defaults = Call("GET", "/api/stream", "Bearer good");
  ASSERT_TRUE(defaults.stream);
  EXPECT_EQ(defaults.stream->events, 10);
}

TEST_F(DemoApiTest, StreamRejectsOutOfRangeParameters) {
  for (auto query :
       std::vector<std::map<std::string, std::string>>{{{"n", "501"}},
                                                       {{"n", "-1"}},
                                                       {{"n", "1x"}},
                                                       {{"n", ""}},
                                                       {{"interval_ms", "5001"}},
                                                       {{"interval_ms", "99999999999999"}}}) {
    EXPECT_EQ(Call("GET", "/api/stream", "Bearer good", query).status, 400);
  }
}

TEST_F(DemoApiTest, UnknownPathIs404AfterAuthentication) {
  EXPECT_EQ(Call("GET", "/api/nope", "Bearer good").status, 404);
  EXPECT_EQ(Call("GET", "/api/nope", std::nullopt).status, 401);
}

TEST(SseEventTest, HasIdEventAndJsonData) {
  EXPECT_EQ(SseEvent(3, 100), "id: 3\nevent: tick\ndata: {\"seq\":3,\"of\":100}\n\n");
}

}  // namespace
}  // namespace portcullis::demo_upstream
