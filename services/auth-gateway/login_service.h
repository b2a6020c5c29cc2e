#pragma once
// LoginService: the OIDC relying party's two legs (ARCHITECTURE.md "Flows").
// Begin: validates return_to / prompt / login_hint, makes state + nonce + PKCE, stores them with
// login.begin and returns the provider's authorization URL.
// Complete: takes the pending login once by state (a second callback with the same state, or a
// state this gateway never issued, finds nothing), exchanges the code with the verifier, verifies
// the id token, compares its nonce in constant time, and creates the session.
// Blocking (session-store and provider calls): run on worker threads. Thread-safe.

#include <chrono>
#include <optional>
#include <string>

#include "identity_provider.h"
#include "portcullis/common/clock.h"
#include "session_client.h"

namespace portcullis::gateway {

struct LoginOptions {
  std::string client_id;
  std::string redirect_uri;  // absolute: public base URL + redirect path
  std::string scopes = "openid profile email offline_access";
  std::chrono::seconds pending_ttl{600};
};

struct BeginParams {
  std::string return_to;   // "" → "/"
  std::string login_hint;  // passed on as OIDC defines it
  std::string prompt;      // none | login | consent | select_account (space-separated)
};

struct StartedLogin {
  std::string location;  // the provider's authorization URL
  std::string state;     // for the browser-binding cookie (login CSRF defence)
};

struct CallbackParams {
  std::string code, state, error, error_description;
  std::string client_address, user_agent;
};

struct LoginFailure {
  int http_status = 400;
  std::string reason;   // machine-readable, for metrics and audit: "unknown_state", ...
  std::string message;  // safe to show on the error page
  std::string detail;   // for logs only (never secrets)
};

struct CompletedLogin {
  CreatedSession session;
  std::string return_to;
  UserInfo user;
};

struct LoginResult {
  std::optional<CompletedLogin> completed;
  LoginFailure failure;  // meaningful when !completed
  bool ok() const { return completed.has_value(); }
};

class LoginService {
 public:
  LoginService(SessionClient& sessions, IdentityProvider& provider, const Clock& clock,
               LoginOptions options);

  // The authorization URL to redirect to and the state in it. Errors: kBadRequest (return_to,
  // prompt or login_hint refused), kUnavailable (session-store), kInternal (no randomness).
  Result<StartedLogin> Begin(const BeginParams& params);

  LoginResult Complete(const CallbackParams& params);

  const LoginOptions& options() const { return options_; }

 private:
  SessionClient& sessions_;
  IdentityProvider& provider_;
  const Clock& clock_;
  LoginOptions options_;
};

}  // namespace portcullis::gateway
