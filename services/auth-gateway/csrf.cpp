#include "csrf.h"

#include <algorithm>
#include <cctype>

#include "portcullis/crypto/encoding.h"
#include "portcullis/crypto/hash.h"

namespace portcullis::gateway {
namespace {

constexpr std::string_view kCsrfLabel = "portcullis-csrf-v1|";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool IsUnsafeMethod(std::string_view method) {
  return !(method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "TRACE");
}

std::string DeriveCsrfToken(const SecretString& key, std::string_view session_id) {
  std::string message(kCsrfLabel);
  message += session_id;
  crypto::Digest mac = crypto::HmacSha256(crypto::AsBytes(key.reveal()), crypto::AsBytes(message));
  return crypto::Base64UrlEncode(mac);
}

bool CsrfTokenMatches(const SecretString& key, std::string_view session_id,
                      std::string_view presented) {
  std::string expected = DeriveCsrfToken(key, session_id);
  // Lengths are public (always 43); the contents are compared without early exit.
  return crypto::ConstantTimeEquals(crypto::AsBytes(expected), crypto::AsBytes(presented));
}

std::string_view ToString(CsrfVerdict verdict) {
  switch (verdict) {
    case CsrfVerdict::kOk:
      return "ok";
    case CsrfVerdict::kCrossSite:
      return "cross_site_request";
    case CsrfVerdict::kBadOrigin:
      return "origin_not_allowed";
    case CsrfVerdict::kMissingToken:
      return "csrf_token_missing";
    case CsrfVerdict::kTokenMismatch:
      return "csrf_token_mismatch";
  }
  return "unknown";
}

CsrfVerdict CheckUnsafeRequest(const CsrfInput& in, const SecretString& key,
                               std::string_view session_id,
                               const std::vector<std::string>& allowed_origins) {
  if (!IsUnsafeMethod(in.method)) return CsrfVerdict::kOk;
  if (in.sec_fetch_site && Lower(*in.sec_fetch_site) == "cross-site") {
    return CsrfVerdict::kCrossSite;
  }
  if (!in.origin) return CsrfVerdict::kBadOrigin;
  std::optional<std::string> origin = OriginOf(*in.origin);
  if (!origin ||
      std::find(allowed_origins.begin(), allowed_origins.end(), *origin) == allowed_origins.end()) {
    return CsrfVerdict::kBadOrigin;
  }
  if (!in.csrf_header || in.csrf_header->empty()) return CsrfVerdict::kMissingToken;
  if (!CsrfTokenMatches(key, session_id, *in.csrf_header)) return CsrfVerdict::kTokenMismatch;
  return CsrfVerdict::kOk;
}

std::optional<std::string> OriginOf(std::string_view url) {
  size_t colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  std::string scheme = Lower(url.substr(0, colon));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(colon + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  for (char c : authority) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '\\') return std::nullopt;
  }
  std::string host = Lower(authority);
  if ((scheme == "http" && host.ends_with(":80")) ||
      (scheme == "https" && host.ends_with(":443"))) {
    host.resize(host.rfind(':'));
  }
  return scheme + "://" + host;
}

}  // namespace portcullis::gateway
