#pragma once
// A minimal blocking HTTP client over libcurl for the dev-idp end-to-end tests: one request, no
// redirects followed (the tests look at each Location themselves), headers lower-cased.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace portcullis::e2e {

struct HttpResult {
  long status = 0;  // 0 when no response arrived
  std::map<std::string, std::string> headers;
  std::string body;
  std::string error;  // libcurl's message when status == 0

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

struct HttpCall {
  std::string method = "GET";
  std::string url;
  std::vector<std::string> headers;       // "Name: value"
  std::optional<std::string> body;        // sent as is
  std::optional<std::string> basic_auth;  // "user:password"
};

HttpResult Send(const HttpCall& call);

// application/x-www-form-urlencoded from pairs.
std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields);

// The value of `name` in the query of `url` (percent-decoded), or "".
std::string QueryValue(const std::string& url, const std::string& name);

}  // namespace portcullis::e2e
