#pragma once
// Precise token errors inside, coarse outside (STYLE.md "Time, errors, state"): every verify,
// parse and key-set call returns a TokenResult<T> holding either a value or a TokenError with a
// precise TokenErrorCode and a detail for logs. ToError() maps onto the suite's closed ErrorCode
// list at the library's edge (a client only ever sees 401 or 503).
//
//   TokenResult<VerifiedToken> r = VerifyJws(token, keys, policy, now);
//   if (!r.ok()) log.Warn("{}", r.error().ToString());   // "expired: exp 1700000000 <= now ..."

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "portcullis/common/error.h"

namespace portcullis::token {

enum class TokenErrorCode {
  kMalformed,          // not a strict JWS compact token / JSON / base64url, or too large
  kUnsupportedHeader,  // crit, b64 or a Graph-style nonce in the header
  kAlgNotAllowed,      // alg none, not on the allow-list, or unknown
  kUnknownKeyId,       // no key (or more than one key) in the set fits kid / alg
  kKeyRejected,        // the chosen key does not fit the alg, or is too weak
  kBadSignature,       // the signature does not verify (or has the wrong length/encoding)
  kExpired,            // now >= exp + leeway
  kNotYetValid,        // nbf > now + leeway
  kIssuedInFuture,     // iat > now + leeway
  kTooOld,             // now - iat > max_age + leeway
  kBadIssuer,          // iss is not one of the configured issuers
  kBadAudience,        // aud holds none of the configured audiences
  kMissingClaim,       // a required claim (exp, iss, aud, or a policy's required claim) is absent
  kInvalidClaim,       // a registered claim has the wrong JSON type (exp as a string, ...)
  kKeySetUnavailable,  // the key set could not be fetched or parsed
  kNotRecognized,      // a CompositeVerifier provider does not recognise the credential
};

// The wire spelling used in logs and by `authctl token verify`: "malformed", "bad_signature", ...
std::string_view ToString(TokenErrorCode code);

struct TokenError {
  TokenErrorCode code = TokenErrorCode::kMalformed;
  std::string detail;

  // "<code>: <detail>".
  std::string ToString() const;
  friend bool operator==(const TokenError&, const TokenError&) = default;
};

// kKeySetUnavailable -> ErrorCode::kUnavailable; everything else -> ErrorCode::kUnauthorized.
ErrorCode ToErrorCode(TokenErrorCode code);
Error ToError(const TokenError& error);

inline TokenError MakeTokenError(TokenErrorCode code, std::string detail) {
  return TokenError{code, std::move(detail)};
}

// A value or a TokenError, shaped like portcullis::Result<T>.
template <typename T>
class [[nodiscard]] TokenResult {
 public:
  TokenResult(T value) : v_(std::move(value)) {}           // NOLINT(google-explicit-constructor)
  TokenResult(TokenError error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  TokenResult(TokenErrorCode code, std::string detail) : v_(TokenError{code, std::move(detail)}) {}

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  T& value() & {
    assert(ok());
    return std::get<T>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const TokenError& error() const {
    assert(!ok());
    return std::get<TokenError>(v_);
  }
  TokenErrorCode code() const { return error().code; }

 private:
  std::variant<T, TokenError> v_;
};

}  // namespace portcullis::token

namespace portcullis::token {

// TokenResult<Ok> is a status: ok, or a TokenError.
struct Ok {};
using TokenStatus = TokenResult<Ok>;

}  // namespace portcullis::token
