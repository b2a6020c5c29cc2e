#pragma once
// Error envelopes: how an Error travels in a reply (proto/errors.h) and how a reply is read back.
// Pure functions; the NATS adapter copies the headers in and out of natsMsg.

#include <optional>
#include <string>
#include <string_view>

#include "portcullis/common/error.h"

namespace portcullis::bus {

// What an error reply carries: both header values and the msgpack ErrorBody.
struct ErrorEnvelope {
  std::string code_header;     // Nats-Service-Error-Code: wire name, "not_found"
  std::string message_header;  // Nats-Service-Error: one line, CR/LF replaced, at most 512 bytes
  std::string body;            // msgpack {v, code, message}
};

ErrorEnvelope MakeErrorEnvelope(const Error& error);

// Reads a reply back. Returns nullopt when `code_header` is absent (a success reply). An unknown
// code (a newer server, a foreign responder) maps to kUpstreamError with the code in the detail.
// The detail is the body's message, else the message header.
std::optional<Error> ErrorFromReply(std::optional<std::string_view> code_header,
                                    std::optional<std::string_view> message_header,
                                    std::string_view body);

}  // namespace portcullis::bus
