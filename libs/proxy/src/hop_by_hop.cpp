#include "portcullis/proxy/hop_by_hop.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "http_tokens.h"

namespace portcullis::proxy {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr std::array<std::string_view, 9> kHopByHop = {"connection",
                                                       "keep-alive",
                                                       "proxy-connection",
                                                       "proxy-authenticate",
                                                       "proxy-authorization",
                                                       "te",
                                                       "trailer",
                                                       "transfer-encoding",
                                                       "upgrade"};

}  // namespace

bool ConnectionPersists(bool http_1_1, std::string_view connection) {
  bool close = false, keep_alive = false;
  ForEachToken(connection, [&](std::string_view token) {
    close = close || HeaderNameEquals(token, "close");
    keep_alive = keep_alive || HeaderNameEquals(token, "keep-alive");
  });
  if (close) return false;
  return http_1_1 || keep_alive;
}

bool HeaderNameEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

bool IsHopByHopHeader(std::string_view name) {
  return std::any_of(kHopByHop.begin(), kHopByHop.end(),
                     [&](std::string_view hop) { return HeaderNameEquals(name, hop); });
}

void RemoveHopByHopHeaders(HeaderList& headers) {
  // Names listed in Connection are hop-by-hop too (RFC 9110 §7.6.1), whatever they are called.
  std::vector<std::string_view> listed;
  for (const auto& [name, value] : headers) {
    if (!HeaderNameEquals(name, "connection")) continue;
    ForEachToken(value, [&](std::string_view token) { listed.push_back(token); });
  }
  auto drop = [&](const std::pair<std::string, std::string>& header) {
    if (IsHopByHopHeader(header.first)) return true;
    return std::any_of(listed.begin(), listed.end(), [&](std::string_view token) {
      return HeaderNameEquals(header.first, token);
    });
  };
  // `listed` views point into Connection values, which remove_if may overwrite: decide first.
  std::vector<bool> dropped(headers.size());
  for (size_t i = 0; i < headers.size(); ++i) dropped[i] = drop(headers[i]);
  size_t out = 0;
  for (size_t i = 0; i < headers.size(); ++i) {
    if (dropped[i]) continue;
    if (out != i) headers[out] = std::move(headers[i]);
    ++out;
  }
  headers.resize(out);
}

}  // namespace portcullis::proxy
