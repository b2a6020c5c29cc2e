#pragma once
// Client: typed request/reply over a Connection.
//
//   Client client(conn);
//   Result<SessionView> r = client.Request<GetRequest, SessionView>(
//       session::v1::GetSubject(prefix), GetRequest{.session_id = id}, std::chrono::seconds(2));
//   if (!r.ok() && r.code() == ErrorCode::kNotFound) ...
//
// Errors: the service's own code (not_found, forbidden, ...) from the error headers;
// kUnavailable at once when nobody serves the subject, after `deadline` on a timeout, and when
// the connection is down; kBadRequest when the reply does not decode as Resp. Thread-safe.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/bus/codec.h"
#include "portcullis/bus/connection.h"
#include "portcullis/common/result.h"

namespace portcullis::bus {

class Client {
 public:
  // `connection` must outlive the Client. Replies are decoded within `limits`.
  explicit Client(Connection& connection, DecodeLimits limits = {});

  template <typename Req, typename Resp>
  Result<Resp> Request(std::string_view subject, const Req& request,
                       std::chrono::milliseconds deadline) {
    Result<std::string> reply = RequestRaw(subject, Encode(request), deadline);
    if (!reply.ok()) return reply.error();
    Result<Resp> decoded = Decode<Resp>(*reply, limits_);
    if (!decoded.ok()) {
      return Error{ErrorCode::kBadRequest, "reply from " + std::string(subject) +
                                               " does not decode: " + decoded.error().detail};
    }
    return decoded;
  }

  // One request, the raw reply payload back; error replies become their Error.
  Result<std::string> RequestRaw(std::string_view subject, std::string_view payload,
                                 std::chrono::milliseconds deadline);

  // Publishes one request and collects every reply that arrives within `window` (at most
  // `max_replies`): for discovery ($SRV.INFO), where every instance answers. An empty vector
  // when nobody answered.
  Result<std::vector<std::string>> Gather(std::string_view subject, std::string_view payload,
                                          std::chrono::milliseconds window,
                                          std::size_t max_replies = 1000);

 private:
  Connection& connection_;
  DecodeLimits limits_;
};

}  // namespace portcullis::bus
