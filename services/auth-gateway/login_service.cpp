#include "login_service.h"

#include <sstream>

#include "login_secrets.h"
#include "portcullis/crypto/hash.h"
#include "portcullis/oidc/token_endpoint.h"
#include "return_to.h"

namespace portcullis::gateway {
namespace {

constexpr size_t kMaxLoginHintBytes = 256;

bool ValidPrompt(const std::string& prompt) {
  std::istringstream words(prompt);
  std::string w;
  while (words >> w) {
    if (w != "none" && w != "login" && w != "consent" && w != "select_account") return false;
  }
  return true;
}

bool PrintableAscii(const std::string& s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F) return false;
  }
  return true;
}

LoginResult Fail(int status, std::string reason, std::string message, std::string detail) {
  LoginResult r;
  r.failure = {status, std::move(reason), std::move(message), std::move(detail)};
  return r;
}

}  // namespace

LoginService::LoginService(SessionClient& sessions, IdentityProvider& provider, const Clock& clock,
                           LoginOptions options)
    : sessions_(sessions), provider_(provider), clock_(clock), options_(std::move(options)) {}

Result<StartedLogin> LoginService::Begin(const BeginParams& params) {
  std::optional<std::string> return_to = ValidateReturnTo(params.return_to);
  if (!return_to) return Error{ErrorCode::kBadRequest, "return_to must be a relative path"};
  if (!ValidPrompt(params.prompt)) return Error{ErrorCode::kBadRequest, "unsupported prompt"};
  if (params.login_hint.size() > kMaxLoginHintBytes || !PrintableAscii(params.login_hint)) {
    return Error{ErrorCode::kBadRequest, "login_hint refused"};
  }
  Result<LoginSecrets> secrets = NewLoginSecrets();
  if (!secrets.ok()) return secrets.error();
  PendingLogin pending{secrets->state, secrets->code_verifier, secrets->nonce,
                       *return_to,     provider_.name(),       options_.pending_ttl.count()};
  if (Status s = sessions_.BeginLogin(pending); !s.ok()) return s.error();

  std::vector<std::pair<std::string, std::string>> q{{"response_type", "code"},
                                                     {"client_id", options_.client_id},
                                                     {"redirect_uri", options_.redirect_uri},
                                                     {"scope", options_.scopes},
                                                     {"state", secrets->state},
                                                     {"nonce", secrets->nonce},
                                                     {"code_challenge", secrets->code_challenge},
                                                     {"code_challenge_method", "S256"}};
  if (!params.login_hint.empty()) q.emplace_back("login_hint", params.login_hint);
  if (!params.prompt.empty()) q.emplace_back("prompt", params.prompt);
  const std::string& endpoint = provider_.authorization_endpoint();
  return StartedLogin{
      endpoint + (endpoint.find('?') == std::string::npos ? "?" : "&") + oidc::FormUrlEncode(q),
      secrets->state};
}

LoginResult LoginService::Complete(const CallbackParams& p) {
  if (!p.error.empty()) {
    // The provider's own answer (access_denied, login_required, ...). The pending login is
    // consumed so the state cannot be replayed with a code later.
    if (!p.state.empty()) (void)sessions_.TakeLogin(p.state);
    return Fail(400, "provider_error", "The sign-in was not completed: " + p.error,
                p.error + (p.error_description.empty() ? "" : ": " + p.error_description));
  }
  if (p.code.empty() || p.state.empty()) {
    return Fail(400, "missing_parameters", "The sign-in response is incomplete.",
                "callback without code or state");
  }
  Result<PendingLogin> pending = sessions_.TakeLogin(p.state);
  if (!pending.ok()) {
    if (pending.code() == ErrorCode::kNotFound) {
      return Fail(400, "unknown_state",
                  "This sign-in link is not valid any more. Please sign in again.",
                  "state unknown, expired or already used");
    }
    return Fail(503, "session_store_unavailable", "Sign-in is unavailable, try again shortly.",
                pending.error().ToString());
  }
  Result<TokenSet> tokens =
      provider_.ExchangeCode(p.code, pending->code_verifier, options_.redirect_uri);
  if (!tokens.ok()) {
    bool down = tokens.code() == ErrorCode::kUnavailable;
    return Fail(down ? 503 : 400, "code_exchange_failed",
                down ? "The identity provider is unavailable, try again shortly."
                     : "The identity provider refused the sign-in. Please sign in again.",
                tokens.error().ToString());
  }
  if (tokens->id_token.empty()) {
    return Fail(502, "no_id_token", "The identity provider sent no identity.",
                "token response without id_token");
  }
  Result<IdTokenClaims> claims = provider_.VerifyIdToken(tokens->id_token);
  if (!claims.ok()) {
    bool down = claims.code() == ErrorCode::kUnavailable;
    return Fail(down ? 503 : 400, "id_token_invalid",
                down ? "The identity provider is unavailable, try again shortly."
                     : "The identity provider's answer could not be verified.",
                claims.error().ToString());
  }
  if (!crypto::ConstantTimeEquals(crypto::AsBytes(claims->nonce),
                                  crypto::AsBytes(pending->nonce)) ||
      pending->nonce.empty()) {
    return Fail(400, "nonce_mismatch", "The identity provider's answer could not be verified.",
                "id token nonce does not match the pending login");
  }
  NewSession session;
  session.user = claims->user;
  session.claims = claims->snapshot;
  session.groups = claims->groups;
  session.roles = claims->roles;
  session.tokens = *tokens;
  session.metadata = {{"ip", p.client_address},
                      {"user_agent", p.user_agent.substr(0, 256)},
                      {"provider", provider_.name()}};
  Result<CreatedSession> created = sessions_.Create(session);
  if (!created.ok()) {
    return Fail(503, "session_store_unavailable", "Sign-in is unavailable, try again shortly.",
                created.error().ToString());
  }
  LoginResult r;
  r.completed = CompletedLogin{std::move(*created), pending->return_to, claims->user};
  return r;
}

}  // namespace portcullis::gateway
