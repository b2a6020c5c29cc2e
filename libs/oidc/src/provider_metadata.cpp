#include "portcullis/oidc/provider_metadata.h"

#include <nlohmann/json.hpp>

namespace portcullis::oidc {
namespace {

using nlohmann::json;

bool IsHttpUrl(std::string_view s) {
  const size_t scheme = s.starts_with("https://") ? 8 : s.starts_with("http://") ? 7 : 0;
  if (scheme == 0 || s.size() == scheme) return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

Error Bad(std::string detail) {
  return Error{ErrorCode::kUpstreamError, "discovery document: " + std::move(detail)};
}

// A required endpoint member: present, a string, an absolute http(s) URL.
Result<std::string> Endpoint(const json& doc, const char* name, bool required) {
  auto it = doc.find(name);
  if (it == doc.end() || it->is_null()) {
    if (required) return Bad(std::string("missing ") + name);
    return std::string();
  }
  if (!it->is_string()) return Bad(std::string(name) + " is not a string");
  std::string value = it->get<std::string>();
  if (!IsHttpUrl(value)) return Bad(std::string(name) + " is not an absolute http(s) URL");
  return value;
}

Result<std::vector<std::string>> StringList(const json& doc, const char* name) {
  std::vector<std::string> out;
  auto it = doc.find(name);
  if (it == doc.end() || it->is_null()) return out;
  if (!it->is_array()) return Bad(std::string(name) + " is not an array");
  for (const json& v : *it) {
    if (!v.is_string()) return Bad(std::string(name) + " holds a non-string");
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

Result<ProviderMetadata> ParseProviderMetadata(std::string_view text,
                                               std::string_view expected_issuer) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Bad("not valid JSON");
  if (!doc.is_object()) return Bad("not a JSON object");
  ProviderMetadata m;
  auto issuer = doc.find("issuer");
  if (issuer == doc.end() || !issuer->is_string()) return Bad("missing issuer");
  m.issuer = issuer->get<std::string>();
  // OpenID Connect Discovery §4.3: the issuer must be identical to the one the document was
  // fetched for; otherwise another tenant's (or attacker's) keys could be trusted.
  if (m.issuer != expected_issuer) {
    return Bad("issuer \"" + m.issuer + "\" is not the configured \"" +
               std::string(expected_issuer) + "\"");
  }
  for (auto [field, name, required] :
       {std::tuple{&m.authorization_endpoint, "authorization_endpoint", true},
        std::tuple{&m.token_endpoint, "token_endpoint", true},
        std::tuple{&m.jwks_uri, "jwks_uri", true},
        std::tuple{&m.end_session_endpoint, "end_session_endpoint", false}}) {
    Result<std::string> value = Endpoint(doc, name, required);
    if (!value.ok()) return value.error();
    *field = std::move(*value);
  }
  Result<std::vector<std::string>> methods = StringList(doc, "code_challenge_methods_supported");
  if (!methods.ok()) return methods.error();
  m.code_challenge_methods_supported = std::move(*methods);
  Result<std::vector<std::string>> algs = StringList(doc, "id_token_signing_alg_values_supported");
  if (!algs.ok()) return algs.error();
  m.id_token_signing_alg_values_supported = std::move(*algs);
  return m;
}

Result<ProviderMetadata> FetchProviderMetadata(http::HttpFetcher& fetcher,
                                               const std::string& issuer,
                                               const http::FetchOptions& options) {
  if (!IsHttpUrl(issuer)) {
    return Error{ErrorCode::kBadRequest, "issuer is not an absolute http(s) URL: " + issuer};
  }
  std::string base = issuer;
  while (base.ends_with('/')) base.pop_back();
  const std::string url = base + "/.well-known/openid-configuration";
  const http::FetchResult r = fetcher.Get(url, options);
  if (!r.ok()) {
    return Error{ErrorCode::kUnavailable, "discovery " + url + ": " +
                                              std::string(http::ToString(r.error().code)) + ": " +
                                              r.error().detail};
  }
  if (r->status >= 500) {
    return Error{ErrorCode::kUnavailable,
                 "discovery " + url + ": HTTP " + std::to_string(r->status)};
  }
  if (r->status != 200) {
    return Error{ErrorCode::kUpstreamError,
                 "discovery " + url + ": HTTP " + std::to_string(r->status)};
  }
  return ParseProviderMetadata(r->body, issuer);
}

}  // namespace portcullis::oidc
