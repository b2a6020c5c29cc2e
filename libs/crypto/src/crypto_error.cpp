#include "portcullis/crypto/crypto_error.h"

#include <array>
#include <utility>

namespace portcullis::crypto {
namespace {

constexpr std::array<std::pair<CryptoError, std::string_view>, 5> kNames{{
    {CryptoError::kMalformed, "malformed"},
    {CryptoError::kAuthenticationFailed, "authentication_failed"},
    {CryptoError::kUnknownKeyId, "unknown_key_id"},
    {CryptoError::kBadKey, "bad_key"},
    {CryptoError::kInternal, "internal"},
}};

constexpr std::string_view kSeparator = ": ";

}  // namespace

std::string_view ToString(CryptoError error) {
  for (const auto& [e, name] : kNames) {
    if (e == error) return name;
  }
  return "internal";
}

ErrorCode ToErrorCode(CryptoError error) {
  switch (error) {
    case CryptoError::kMalformed:
    case CryptoError::kAuthenticationFailed:
    case CryptoError::kUnknownKeyId:
      return ErrorCode::kBadRequest;
    case CryptoError::kBadKey:
    case CryptoError::kInternal:
      return ErrorCode::kInternal;
  }
  return ErrorCode::kInternal;
}

Error MakeCryptoError(CryptoError error, std::string_view detail) {
  std::string text(ToString(error));
  text += kSeparator;
  text += detail;
  return Error{ToErrorCode(error), std::move(text)};
}

std::optional<CryptoError> CryptoErrorOf(const Error& error) {
  const std::string_view detail = error.detail;
  for (const auto& [e, name] : kNames) {
    if (ToErrorCode(e) == error.code && detail.size() >= name.size() + kSeparator.size() &&
        detail.substr(0, name.size()) == name &&
        detail.substr(name.size(), kSeparator.size()) == kSeparator) {
      return e;
    }
  }
  return std::nullopt;
}

}  // namespace portcullis::crypto
