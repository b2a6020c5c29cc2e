#pragma once
// Parsing a JWS in compact serialization (RFC 7515 §7.1) strictly, before any key is touched:
// exactly three strict base64url segments, the size limit checked first, a header and claims that
// are each a strict UTF-8 JSON object, and the header rules of JWT-RULES.md (§6 none, §10 header
// keys ignored, §11 crit/b64, §15 alg, §20 Graph nonce).
//
//   TokenResult<ParsedJws> jws = ParseJws(token, policy.max_token_bytes);
//   if (!jws.ok()) return jws.error();          // kMalformed, kAlgNotAllowed, kUnsupportedHeader
//
// Pure and thread-safe. The ParsedJws owns its decoded parts; it does not keep `token`.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "portcullis/token/algorithm.h"
#include "portcullis/token/json.h"
#include "portcullis/token/jwks.h"
#include "portcullis/token/token_error.h"

namespace portcullis::token {

inline constexpr size_t kDefaultMaxTokenBytes = 256000;

struct JwsHeader {
  Algorithm alg = Algorithm::kRS256;
  KeyId kid;
  std::optional<std::string> typ;
};

struct ParsedJws {
  JwsHeader header;
  std::shared_ptr<const JsonDocument> header_json;
  std::shared_ptr<const JsonDocument> claims_json;
  std::string signature;      // decoded bytes
  size_t signing_input_size;  // token.substr(0, signing_input_size) is the signed text
};

// Errors: kMalformed (size, structure, base64url, JSON, alg missing/empty/not a string),
// kAlgNotAllowed ("none" in any spelling, or an alg Portcullis does not implement),
// kUnsupportedHeader (crit in any form, b64, nonce).
TokenResult<ParsedJws> ParseJws(std::string_view token, size_t max_bytes = kDefaultMaxTokenBytes);

// Only splits and decodes, with no header rules and no JSON requirement on the payload: for
// `authctl token decode` and the RFC 8037 example whose payload is plain text.
struct JwsSegments {
  std::string header, payload, signature;  // decoded bytes
};
TokenResult<JwsSegments> SplitJws(std::string_view token, size_t max_bytes = kDefaultMaxTokenBytes);

}  // namespace portcullis::token
