#include "request_writer.h"

#include <algorithm>

#include "http_tokens.h"
#include "portcullis/proxy/hop_by_hop.h"

namespace portcullis::proxy {
namespace {

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsTokenChar);
}

// Without an early exit the loop vectorises; values carry kilobyte bearer tokens.
bool IsFieldValue(std::string_view s) {
  bool bad = false;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    bad |= (c < 0x20 && c != '\t') | (c == 0x7f);
  }
  return !bad;
}

bool BodyExpected(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

}  // namespace

bool IsIdempotentMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "TRACE" ||
         method == "PUT" || method == "DELETE";
}

std::optional<std::string> SerializeUpstreamRequest(const UpstreamRequest& request,
                                                    const UpstreamUrl& url, std::string* error) {
  if (!IsToken(request.method)) {
    *error = "method is not an HTTP token";
    return std::nullopt;
  }
  size_t size =
      96 + request.method.size() + url.target.size() + url.authority.size() + request.body.size();
  for (const auto& [name, value] : request.headers) size += name.size() + value.size() + 4;
  std::string out;
  out.reserve(size);
  out.append(request.method).append(" ").append(url.target).append(" HTTP/1.1\r\n");
  bool has_host = false;
  for (const auto& [name, value] : request.headers) {
    if (!IsToken(name) || !IsFieldValue(value)) {
      *error = "header name or value contains bytes not allowed in HTTP";
      return std::nullopt;
    }
    if (IsHopByHopHeader(name) || HeaderNameEquals(name, "content-length")) continue;
    if (HeaderNameEquals(name, "host")) {
      if (has_host) continue;  // two Host headers are a request the upstream must reject
      has_host = true;
    }
    out.append(name).append(": ").append(value).append("\r\n");
  }
  if (!has_host) out.append("Host: ").append(url.authority).append("\r\n");
  if (!request.body.empty() || BodyExpected(request.method)) {
    out.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n");
  }
  // Pistache (and other servers) close after each answer unless asked to keep the connection.
  out.append("Connection: keep-alive\r\n\r\n");
  out.append(request.body);
  return out;
}

}  // namespace portcullis::proxy
