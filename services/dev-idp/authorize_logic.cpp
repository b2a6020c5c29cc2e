#include "authorize_logic.h"

#include <algorithm>

#include "pages.h"
#include "pkce.h"
#include "scopes.h"

namespace portcullis::dev_idp {
namespace {

std::string Get(const Params& p, const std::string& key) {
  auto it = p.find(key);
  return it == p.end() ? std::string() : it->second;
}

bool Listed(const std::vector<std::string>& list, const std::string& x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

SetCookie SessionCookie(const std::string& id, Duration lifetime) {
  return SetCookie{
      std::string(kSessionCookie), id,
      static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(lifetime).count())};
}

}  // namespace

AuthorizeService::AuthorizeService(const Clock& clock, const Directory& dir, KeySet& keys,
                                   CodeStore& codes, SessionStore& sessions, ProviderState& state,
                                   std::string action)
    : clock_(clock),
      dir_(dir),
      keys_(keys),
      codes_(codes),
      sessions_(sessions),
      state_(state),
      action_(std::move(action)) {}

HttpReply AuthorizeService::Fail(const std::string& redirect_uri, const Params& params,
                                 const std::string& error, const std::string& description) const {
  Params q{{"error", error}, {"error_description", description}};
  if (params.count("state") != 0) q["state"] = Get(params, "state");
  return HttpReply::Redirect(AppendQuery(redirect_uri, q));
}

HttpReply AuthorizeService::Authorize(const AuthorizeRequest& request) {
  const Params& p = request.params;
  const Client* client = dir_.FindClient(Get(p, "client_id"));
  if (client == nullptr) {
    return HttpReply::Html(400,
                           ErrorPage("Unknown application",
                                     "No client '" + Get(p, "client_id") + "' in this tenant."));
  }
  std::string redirect_uri = Get(p, "redirect_uri");
  if (!Listed(client->redirect_uris, redirect_uri)) {
    return HttpReply::Html(
        400, ErrorPage("Redirect URI mismatch",
                       "The redirect_uri '" + redirect_uri + "' is not registered for '" +
                           client->client_id + "'. It must match a registered URI exactly."));
  }
  if (Get(p, "response_type") != "code") {
    return Fail(redirect_uri, p, "unsupported_response_type", "only response_type=code");
  }
  if (p.count("response_mode") != 0 && Get(p, "response_mode") != "query") {
    return Fail(redirect_uri, p, "invalid_request", "only response_mode=query is supported");
  }
  if (Get(p, "code_challenge").empty()) {
    return Fail(redirect_uri, p, "invalid_request", "PKCE is required: send code_challenge");
  }
  if (Get(p, "code_challenge_method") != "S256") {
    return Fail(redirect_uri, p, "invalid_request", "code_challenge_method must be S256");
  }
  if (!IsValidS256Challenge(Get(p, "code_challenge"))) {
    return Fail(redirect_uri, p, "invalid_request", "code_challenge is not a S256 challenge");
  }
  OAuthResult<ScopeRequest> scopes = ResolveScopes(dir_, Get(p, "scope"));
  if (!scopes.ok()) return Fail(redirect_uri, p, "invalid_scope", scopes.error().description);
  if (scopes->resource != nullptr && scopes->resource->IsGraph()) {
    return Fail(redirect_uri, p, "invalid_scope",
                "dev-idp issues Microsoft Graph tokens only through On-Behalf-Of");
  }
  std::string prompt = Get(p, "prompt");
  if (!prompt.empty() && prompt != "none" && prompt != "login" && prompt != "select_account" &&
      prompt != "consent") {
    return Fail(redirect_uri, p, "invalid_request", "unsupported prompt '" + prompt + "'");
  }

  if (request.from_login_page && p.count("login_user") != 0) {
    const User* user = dir_.FindUser(Get(p, "login_user"));
    if (user == nullptr) {
      return HttpReply::Html(
          200, LoginPage(dir_, *client, action_, p, "Unknown user " + Get(p, "login_user")));
    }
    Result<std::string> sid = sessions_.Create(user->username);
    if (!sid.ok()) return Fail(redirect_uri, p, "server_error", "no randomness");
    return IssueCode(*client, p, *user, clock_.Now(), *sid);
  }
  std::optional<ProviderSession> session;
  if (request.session_cookie) session = sessions_.Find(*request.session_cookie);
  std::string hint = Get(p, "login_hint");
  if (prompt == "none") {
    if (!session) return Fail(redirect_uri, p, "login_required", "no dev-idp session");
    const User* user = dir_.FindUser(session->username);
    if (user == nullptr || (!hint.empty() && dir_.FindUser(hint) != user)) {
      return Fail(redirect_uri, p, "login_required", "the session is for another user");
    }
    return IssueCode(*client, p, *user, session->auth_time, std::nullopt);
  }
  bool interactive = prompt == "login" || prompt == "select_account";
  if (!hint.empty() && !interactive) {
    const User* user = dir_.FindUser(hint);
    if (user == nullptr) {
      return HttpReply::Html(200,
                             LoginPage(dir_, *client, action_, p, "Unknown login_hint " + hint));
    }
    if (session && session->username == user->username) {
      return IssueCode(*client, p, *user, session->auth_time, std::nullopt);
    }
    Result<std::string> sid = sessions_.Create(user->username);
    if (!sid.ok()) return Fail(redirect_uri, p, "server_error", "no randomness");
    return IssueCode(*client, p, *user, clock_.Now(), *sid);
  }
  if (session && !interactive) {
    if (const User* user = dir_.FindUser(session->username)) {
      return IssueCode(*client, p, *user, session->auth_time, std::nullopt);
    }
  }
  return HttpReply::Html(200, LoginPage(dir_, *client, action_, p, ""));
}

HttpReply AuthorizeService::IssueCode(const Client& client, const Params& p, const User& user,
                                      TimePoint auth_time, std::optional<std::string> new_session) {
  std::string redirect_uri = Get(p, "redirect_uri");
  AuthorizationGrant grant{client.client_id, redirect_uri,    user.username,
                           Get(p, "scope"),  Get(p, "nonce"), Get(p, "code_challenge"),
                           auth_time};
  Result<std::string> code = codes_.Issue(std::move(grant), state_.lifetimes().code);
  if (!code.ok()) return Fail(redirect_uri, p, "server_error", "no randomness");
  Params q{{"code", *code}};
  if (p.count("state") != 0) q["state"] = Get(p, "state");
  HttpReply reply = HttpReply::Redirect(AppendQuery(redirect_uri, q));
  if (new_session) reply.cookie = SessionCookie(*new_session, sessions_.lifetime());
  return reply;
}

HttpReply AuthorizeService::Logout(const LogoutRequest& request) {
  const Params& p = request.params;
  if (request.session_cookie) sessions_.Destroy(*request.session_cookie);
  std::string target = Get(p, "post_logout_redirect_uri");
  HttpReply reply = HttpReply::Html(200, SignedOutPage(""));
  if (!target.empty()) {
    std::string client_id = Get(p, "client_id");
    if (client_id.empty() && !Get(p, "id_token_hint").empty()) {
      Result<nlohmann::json> hint = keys_.Verify(Get(p, "id_token_hint"));
      if (hint.ok() && hint->contains("aud") && (*hint)["aud"].is_string()) {
        client_id = (*hint)["aud"].get<std::string>();
      }
    }
    bool registered = false;
    for (const Client& c : dir_.clients) {
      if (!client_id.empty() && c.client_id != client_id) continue;
      registered = registered || Listed(c.post_logout_redirect_uris, target) ||
                   Listed(c.redirect_uris, target);
    }
    if (registered) {
      Params q;
      if (p.count("state") != 0) q["state"] = Get(p, "state");
      reply = HttpReply::Redirect(AppendQuery(target, q));
    } else {
      reply = HttpReply::Html(
          400, SignedOutPage("post_logout_redirect_uri '" + target + "' is not registered"));
    }
  }
  reply.cookie = SetCookie{std::string(kSessionCookie), "", 0};
  return reply;
}

}  // namespace portcullis::dev_idp
