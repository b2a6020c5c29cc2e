#include "client_auth.h"

#include "portcullis/crypto/hash.h"

namespace portcullis::dev_idp {
namespace {

std::optional<std::string> Base64Decode(std::string_view in) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (in.size() % 4 != 0) return std::nullopt;
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  size_t pad = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '=') {
      if (i + 2 < in.size()) return std::nullopt;
      ++pad;
      continue;
    }
    if (pad != 0) return std::nullopt;
    size_t v = kAlphabet.find(c);
    if (v == std::string_view::npos) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

bool SecretMatches(const Client& client, const std::string& presented) {
  return crypto::ConstantTimeEquals(crypto::AsBytes(client.secret.reveal()),
                                    crypto::AsBytes(presented));
}

}  // namespace

std::optional<BasicCredentials> ParseBasicAuthorization(const std::string& value) {
  if (value.size() < 6 ||
      (value.compare(0, 6, "Basic ") != 0 && value.compare(0, 6, "basic ") != 0)) {
    return std::nullopt;
  }
  std::optional<std::string> decoded = Base64Decode(value.substr(6));
  if (!decoded) return std::nullopt;
  size_t colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  std::optional<std::string> id = UrlDecode(decoded->substr(0, colon));
  std::optional<std::string> secret = UrlDecode(decoded->substr(colon + 1));
  if (!id || !secret || id->empty()) return std::nullopt;
  return BasicCredentials{std::move(*id), std::move(*secret)};
}

OAuthResult<const Client*> AuthenticateClient(const Directory& dir, const Params& form,
                                              const std::optional<std::string>& authorization) {
  auto form_id = form.find("client_id");
  auto form_secret = form.find("client_secret");
  if (authorization) {
    std::optional<BasicCredentials> basic = ParseBasicAuthorization(*authorization);
    if (!basic) return OAuthError::InvalidClient("malformed Basic credentials", true);
    if (form_secret != form.end()) {
      return OAuthError::InvalidRequest("client authenticated with more than one method");
    }
    if (form_id != form.end() && form_id->second != basic->client_id) {
      return OAuthError::InvalidRequest("client_id does not match the Basic credentials");
    }
    const Client* client = dir.FindClient(basic->client_id);
    if (client == nullptr || !client->confidential() || !SecretMatches(*client, basic->secret)) {
      return OAuthError::InvalidClient("client authentication failed", true);
    }
    return client;
  }
  if (form_id == form.end() || form_id->second.empty()) {
    return OAuthError::InvalidRequest("no client_id and no client authentication");
  }
  const Client* client = dir.FindClient(form_id->second);
  if (client == nullptr) return OAuthError::InvalidClient("client authentication failed", false);
  if (client->confidential()) {
    if (form_secret == form.end() || !SecretMatches(*client, form_secret->second)) {
      return OAuthError::InvalidClient("client authentication failed", false);
    }
  } else if (form_secret != form.end()) {
    return OAuthError::InvalidClient("a public client has no secret", false);
  }
  return client;
}

}  // namespace portcullis::dev_idp
