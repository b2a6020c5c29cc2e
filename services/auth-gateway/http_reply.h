#pragma once
// HttpReply: what a gateway endpoint answers, independent of the HTTP server. The logic fills
// it; adapters/http_server.cpp writes it with Pistache's typed headers (ReplyHeader lists every
// header the logic may set, because Pistache drops raw response headers on the wire).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace portcullis::gateway {

enum class ReplyHeader {
  kLocation,
  kWwwAuthenticate,
  kRetryAfter,
  kSetCookie,
};

struct HttpReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<ReplyHeader, std::string>> headers;
  bool no_store = true;  // Cache-Control: no-store unless a page is meant to be cached

  std::optional<std::string> Header(ReplyHeader name) const {
    for (const auto& [n, v] : headers) {
      if (n == name) return v;
    }
    return std::nullopt;
  }

  static HttpReply Json(int status, const nlohmann::json& body) {
    HttpReply r;
    r.status = status;
    r.body = body.dump();
    return r;
  }
  // {"error": code, "error_description": description}: the shape every gateway error has.
  static HttpReply Error(int status, std::string_view code, std::string_view description) {
    return Json(status, {{"error", code}, {"error_description", description}});
  }
  static HttpReply Html(int status, std::string html) {
    HttpReply r;
    r.status = status;
    r.content_type = "text/html; charset=utf-8";
    r.body = std::move(html);
    return r;
  }
  static HttpReply Text(int status, std::string text) {
    HttpReply r;
    r.status = status;
    r.content_type = "text/plain; charset=utf-8";
    r.body = std::move(text);
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

}  // namespace portcullis::gateway
