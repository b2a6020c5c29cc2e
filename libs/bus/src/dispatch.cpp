#include "portcullis/bus/dispatch.h"

#include <spdlog/spdlog.h>

#include <exception>

namespace portcullis::bus {
namespace {

DispatchResult Failure(Error error) {
  DispatchResult result;
  result.error = MakeErrorEnvelope(error);
  result.cause = std::move(error);
  return result;
}

}  // namespace

DispatchResult Dispatch(const RawHandler& handler, std::string_view endpoint,
                        std::string_view payload, const DecodeLimits& limits) {
  if (payload.size() > limits.max_bytes) {
    return Failure(Error{ErrorCode::kBadRequest, "payload of " + std::to_string(payload.size()) +
                                                     " bytes exceeds the limit of " +
                                                     std::to_string(limits.max_bytes)});
  }
  try {
    Result<std::string> reply = handler(payload, limits);
    if (!reply.ok()) return Failure(reply.error());
    DispatchResult result;
    result.body = std::move(*reply);
    return result;
  } catch (const std::exception& e) {
    spdlog::error("bus endpoint {}: handler threw: {}", endpoint, e.what());
  } catch (...) {
    spdlog::error("bus endpoint {}: handler threw a non-standard exception", endpoint);
  }
  return Failure(Error{ErrorCode::kInternal, "internal error"});
}

}  // namespace portcullis::bus
