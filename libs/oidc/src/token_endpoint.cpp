#include "portcullis/oidc/token_endpoint.h"

#include <time.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "portcullis/crypto/encoding.h"

namespace portcullis::oidc {
namespace {

using nlohmann::json;

constexpr size_t kMaxDescription = 256;
constexpr int64_t kMaxRetryAfterSeconds = 24 * 3600;

// Provider text ends up in logs and error replies: keep it short and on one line.
std::string CleanDescription(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, kMaxDescription)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? ' ' : c;
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// RFC 9110 §10.2.3: delta-seconds or an HTTP-date (IMF-fixdate).
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, int64_t now_unix) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    int64_t n = 0;
    for (char c : value) {
      n = n * 10 + (c - '0');
      if (n > kMaxRetryAfterSeconds) return std::chrono::seconds(kMaxRetryAfterSeconds);
    }
    return std::chrono::seconds(n);
  }
  std::tm tm{};
  const std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const int64_t at = timegm(&tm);
  return std::chrono::seconds(std::clamp<int64_t>(at - now_unix, 0, kMaxRetryAfterSeconds));
}

void AppendFormComponent(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' || c == '*') {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
}

TokenEndpointError MakeError(TokenErrorKind kind, int status, std::string oauth_error,
                             std::string description) {
  TokenEndpointError e;
  e.kind = kind;
  e.http_status = status;
  e.oauth_error = std::move(oauth_error);
  e.description = CleanDescription(description);
  return e;
}

TokenEndpointResult ParseSuccess(const http::HttpResponse& response) {
  const json doc = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  auto bad = [&](std::string detail) {
    return MakeError(TokenErrorKind::kBadResponse, response.status, "", std::move(detail));
  };
  if (doc.is_discarded() || !doc.is_object()) return bad("token response is not a JSON object");
  TokenResponse t;
  auto str = [&](const char* name, std::string* out, bool required) -> bool {
    auto it = doc.find(name);
    if (it == doc.end() || it->is_null()) return !required;
    if (!it->is_string()) return false;
    *out = it->get<std::string>();
    return !required || !out->empty();
  };
  if (!str("access_token", &t.access_token, true)) return bad("access_token missing or invalid");
  if (!str("token_type", &t.token_type, true)) return bad("token_type missing or invalid");
  if (!EqualsIgnoreCase(t.token_type, "bearer")) {
    return bad("token_type \"" + t.token_type + "\" is not Bearer");
  }
  if (!str("refresh_token", &t.refresh_token, false)) return bad("refresh_token is not a string");
  if (!str("id_token", &t.id_token, false)) return bad("id_token is not a string");
  if (!str("scope", &t.scope, false)) return bad("scope is not a string");
  if (auto it = doc.find("expires_in"); it != doc.end() && !it->is_null()) {
    // Entra's v1 endpoint sends expires_in as a string of digits.
    int64_t seconds = -1;
    if (it->is_number_integer()) {
      seconds = it->get<int64_t>();
    } else if (it->is_number_unsigned()) {
      seconds = static_cast<int64_t>(std::min<uint64_t>(it->get<uint64_t>(), INT32_MAX));
    } else if (it->is_string()) {
      const std::string s = it->get<std::string>();
      if (!s.empty() && s.size() <= 10 &&
          std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        seconds = std::stoll(s);
      }
    }
    if (seconds < 0) return bad("expires_in is not a non-negative integer");
    t.expires_in = std::chrono::seconds(seconds);
  }
  return t;
}

TokenEndpointError ParseFailure(const http::HttpResponse& response, int64_t now_unix) {
  std::string oauth_error;
  std::string description;
  const json doc = json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_discarded() && doc.is_object()) {
    if (auto it = doc.find("error"); it != doc.end() && it->is_string()) {
      oauth_error = CleanDescription(it->get<std::string>());
    }
    if (auto it = doc.find("error_description"); it != doc.end() && it->is_string()) {
      description = it->get<std::string>();
    }
  }
  const int status = response.status;
  if (description.empty()) {
    description = "HTTP " + std::to_string(status) + (oauth_error.empty() ? "" : " " + oauth_error);
  }
  TokenErrorKind kind = TokenErrorKind::kRejected;
  if (status == 429) {
    kind = TokenErrorKind::kRateLimited;
  } else if (status >= 500) {
    kind = TokenErrorKind::kServerError;
  } else if (oauth_error == "invalid_grant") {
    kind = TokenErrorKind::kInvalidGrant;
  } else if (oauth_error == "invalid_client" || oauth_error == "unauthorized_client" ||
             (status == 401 && oauth_error.empty())) {
    kind = TokenErrorKind::kInvalidClient;
  } else if (oauth_error == "temporarily_unavailable" || oauth_error == "server_error") {
    kind = TokenErrorKind::kServerError;
  } else if (status < 400 || oauth_error.empty()) {
    kind = TokenErrorKind::kBadResponse;
  }
  TokenEndpointError e = MakeError(kind, status, std::move(oauth_error), description);
  if (auto retry = response.Header("retry-after"))
    e.retry_after = ParseRetryAfter(*retry, now_unix);
  return e;
}

}  // namespace

std::string_view ToString(TokenErrorKind kind) {
  switch (kind) {
    case TokenErrorKind::kInvalidGrant:
      return "invalid_grant";
    case TokenErrorKind::kInvalidClient:
      return "invalid_client";
    case TokenErrorKind::kRateLimited:
      return "rate_limited";
    case TokenErrorKind::kServerError:
      return "server_error";
    case TokenErrorKind::kRejected:
      return "rejected";
    case TokenErrorKind::kBadResponse:
      return "bad_response";
    case TokenErrorKind::kTransport:
      return "transport";
  }
  return "unknown";
}

ErrorCode TokenEndpointError::ToErrorCode() const {
  switch (kind) {
    case TokenErrorKind::kInvalidGrant:
      return ErrorCode::kUnauthorized;
    case TokenErrorKind::kRateLimited:
    case TokenErrorKind::kServerError:
    case TokenErrorKind::kTransport:
      return ErrorCode::kUnavailable;
    case TokenErrorKind::kInvalidClient:
    case TokenErrorKind::kRejected:
    case TokenErrorKind::kBadResponse:
      return ErrorCode::kUpstreamError;
  }
  return ErrorCode::kUpstreamError;
}

std::string FormUrlEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    AppendFormComponent(name, out);
    out += '=';
    AppendFormComponent(value, out);
  }
  return out;
}

TokenEndpointResult ParseTokenResponse(const http::HttpResponse& response, int64_t now_unix) {
  if (response.status == 200) return ParseSuccess(response);
  return ParseFailure(response, now_unix);
}

TokenEndpointClient::TokenEndpointClient(http::HttpFetcher& fetcher, const Clock& clock,
                                         std::string token_endpoint, ClientCredentials credentials,
                                         http::FetchOptions options)
    : fetcher_(fetcher),
      clock_(clock),
      endpoint_(std::move(token_endpoint)),
      credentials_(std::move(credentials)),
      options_(options) {}

TokenEndpointResult TokenEndpointClient::ExchangeCode(const std::string& code,
                                                      const std::string& code_verifier,
                                                      const std::string& redirect_uri) const {
  return Call({{"grant_type", "authorization_code"},
               {"code", code},
               {"redirect_uri", redirect_uri},
               {"code_verifier", code_verifier}});
}

TokenEndpointResult TokenEndpointClient::Refresh(const std::string& refresh_token,
                                                 const std::string& scope) const {
  std::vector<std::pair<std::string, std::string>> fields = {{"grant_type", "refresh_token"},
                                                             {"refresh_token", refresh_token}};
  if (!scope.empty()) fields.emplace_back("scope", scope);
  return Call(std::move(fields));
}

TokenEndpointResult TokenEndpointClient::OnBehalfOf(const std::string& assertion,
                                                    const std::string& scope) const {
  return Call({{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"},
               {"assertion", assertion},
               {"scope", scope},
               {"requested_token_use", "on_behalf_of"}});
}

TokenEndpointResult TokenEndpointClient::Call(
    std::vector<std::pair<std::string, std::string>> fields) const {
  std::vector<std::pair<std::string, std::string>> headers = {{"Accept", "application/json"}};
  switch (credentials_.method) {
    case ClientAuthMethod::kClientSecretBasic: {
      // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64'd.
      std::string pair;
      AppendFormComponent(credentials_.client_id, pair);
      pair += ':';
      AppendFormComponent(credentials_.client_secret.reveal(), pair);
      headers.emplace_back("Authorization", "Basic " + crypto::Base64Encode(crypto::AsBytes(pair)));
      break;
    }
    case ClientAuthMethod::kClientSecretPost:
      fields.emplace_back("client_id", credentials_.client_id);
      fields.emplace_back("client_secret", credentials_.client_secret.reveal());
      break;
    case ClientAuthMethod::kNone:
      fields.emplace_back("client_id", credentials_.client_id);
      break;
  }
  const http::FetchResult r = fetcher_.Post(endpoint_, "application/x-www-form-urlencoded",
                                            FormUrlEncode(fields), headers, options_);
  if (!r.ok()) {
    return MakeError(
        TokenErrorKind::kTransport, 0, "",
        "token endpoint: " + std::string(http::ToString(r.error().code)) + ": " + r.error().detail);
  }
  return ParseTokenResponse(*r, ToUnixSeconds(clock_.Now()));
}

}  // namespace portcullis::oidc
