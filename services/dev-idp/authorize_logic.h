#pragma once
// AuthorizeService: the authorization endpoint (code flow only) and the end-session endpoint.
//
// Authorize checks, in order: the client exists and redirect_uri is registered for it exactly
// (otherwise an error page: never a redirect to an unverified URI); then response_type=code,
// response_mode query, PKCE with S256 (plain is refused), known scopes and prompt, each failure
// redirected back as ?error=...&state=... (RFC 6749 §4.1.2.1). The user comes from the login
// page's POST (login_user), from login_hint, or from the provider session cookie; prompt=none
// without a session answers login_required; otherwise the user picker is shown. Success
// redirects with code and state. Thread-safe; collaborators must outlive it.
//
//   HttpReply r = authorize.Authorize({.params = query, .session_cookie = cookie});

#include <optional>
#include <string>

#include "code_store.h"
#include "directory.h"
#include "form.h"
#include "http_reply.h"
#include "key_set.h"
#include "provider_state.h"
#include "session_store.h"

namespace portcullis::dev_idp {

inline constexpr std::string_view kSessionCookie = "devidp_session";

struct AuthorizeRequest {
  Params params;  // query of a GET, or form of the login page's POST
  std::optional<std::string> session_cookie;
  bool from_login_page = false;  // a POST: params may carry login_user
};

struct LogoutRequest {
  Params params;  // post_logout_redirect_uri, client_id, id_token_hint, state
  std::optional<std::string> session_cookie;
};

class AuthorizeService {
 public:
  // `action` is the path the login page posts to (the authorize endpoint).
  AuthorizeService(const Clock& clock, const Directory& dir, KeySet& keys, CodeStore& codes,
                   SessionStore& sessions, ProviderState& state, std::string action);

  HttpReply Authorize(const AuthorizeRequest& request);

  // Ends the provider session; redirects to post_logout_redirect_uri (with state) when it is
  // registered for the client named by client_id or by id_token_hint's audience, else shows
  // the signed-out page.
  HttpReply Logout(const LogoutRequest& request);

 private:
  HttpReply Fail(const std::string& redirect_uri, const Params& params, const std::string& error,
                 const std::string& description) const;
  HttpReply IssueCode(const Client& client, const Params& params, const User& user,
                      TimePoint auth_time, std::optional<std::string> new_session);

  const Clock& clock_;
  const Directory& dir_;
  KeySet& keys_;
  CodeStore& codes_;
  SessionStore& sessions_;
  ProviderState& state_;
  const std::string action_;
};

}  // namespace portcullis::dev_idp
