#include "portcullis/bus/envelope.h"

#include <cstddef>

#include "portcullis/bus/codec.h"
#include "portcullis/proto/errors.h"

namespace portcullis::bus {
namespace {

constexpr std::size_t kMaxHeaderMessage = 512;

// A header value must stay on one line; NATS header parsing would otherwise split it.
std::string OneLine(std::string_view text) {
  std::string out(text.substr(0, kMaxHeaderMessage));
  for (char& c : out) {
    if (c == '\r' || c == '\n' || c == '\0') c = ' ';
  }
  return out;
}

}  // namespace

ErrorEnvelope MakeErrorEnvelope(const Error& error) {
  proto::ErrorBody body;
  body.code = std::string(ToString(error.code));
  body.message = error.detail;
  ErrorEnvelope envelope;
  envelope.code_header = body.code;
  envelope.message_header = OneLine(error.detail.empty() ? body.code : error.detail);
  envelope.body = Encode(body);
  return envelope;
}

std::optional<Error> ErrorFromReply(std::optional<std::string_view> code_header,
                                    std::optional<std::string_view> message_header,
                                    std::string_view body) {
  if (!code_header) return std::nullopt;
  std::string detail = message_header ? std::string(*message_header) : std::string();
  DecodeLimits limits;
  limits.max_bytes = std::size_t{64} * 1024;
  if (Result<proto::ErrorBody> parsed = Decode<proto::ErrorBody>(body, limits); parsed.ok()) {
    if (!parsed->message.empty()) detail = parsed->message;
  }
  if (std::optional<ErrorCode> code = ParseErrorCode(*code_header)) {
    return Error{*code, detail};
  }
  return Error{ErrorCode::kUpstreamError,
               "unknown error code '" + std::string(*code_header) + "': " + detail};
}

}  // namespace portcullis::bus
