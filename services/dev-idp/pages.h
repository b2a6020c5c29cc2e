#pragma once
// The few HTML pages dev-idp shows: the user picker, an error page, the signed-out page and the
// index. Every value is HTML-escaped. Pure.

#include <string>

#include "directory.h"
#include "form.h"

namespace portcullis::dev_idp {

// The sign-in page for `client`: one button per user, each a POST to `action` carrying `params`
// (the authorization request) plus login_user. `notice` (may be empty) is shown above the list.
std::string LoginPage(const Directory& dir, const Client& client, const std::string& action,
                      const Params& params, const std::string& notice);

// An error that must not be redirected to the client (unknown client, unregistered redirect_uri).
std::string ErrorPage(const std::string& title, const std::string& detail);

std::string SignedOutPage(const std::string& notice);

// GET /: what this is, the issuer, the discovery URL and the users.
std::string IndexPage(const Directory& dir, const std::string& issuer,
                      const std::string& discovery_url);

}  // namespace portcullis::dev_idp
