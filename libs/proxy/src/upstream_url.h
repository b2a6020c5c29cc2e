#pragma once
// Splits an absolute http:// URL into what the engine needs. Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portcullis::proxy {

struct UpstreamUrl {
  std::string host;  // a name or an IPv4 literal, as written
  uint16_t port = 80;
  std::string authority;  // "host:port" as the Host header and pool key use it
  std::string target;     // "/path?query", "/" when the URL has no path
};

// nullopt for anything but `http://host[:port][/path][?query]`: https, userinfo, IPv6
// literals, fragments, bytes outside visible ASCII, port 0 or > 65535.
std::optional<UpstreamUrl> ParseUpstreamUrl(std::string_view url);

}  // namespace portcullis::proxy
