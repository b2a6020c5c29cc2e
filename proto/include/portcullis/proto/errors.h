#pragma once
// The error half of the wire contract (ARCHITECTURE.md "Wire contract"). The closed code list is
// portcullis::ErrorCode (libs/common/error.h); its wire spellings come from
// ToString/ParseErrorCode. An error reply carries both NATS headers below and an ErrorBody as its
// msgpack payload.

#include <msgpack.hpp>

#include <array>
#include <string>
#include <string_view>

#include "portcullis/common/error.h"

namespace portcullis::proto {

using ::portcullis::ErrorCode;

// Every code a reply may carry, in the order proto/README.md documents them.
inline constexpr std::array<ErrorCode, 8> kErrorCodes = {
    ErrorCode::kBadRequest,    ErrorCode::kNotFound, ErrorCode::kUnauthorized,
    ErrorCode::kForbidden,     ErrorCode::kConflict, ErrorCode::kUnavailable,
    ErrorCode::kUpstreamError, ErrorCode::kInternal,
};

// Header names of the NATS services protocol: the code (e.g. "not_found") and a human message.
inline constexpr std::string_view kErrorCodeHeader = "Nats-Service-Error-Code";
inline constexpr std::string_view kErrorHeader = "Nats-Service-Error";

// The payload of every error reply: {"v":1,"code":"not_found","message":"session expired"}.
struct ErrorBody {
  int v = 1;
  std::string code;     // one of kErrorCodes, wire spelling
  std::string message;  // for operators; never carries secrets
  MSGPACK_DEFINE_MAP(v, code, message);
};

}  // namespace portcullis::proto
