#include "request_writer.h"

#include <algorithm>

#include "portcullis/proxy/hop_by_hop.h"

namespace portcullis::proxy {
namespace {

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), IsTokenChar);
}

bool IsFieldValue(std::string_view s) {
  return std::none_of(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
  });
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
  std::string out;
  out.reserve(128 + url.target.size() + request.body.size());
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
