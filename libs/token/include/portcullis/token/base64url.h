#pragma once
// Strict base64url (RFC 4648 §5) as JWS requires (RFC 7515 §2): the alphabet [A-Za-z0-9_-] only,
// no padding, no whitespace, no length ≡ 1 (mod 4), and the unused trailing bits must be zero so
// that every byte string has exactly one encoding (a lenient decoder makes signatures malleable).
//
//   std::string out;
//   if (!Base64UrlDecode(segment, out)) return Malformed("bad base64url");
//
// Pure functions, thread-safe.

#include <string>
#include <string_view>

namespace portcullis::token {

// Decodes `in` into `out` (replacing its contents). Returns false, leaving `out` unspecified, when
// `in` is not canonical strict base64url. The empty string decodes to the empty string.
bool Base64UrlDecode(std::string_view in, std::string& out);

// Encodes `in` as unpadded base64url.
std::string Base64UrlEncode(std::string_view in);

// Appends the unpadded base64url encoding of `in` to `out`.
void AppendBase64Url(std::string_view in, std::string& out);

}  // namespace portcullis::token
