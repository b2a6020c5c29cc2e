#pragma once
// HttpReply: what a dev-idp endpoint answers, independent of the HTTP server. The logic fills it;
// adapters/http_endpoints.cpp writes it with Pistache's typed headers (ReplyHeader lists every
// header the logic may set, so nothing is silently dropped on the wire).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace portcullis::dev_idp {

enum class ReplyHeader {
  kLocation,
  kWwwAuthenticate,
  kRetryAfter,
};

struct SetCookie {
  std::string name;
  std::string value;
  int max_age_seconds = 0;  // 0 deletes the cookie
};

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<ReplyHeader, std::string>> headers;
  std::optional<SetCookie> cookie;
  bool no_store = true;  // Cache-Control: no-store (tokens, codes, pages with form state)
  std::optional<int> max_age_seconds;  // with no_store false: Cache-Control: max-age=N

  static HttpReply Json(int status, const nlohmann::json& body) {
    HttpReply r;
    r.status = status;
    r.body = body.dump();
    return r;
  }
  static HttpReply Html(int status, std::string html) {
    HttpReply r;
    r.status = status;
    r.content_type = "text/html; charset=utf-8";
    r.body = std::move(html);
    return r;
  }
  static HttpReply Redirect(std::string location) {
    HttpReply r;
    r.status = 302;
    r.content_type = "text/plain; charset=utf-8";
    r.headers.emplace_back(ReplyHeader::kLocation, std::move(location));
    return r;
  }
};

}  // namespace portcullis::dev_idp
