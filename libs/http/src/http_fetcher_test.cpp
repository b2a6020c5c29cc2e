#include "portcullis/http/http_fetcher.h"

#include <gtest/gtest.h>

#include "portcullis/http/curl_http_fetcher.h"
#include "portcullis/http/testing/fake_http_fetcher.h"
#include "portcullis/http/testing/loopback_http_server.h"

namespace portcullis::http {
namespace {

using std::chrono::seconds;

TEST(CacheControlTest, ReadsMaxAge) {
  EXPECT_EQ(CacheControlMaxAge("max-age=600"), seconds(600));
  EXPECT_EQ(CacheControlMaxAge("public, max-age=86400, must-revalidate"), seconds(86400));
  EXPECT_EQ(CacheControlMaxAge("Max-Age=\"60\""), seconds(60));
  EXPECT_EQ(CacheControlMaxAge("no-store"), seconds(0));
  EXPECT_EQ(CacheControlMaxAge("private, no-cache"), seconds(0));
  EXPECT_EQ(CacheControlMaxAge("public"), std::nullopt);
  EXPECT_EQ(CacheControlMaxAge("max-age=abc"), std::nullopt);
  EXPECT_EQ(CacheControlMaxAge("max-age=-5"), std::nullopt);
  EXPECT_EQ(CacheControlMaxAge("s-maxage=5"), std::nullopt);
  EXPECT_EQ(CacheControlMaxAge("max-age=99999999999999999999999"), seconds(INT32_MAX));
}

TEST(HttpResponseTest, FindsHeadersCaseInsensitively) {
  HttpResponse r;
  r.headers = {{"cache-control", "max-age=5"}, {"content-type", "application/json"}};
  EXPECT_EQ(r.Header("Cache-Control"), "max-age=5");
  EXPECT_EQ(r.Header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(r.Header("etag"), std::nullopt);
}

TEST(FakeHttpFetcherTest, ServesCannedResponsesAndCounts) {
  testing::FakeHttpFetcher fake;
  fake.SetResponse("https://a/x", 200, "body", {{"cache-control", "max-age=1"}});
  fake.SetError("https://a/down", FetchErrorCode::kTimeout);
  const FetchResult ok = fake.Get("https://a/x", {});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->body, "body");
  EXPECT_EQ(fake.Get("https://a/down", {}).error().code, FetchErrorCode::kTimeout);
  EXPECT_EQ(fake.Get("https://a/none", {}).error().code, FetchErrorCode::kConnect);
  EXPECT_EQ(fake.Calls("https://a/x"), 1);
  EXPECT_EQ(fake.TotalCalls(), 3);
}

TEST(CurlHttpFetcherTest, PostsBodyWithContentTypeAndExtraHeaders) {
  testing::LoopbackHttpServer server([](std::string_view path) {
    return testing::LoopbackHttpServer::Response(path == "/token" ? 200 : 404, "{\"ok\":true}");
  });
  CurlHttpFetcher fetcher;
  const std::string body = "grant_type=refresh_token&refresh_token=abc%2Bdef";
  const FetchResult r =
      fetcher.Post(server.Url("/token"), "application/x-www-form-urlencoded", body,
                   {{"Authorization", "Basic eDp5"}}, {.timeout = seconds(5)});
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{\"ok\":true}");
  const std::string seen = server.last_request();
  EXPECT_TRUE(seen.starts_with("POST /token HTTP/1.1\r\n")) << seen;
  EXPECT_NE(seen.find("Content-Type: application/x-www-form-urlencoded\r\n"), std::string::npos);
  EXPECT_NE(seen.find("Authorization: Basic eDp5\r\n"), std::string::npos);
  EXPECT_EQ(seen.find("Expect:"), std::string::npos);
  EXPECT_TRUE(seen.ends_with("\r\n\r\n" + body)) << seen;
}

TEST(CurlHttpFetcherTest, PostRejectsNonHttpUrl) {
  CurlHttpFetcher fetcher;
  const FetchResult r = fetcher.Post("file:///etc/passwd", "text/plain", "", {}, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, FetchErrorCode::kInvalidUrl);
}

TEST(FakeHttpFetcherTest, RecordsPostsAndServesSequences) {
  testing::FakeHttpFetcher fake;
  HttpResponse busy;
  busy.status = 429;
  HttpResponse fine;
  fine.status = 200;
  fake.SetPostSequence("https://idp/token", {FetchResult(busy), FetchResult(fine)});
  EXPECT_EQ(fake.Post("https://idp/token", "a/b", "x=1", {}, {})->status, 429);
  EXPECT_EQ(fake.Post("https://idp/token", "a/b", "x=2", {}, {})->status, 200);
  EXPECT_EQ(fake.Post("https://idp/token", "a/b", "x=3", {}, {})->status, 200);
  ASSERT_EQ(fake.Posts().size(), 3u);
  EXPECT_EQ(fake.Posts()[1].body, "x=2");
  EXPECT_EQ(fake.Calls("https://idp/token"), 3);
}

TEST(CurlHttpFetcherTest, GetsBodyStatusAndHeadersOverLoopback) {
  testing::LoopbackHttpServer server([](std::string_view path) {
    if (path == "/jwks") {
      return testing::LoopbackHttpServer::Response(200, "{\"keys\":[]}",
                                                   "Cache-Control: public, max-age=1234\r\n");
    }
    return testing::LoopbackHttpServer::Response(404, "nope");
  });
  CurlHttpFetcher fetcher;
  const FetchResult r = fetcher.Get(server.Url("/jwks"), {});
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{\"keys\":[]}");
  EXPECT_EQ(r->Header("cache-control"), "public, max-age=1234");
  const FetchResult missing = fetcher.Get(server.Url("/other"), {});
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
}

TEST(CurlHttpFetcherTest, EnforcesTheBodyLimit) {
  testing::LoopbackHttpServer server([](std::string_view) {
    return testing::LoopbackHttpServer::Response(200, std::string(100000, 'x'));
  });
  CurlHttpFetcher fetcher;
  FetchOptions options;
  options.max_body_bytes = 1000;
  const FetchResult r = fetcher.Get(server.Url("/big"), options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, FetchErrorCode::kBodyTooLarge);
}

TEST(CurlHttpFetcherTest, RefusesNonHttpUrlsAndReportsConnectFailures) {
  CurlHttpFetcher fetcher;
  EXPECT_EQ(fetcher.Get("file:///etc/passwd", {}).error().code, FetchErrorCode::kInvalidUrl);
  EXPECT_EQ(fetcher.Get("gopher://x", {}).error().code, FetchErrorCode::kInvalidUrl);
  int port = 0;
  {
    testing::LoopbackHttpServer closed([](std::string_view) { return std::string(); });
    port = closed.port();
  }
  FetchOptions o;
  o.timeout = std::chrono::milliseconds(2000);
  const FetchResult r = fetcher.Get("http://127.0.0.1:" + std::to_string(port) + "/", o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, FetchErrorCode::kConnect);
}

TEST(CurlHttpFetcherTest, TimesOut) {
  testing::LoopbackHttpServer slow([](std::string_view) {
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    return testing::LoopbackHttpServer::Response(200, "late");
  });
  CurlHttpFetcher fetcher;
  FetchOptions o;
  o.timeout = std::chrono::milliseconds(200);
  const FetchResult r = fetcher.Get(slow.Url("/"), o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, FetchErrorCode::kTimeout);
}

}  // namespace
}  // namespace portcullis::http
