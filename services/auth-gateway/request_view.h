#pragma once
// RequestView: an incoming HTTP request as the logic sees it, filled by the HTTP adapter.
// Header lookups ignore case. Query values are percent-decoded ('+' is a space).

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "upstream_headers.h"

namespace portcullis::gateway {

struct RequestView {
  std::string method;
  std::string path;                          // without the query
  std::string raw_query;                     // as received, without '?'
  std::map<std::string, std::string> query;  // decoded; a repeated name keeps the first value
  HeaderList headers;
  std::string body;
  std::string client_address;
  std::string request_id;

  std::optional<std::string_view> Header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (EqualsIgnoreCase(n, name)) return std::string_view(v);
    }
    return std::nullopt;
  }
  std::string Query(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
  std::string PathAndQuery() const { return raw_query.empty() ? path : path + "?" + raw_query; }
};

// Decodes an application/x-www-form-urlencoded query into `out`. False on a malformed escape.
bool ParseQuery(std::string_view raw, std::map<std::string, std::string>& out);

}  // namespace portcullis::gateway
