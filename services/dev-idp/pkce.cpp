#include "pkce.h"

#include <cctype>

#include "portcullis/crypto/encoding.h"
#include "portcullis/crypto/hash.h"

namespace portcullis::dev_idp {

bool IsValidCodeVerifier(std::string_view v) {
  if (v.size() < 43 || v.size() > 128) return false;
  for (unsigned char c : v) {
    if (!std::isalnum(c) && c != '-' && c != '.' && c != '_' && c != '~') return false;
  }
  return true;
}

bool IsValidS256Challenge(std::string_view c) {
  if (c.size() != 43) return false;
  for (unsigned char ch : c) {
    if (!std::isalnum(ch) && ch != '-' && ch != '_') return false;
  }
  return true;
}

std::string S256Challenge(std::string_view verifier) {
  return crypto::Base64UrlEncode(crypto::Sha256(crypto::AsBytes(verifier)));
}

bool VerifierMatches(std::string_view verifier, std::string_view challenge) {
  if (!IsValidCodeVerifier(verifier)) return false;
  std::string computed = S256Challenge(verifier);
  return crypto::ConstantTimeEquals(crypto::AsBytes(computed), crypto::AsBytes(challenge));
}

}  // namespace portcullis::dev_idp
