#include "login_secrets.h"

#include "portcullis/crypto/encoding.h"
#include "portcullis/crypto/hash.h"
#include "portcullis/crypto/random.h"

namespace portcullis::gateway {

Result<LoginSecrets> NewLoginSecrets() {
  LoginSecrets s;
  for (std::string* out : {&s.state, &s.nonce, &s.code_verifier}) {
    Result<std::string> id = crypto::RandomId();
    if (!id.ok()) return id.error();
    *out = std::move(*id);
  }
  s.code_challenge = S256Challenge(s.code_verifier);
  return s;
}

std::string S256Challenge(std::string_view code_verifier) {
  return crypto::Base64UrlEncode(crypto::Sha256(crypto::AsBytes(code_verifier)));
}

}  // namespace portcullis::gateway
