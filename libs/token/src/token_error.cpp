#include "portcullis/token/token_error.h"

namespace portcullis::token {

std::string_view ToString(TokenErrorCode code) {
  switch (code) {
    case TokenErrorCode::kMalformed:
      return "malformed";
    case TokenErrorCode::kUnsupportedHeader:
      return "unsupported_header";
    case TokenErrorCode::kAlgNotAllowed:
      return "alg_not_allowed";
    case TokenErrorCode::kUnknownKeyId:
      return "unknown_key_id";
    case TokenErrorCode::kKeyRejected:
      return "key_rejected";
    case TokenErrorCode::kBadSignature:
      return "bad_signature";
    case TokenErrorCode::kExpired:
      return "expired";
    case TokenErrorCode::kNotYetValid:
      return "not_yet_valid";
    case TokenErrorCode::kIssuedInFuture:
      return "issued_in_future";
    case TokenErrorCode::kTooOld:
      return "too_old";
    case TokenErrorCode::kBadIssuer:
      return "bad_issuer";
    case TokenErrorCode::kBadAudience:
      return "bad_audience";
    case TokenErrorCode::kMissingClaim:
      return "missing_claim";
    case TokenErrorCode::kInvalidClaim:
      return "invalid_claim";
    case TokenErrorCode::kKeySetUnavailable:
      return "key_set_unavailable";
    case TokenErrorCode::kNotRecognized:
      return "not_recognized";
  }
  return "malformed";
}

std::string TokenError::ToString() const {
  std::string out(token::ToString(code));
  out += ": ";
  out += detail;
  return out;
}

ErrorCode ToErrorCode(TokenErrorCode code) {
  return code == TokenErrorCode::kKeySetUnavailable ? ErrorCode::kUnavailable
                                                    : ErrorCode::kUnauthorized;
}

Error ToError(const TokenError& error) { return Error{ToErrorCode(error.code), error.ToString()}; }

}  // namespace portcullis::token
