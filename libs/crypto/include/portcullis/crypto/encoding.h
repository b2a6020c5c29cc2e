#pragma once
// Text encodings for bytes: base64url without padding (RFC 4648 §5, as JOSE uses it), standard
// padded base64 (§4, for HTTP Basic credentials) and lower-case hex. Pure functions, thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "portcullis/crypto/bytes.h"

namespace portcullis::crypto {

// Base64url, no '=' padding.
std::string Base64UrlEncode(ByteView data);

// Strict inverse of Base64UrlEncode: rejects '+', '/', '=', whitespace, an impossible length and
// non-zero unused trailing bits (so every byte string has exactly one accepted spelling).
// nullopt on any of those.
std::optional<Bytes> Base64UrlDecode(std::string_view text);

// Standard base64 with '=' padding (RFC 4648 §4).
std::string Base64Encode(ByteView data);

// Lower-case hex, two characters per byte.
std::string HexEncode(ByteView data);

// Accepts upper or lower case; nullopt on odd length or a non-hex character.
std::optional<Bytes> HexDecode(std::string_view text);

}  // namespace portcullis::crypto
