#pragma once
// Browser: a cookie-jar HTTP client over libcurl, as the gateway's e2e tests need it - cookies
// kept across requests (curl's cookie engine, which is host-based like a browser's), redirects
// followed on request, headers lower-cased, and the arrival time of the first body byte.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace portcullis::e2e {

struct Response {
  long status = 0;  // 0: no response (error says why)
  std::string error;
  std::multimap<std::string, std::string> headers;  // names lower-cased; final response only
  std::string body;
  std::string final_url;
  // Seconds from the request to the first / last body byte (-1 when no body arrived).
  double first_byte_s = -1, last_byte_s = -1;

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
  std::vector<std::string> Headers(const std::string& lower_name) const;
};

struct Call {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::optional<std::string> body;
  bool follow_redirects = false;
  std::chrono::milliseconds timeout{15000};
};

class Browser {
 public:
  Browser();
  ~Browser();
  Browser(const Browser&) = delete;
  Browser& operator=(const Browser&) = delete;

  Response Send(const Call& call);
  Response Get(const std::string& url, bool follow = false) {
    return Send({.url = url, .follow_redirects = follow});
  }
  // The value of cookie `name` in the jar (any host), or "".
  std::string CookieValue(const std::string& name);
  // Sets a cookie for 127.0.0.1 as if the server had (Set-Cookie syntax after the colon).
  void SetCookie(const std::string& name, const std::string& value);

 private:
  void* curl_;
};

// application/x-www-form-urlencoded value.
std::string UrlEncode(const std::string& value);
// The value of `name` in the query of `url` (percent-decoded), or "".
std::string QueryParam(const std::string& url, const std::string& name);

}  // namespace portcullis::e2e
