#pragma once
// What a service endpoint does with one request payload, without NATS: decode within limits,
// call the handler, encode the reply or the error envelope. Every call yields exactly one reply;
// nothing thrown by the handler escapes (it becomes `internal` plus one log line).

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "portcullis/bus/codec.h"
#include "portcullis/bus/envelope.h"
#include "portcullis/common/result.h"

namespace portcullis::bus {

// A type-erased endpoint: payload in, encoded reply or Error out. May throw; Dispatch catches.
using RawHandler =
    std::function<Result<std::string>(std::string_view payload, const DecodeLimits& limits)>;

// Wraps a typed handler: Decode<Req> (failure: bad_request), call, Encode(Resp).
template <typename Req, typename Resp>
RawHandler MakeRawHandler(std::function<Result<Resp>(const Req&)> handler) {
  return [h = std::move(handler)](std::string_view payload,
                                  const DecodeLimits& limits) -> Result<std::string> {
    Result<Req> request = Decode<Req>(payload, limits);
    if (!request.ok()) return request.error();
    Result<Resp> response = h(*request);
    if (!response.ok()) return response.error();
    return Encode(*response);
  };
}

struct DispatchResult {
  std::string body;                    // the reply payload when error is empty
  std::optional<ErrorEnvelope> error;  // headers + body of an error reply
  std::optional<Error> cause;          // the error, for statistics (detail kept server-side)
};

// Runs `handler` on `payload`. An exception becomes Error{kInternal, "internal error"} on the
// wire, and one spdlog error line naming `endpoint` and what() here.
DispatchResult Dispatch(const RawHandler& handler, std::string_view endpoint,
                        std::string_view payload, const DecodeLimits& limits);

}  // namespace portcullis::bus
