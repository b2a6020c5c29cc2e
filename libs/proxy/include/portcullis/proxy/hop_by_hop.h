#pragma once
// Hop-by-hop header handling (RFC 9110 §7.6.1) for both directions of the proxy. Pure.
//
//   RemoveHopByHopHeaders(headers);   // request to the upstream, or response to the client

#include <string_view>

#include "portcullis/proxy/upstream_proxy.h"

namespace portcullis::proxy {

// True for Connection, Keep-Alive, Proxy-Connection, Proxy-Authenticate, Proxy-Authorization,
// TE, Trailer, Transfer-Encoding and Upgrade (any letter case).
bool IsHopByHopHeader(std::string_view name);

// Removes every hop-by-hop header and every header named in a Connection header's
// comma-separated list (any letter case, any number of Connection headers). Keeps the order of
// the rest.
void RemoveHopByHopHeaders(HeaderList& headers);

// Whether a client connection stays open after the answer (RFC 9112 section 9.3): HTTP/1.1
// unless a `close` token is in `connection` (the Connection header's value, "" when absent);
// HTTP/1.0 only with a `keep-alive` token.
bool ConnectionPersists(bool http_1_1, std::string_view connection);

// ASCII case-insensitive equality, as header names compare.
bool HeaderNameEquals(std::string_view a, std::string_view b);

}  // namespace portcullis::proxy
