#pragma once
// PKCE (RFC 7636), S256 only: dev-idp rejects "plain" as the suite never uses it. Pure.

#include <string>
#include <string_view>

namespace portcullis::dev_idp {

// 43-128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1).
bool IsValidCodeVerifier(std::string_view verifier);
// A base64url SHA-256: exactly 43 characters of [A-Za-z0-9-_].
bool IsValidS256Challenge(std::string_view challenge);
// BASE64URL(SHA256(verifier)).
std::string S256Challenge(std::string_view verifier);
// True when `verifier` is well formed and hashes to `challenge` (compared in constant time).
bool VerifierMatches(std::string_view verifier, std::string_view challenge);

}  // namespace portcullis::dev_idp
