#pragma once
// Serialises an UpstreamRequest for a pooled HTTP/1.1 connection. Pure.
//
// The engine owns framing: hop-by-hop headers, Content-Length and Transfer-Encoding from the
// caller are dropped and replaced by `Content-Length: <body size>` and
// `Connection: keep-alive`, so no caller-supplied header can make the upstream read the body
// (or a second request) differently from how we sent it.

#include <optional>
#include <string>

#include "portcullis/proxy/upstream_proxy.h"
#include "upstream_url.h"

namespace portcullis::proxy {

// The request bytes, or nullopt (detail in `*error`) when the method is not a token or a header
// name/value contains bytes that could split the head (CR, LF, NUL, other controls).
std::optional<std::string> SerializeUpstreamRequest(const UpstreamRequest& request,
                                                    const UpstreamUrl& url, std::string* error);

// GET, HEAD, OPTIONS, TRACE, PUT, DELETE: safe to send again after a pooled connection turned
// out to be closed before any answer byte arrived.
bool IsIdempotentMethod(std::string_view method);

}  // namespace portcullis::proxy
