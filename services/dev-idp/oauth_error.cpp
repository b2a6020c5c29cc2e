#include "oauth_error.h"

namespace portcullis::dev_idp {

HttpReply OAuthError::ToReply() const {
  HttpReply r =
      HttpReply::Json(status, nlohmann::json{{"error", error}, {"error_description", description}});
  if (basic_challenge) {
    r.headers.emplace_back(ReplyHeader::kWwwAuthenticate, "Basic realm=\"dev-idp\"");
  }
  return r;
}

}  // namespace portcullis::dev_idp
