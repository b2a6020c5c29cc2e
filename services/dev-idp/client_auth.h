#pragma once
// Client authentication at the token endpoint: client_secret_basic (RFC 6749 §2.3.1, id and
// secret form-encoded inside the Basic credentials) and client_secret_post; public clients name
// themselves with client_id and no secret. Pure.

#include <optional>
#include <string>

#include "directory.h"
#include "form.h"
#include "oauth_error.h"

namespace portcullis::dev_idp {

struct BasicCredentials {
  std::string client_id;
  std::string secret;
};

// Decodes an "Authorization: Basic ..." value; nullopt when it is not well-formed Basic.
std::optional<BasicCredentials> ParseBasicAuthorization(const std::string& header_value);

// The authenticated client. invalid_request when two methods are mixed or no client is named;
// invalid_client (401, with a Basic challenge when Basic was tried) for an unknown client, a
// wrong or missing secret, or a secret presented by a public client.
OAuthResult<const Client*> AuthenticateClient(const Directory& dir, const Params& form,
                                              const std::optional<std::string>& authorization);

}  // namespace portcullis::dev_idp
