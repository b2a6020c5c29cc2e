#pragma once
// The request headers the upstream sees (issue 7 "The proxy"): hop-by-hop headers (RFC 9110
// §7.6.1, plus every name the client listed in Connection), the client's Authorization, our
// session cookie, our CSRF header and any client-sent X-Forwarded-*/Forwarded/X-Request-Id are
// removed; then Authorization: Bearer <token>, X-Request-Id and X-Forwarded-For/Proto/Host are
// set by us. Other cookies are passed on. Pure; the hop-by-hop rules are libs/proxy's
// (hop_by_hop.h), the same the engine applies to answers.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portcullis::gateway {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct ForwardContext {
  std::string bearer_token;  // "" forwards no Authorization (public routes, anonymous)
  std::string request_id;
  std::string client_address;  // X-Forwarded-For (we are the edge: client values are dropped)
  std::string proto;           // "http" | "https": the public base URL's scheme
  std::string host;            // X-Forwarded-Host: the Host the client asked for
  std::string session_cookie_name;
};

// `client_headers` as received (any case). The result keeps the client's order for the headers
// it keeps and appends ours.
HeaderList BuildUpstreamHeaders(const HeaderList& client_headers, const ForwardContext& context);

// ASCII case-insensitive equality, as header names compare (libs/proxy's HeaderNameEquals).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace portcullis::gateway
