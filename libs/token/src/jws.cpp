#include "portcullis/token/jws.h"

#include "portcullis/token/base64url.h"

namespace portcullis::token {
namespace {

TokenError Malformed(std::string detail) {
  return TokenError{TokenErrorCode::kMalformed, std::move(detail)};
}

bool IsNone(std::string_view alg) {
  if (alg.size() != 4) return false;
  static constexpr std::string_view kNone = "none";
  for (size_t i = 0; i < 4; ++i) {
    const char c = alg[i] >= 'A' && alg[i] <= 'Z' ? static_cast<char>(alg[i] - 'A' + 'a') : alg[i];
    if (c != kNone[i]) return false;
  }
  return true;
}

TokenStatus Split(std::string_view token, size_t max_bytes, std::string_view (&parts)[3]) {
  // Checked before anything else reads the token (JWT-RULES.md §16).
  if (token.size() > max_bytes) {
    return Malformed("token of " + std::to_string(token.size()) + " bytes exceeds the limit of " +
                     std::to_string(max_bytes));
  }
  if (token.empty()) return Malformed("empty token");
  const size_t first = token.find('.');
  const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return Malformed("a JWS compact token has exactly three segments");
  }
  parts[0] = token.substr(0, first);
  parts[1] = token.substr(first + 1, second - first - 1);
  parts[2] = token.substr(second + 1);
  if (parts[0].empty() || parts[1].empty()) return Malformed("empty header or payload segment");
  return Ok{};
}

TokenResult<std::shared_ptr<const JsonDocument>> ParseObject(std::string bytes,
                                                             std::string_view what) {
  auto doc = JsonDocument::Parse(std::move(bytes));
  if (!doc.ok()) return Malformed(std::string(what) + ": " + doc.error().detail);
  if (!doc->root().is_object()) return Malformed(std::string(what) + " is not a JSON object");
  return std::make_shared<const JsonDocument>(std::move(*doc));
}

TokenStatus ReadHeader(JsonValue h, JwsHeader& out) {
  const auto alg = h.Find("alg");
  if (!alg || !alg->is_string() || alg->AsString().empty()) {
    return Malformed("header alg is missing, empty or not a string");
  }
  if (IsNone(alg->AsString())) {
    return TokenError{TokenErrorCode::kAlgNotAllowed, "alg none is never accepted"};
  }
  const auto parsed = ParseAlgorithm(alg->AsString());
  if (!parsed) {
    return TokenError{TokenErrorCode::kAlgNotAllowed,
                      "unsupported alg \"" + std::string(alg->AsString()) + "\""};
  }
  out.alg = *parsed;
  // We understand no extension, so any crit - well-formed or not - must fail (RFC 7515 §4.1.11).
  if (h.Find("crit"))
    return TokenError{TokenErrorCode::kUnsupportedHeader, "crit is not supported"};
  if (h.Find("b64")) return TokenError{TokenErrorCode::kUnsupportedHeader, "b64 is not supported"};
  // Graph access tokens carry a header nonce and are not meant to be verified by third parties.
  if (h.Find("nonce")) {
    return TokenError{TokenErrorCode::kUnsupportedHeader, "header nonce (Graph token) refused"};
  }
  if (const auto kid = h.Find("kid")) {
    out.kid.present = true;
    out.kid.is_string = kid->is_string();
    if (kid->is_string()) out.kid.value = std::string(kid->AsString());
  }
  if (const auto typ = h.Find("typ"); typ && typ->is_string())
    out.typ = std::string(typ->AsString());
  // jku, x5u, jwk and x5c are deliberately never read: keys come only from the configured set.
  return Ok{};
}

}  // namespace

TokenResult<JwsSegments> SplitJws(std::string_view token, size_t max_bytes) {
  std::string_view parts[3];
  if (auto s = Split(token, max_bytes, parts); !s.ok()) return s.error();
  JwsSegments out;
  if (!Base64UrlDecode(parts[0], out.header) || !Base64UrlDecode(parts[1], out.payload) ||
      !Base64UrlDecode(parts[2], out.signature)) {
    return Malformed("segment is not strict base64url");
  }
  return out;
}

TokenResult<ParsedJws> ParseJws(std::string_view token, size_t max_bytes) {
  std::string_view parts[3];
  if (auto s = Split(token, max_bytes, parts); !s.ok()) return s.error();
  if (parts[2].empty()) {
    // An unsecured JWS: say "none" if that is what it claims, malformed otherwise.
    std::string header;
    if (Base64UrlDecode(parts[0], header) && header.find("\"alg\"") != std::string::npos) {
      auto doc = JsonDocument::Parse(header);
      if (doc.ok()) {
        const auto alg = doc->root().Find("alg");
        if (alg && alg->is_string() && IsNone(alg->AsString())) {
          return TokenError{TokenErrorCode::kAlgNotAllowed, "alg none is never accepted"};
        }
      }
    }
    return Malformed("empty signature segment");
  }
  std::string header_bytes, payload_bytes;
  ParsedJws jws;
  if (!Base64UrlDecode(parts[0], header_bytes)) return Malformed("header is not strict base64url");
  if (!Base64UrlDecode(parts[1], payload_bytes))
    return Malformed("payload is not strict base64url");
  if (!Base64UrlDecode(parts[2], jws.signature)) {
    return Malformed("signature is not strict base64url");
  }
  auto header = ParseObject(std::move(header_bytes), "header");
  if (!header.ok()) return header.error();
  jws.header_json = std::move(*header);
  if (auto s = ReadHeader(jws.header_json->root(), jws.header); !s.ok()) return s.error();
  auto claims = ParseObject(std::move(payload_bytes), "claims");
  if (!claims.ok()) return claims.error();
  jws.claims_json = std::move(*claims);
  jws.signing_input_size = parts[0].size() + 1 + parts[1].size();
  return jws;
}

}  // namespace portcullis::token
