#pragma once
// Redaction of secrets from text headed for a log. Every log line passes through it (the logging
// setup installs it), so a careless log call cannot leak a credential.
//
// Replaced with "[redacted]":
//   - the credential after "Bearer " / "Basic " (any case);
//   - the rest of the value after the header names Authorization, Proxy-Authorization, Cookie
//     and Set-Cookie (followed by ':' or '=');
//   - values of the parameters code, refresh_token, access_token, id_token, client_secret,
//     client_assertion, assertion, code_verifier, password, session, sid, in the forms
//     key=value (query strings, forms), "key":"value" (JSON) and key: value;
//   - anything shaped like a JWT or JWE (eyJ... segments separated by dots).
// Pure; thread-safe.

#include <string>
#include <string_view>

namespace portcullis {

std::string RedactSecrets(std::string_view text);

}  // namespace portcullis
