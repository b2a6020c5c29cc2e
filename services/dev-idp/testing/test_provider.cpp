#include "testing/test_provider.h"

#include <cstdlib>
#include <iostream>

#include "pkce.h"

namespace portcullis::dev_idp::testing {

Directory DefaultDirectory() {
  Result<Directory> dir = LoadDirectoryFile(DEVIDP_DEFAULT_USERS_FILE);
  if (!dir.ok()) {
    std::cerr << dir.error().ToString() << "\n";
    std::abort();
  }
  return std::move(*dir);
}

TestProvider::TestProvider() {
  ProviderOptions options;
  options.base = kBase;
  idp = std::make_unique<Provider>(clock, DefaultDirectory(), options, factory.Generate().value(),
                                   factory);
}

Params TestProvider::AuthorizeParams(const std::string& login_hint, const std::string& scope) {
  Params p{{"client_id", kGatewayId},
           {"redirect_uri", kRedirect},
           {"response_type", "code"},
           {"scope", scope},
           {"state", "st-123"},
           {"nonce", "n-456"},
           {"code_challenge", S256Challenge(kVerifier)},
           {"code_challenge_method", "S256"}};
  if (!login_hint.empty()) p["login_hint"] = login_hint;
  return p;
}

std::string TestProvider::Code(const std::string& user, const std::string& scope) {
  HttpReply r = idp->authorize.Authorize({AuthorizeParams(user, scope), std::nullopt, false});
  Params q = RedirectParams(r);
  return q.count("code") != 0 ? q["code"] : "";
}

HttpReply TestProvider::Token(Params form) {
  if (form.count("client_id") == 0) {
    form["client_id"] = kGatewayId;
    form["client_secret"] = kGatewaySecret;
  }
  return idp->tokens.Handle({form, std::nullopt});
}

nlohmann::json TestProvider::Login(const std::string& user) {
  return Body(Token({{"grant_type", "authorization_code"},
                     {"code", Code(user)},
                     {"redirect_uri", kRedirect},
                     {"code_verifier", kVerifier}}));
}

Params RedirectParams(const HttpReply& reply) {
  for (const auto& [name, value] : reply.headers) {
    if (name != ReplyHeader::kLocation) continue;
    size_t q = value.find('?');
    if (q == std::string::npos) return {};
    return ParseForm(value.substr(q + 1)).value_or(Params{});
  }
  return {};
}

nlohmann::json Body(const HttpReply& reply) {
  return nlohmann::json::parse(reply.body, nullptr, false);
}

}  // namespace portcullis::dev_idp::testing
