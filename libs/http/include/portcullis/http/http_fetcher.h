#pragma once
// HttpFetcher: bounded outbound HTTP - a GET (key sets, discovery) and a POST (token endpoints).
// Logic depends on this interface; CurlHttpFetcher (curl_http_fetcher.h) is the production adapter
// and testing::FakeHttpFetcher the test double.
//
//   CurlHttpFetcher fetcher;
//   FetchResult r = fetcher.Get("https://login.microsoftonline.com/common/discovery/v2.0/keys",
//                               {.timeout = std::chrono::seconds(5), .max_body_bytes = 1 << 20});
//   if (r.ok() && r->status == 200) Parse(r->body, r->Header("cache-control"));
//
// Implementations must be thread-safe: one fetcher is shared by every key set of a process.

#include <cassert>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace portcullis::http {

struct FetchOptions {
  // Whole-request deadline (connect + transfer).
  std::chrono::milliseconds timeout{5000};
  // A body larger than this fails with kBodyTooLarge instead of being buffered.
  size_t max_body_bytes = 1 << 20;
};

struct HttpResponse {
  int status = 0;
  // Header names lower-cased, values trimmed, in arrival order (final response only).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header named `name` (case-insensitive), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
};

enum class FetchErrorCode {
  kInvalidUrl,    // not an absolute http(s) URL
  kConnect,       // DNS, TCP or TLS failure
  kTimeout,       // FetchOptions::timeout elapsed
  kBodyTooLarge,  // body exceeded FetchOptions::max_body_bytes
  kTransport,     // anything else below HTTP
};

struct FetchError {
  FetchErrorCode code = FetchErrorCode::kTransport;
  std::string detail;
};

std::string_view ToString(FetchErrorCode code);

// An HTTP response (any status, including 4xx/5xx) or a FetchError when none was received.
class [[nodiscard]] FetchResult {
 public:
  FetchResult(HttpResponse r) : v_(std::move(r)) {}  // NOLINT(google-explicit-constructor)
  FetchResult(FetchError e) : v_(std::move(e)) {}    // NOLINT(google-explicit-constructor)
  bool ok() const { return std::holds_alternative<HttpResponse>(v_); }
  const HttpResponse& value() const {
    assert(ok());
    return std::get<HttpResponse>(v_);
  }
  const HttpResponse& operator*() const { return value(); }
  const HttpResponse* operator->() const { return &value(); }
  const FetchError& error() const {
    assert(!ok());
    return std::get<FetchError>(v_);
  }

 private:
  std::variant<HttpResponse, FetchError> v_;
};

class HttpFetcher {
 public:
  virtual ~HttpFetcher() = default;
  // Performs a GET of `url` without following redirects. Blocks the calling thread for at most
  // options.timeout. Thread-safe.
  virtual FetchResult Get(const std::string& url, const FetchOptions& options) = 0;
  // Performs a POST of `body` (with `Content-Type: content_type` and the extra request
  // `headers`) without following redirects. Same limits and thread-safety as Get().
  virtual FetchResult Post(const std::string& url, const std::string& content_type,
                           const std::string& body,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           const FetchOptions& options) = 0;
};

// Parses "max-age=N" out of a Cache-Control value; nullopt if absent or malformed. "no-store"
// and "no-cache" give 0.
std::optional<std::chrono::seconds> CacheControlMaxAge(std::string_view cache_control);

}  // namespace portcullis::http
