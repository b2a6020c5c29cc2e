#pragma once
// Keys, signers and tokens for the token library's tests, benchmark and CLI tests. Keys are
// generated with OpenSSL once per process and cached (RSA 4096 takes a while).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/common/clock.h"
#include "portcullis/token/jwks.h"
#include "portcullis/token/policy.h"
#include "portcullis/token/signer.h"
#include "portcullis/token/verifier.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace portcullis::token::testing {

// Cached generated keys. `curve` is "P-256", "P-384" or "P-521".
std::shared_ptr<EVP_PKEY> RsaKey(int bits, int index = 0);
std::shared_ptr<EVP_PKEY> EcKey(std::string_view curve, int index = 0);
std::shared_ptr<EVP_PKEY> Ed25519Key(int index = 0);

// A signer for `alg` with a fresh-per-process key of the right kind (RSA 2048 by default).
Signer SignerFor(Algorithm alg, std::string kid, int index = 0);
// A 64-byte HMAC secret signer.
Signer HmacSigner(Algorithm alg, std::string kid, std::string secret = std::string(64, 'k'));

// {"keys":[...]} of the signers' public JWKs (with kid, alg, use); HMAC signers become oct keys
// (with kid and alg) holding their secret.
std::string JwksJson(const std::vector<const Signer*>& signers);
JwkSet KeySet(const std::vector<const Signer*>& signers);

// The usual test time: 2026-01-01T00:00:00Z, and claims valid at it.
inline constexpr int64_t kNow = 1767225600;
inline TimePoint At(int64_t seconds) { return FromUnixSeconds(seconds); }
inline const char* kIssuer = "https://issuer.example";
inline const char* kAudience = "api://portcullis";
// {"iss":kIssuer,"aud":kAudience,"sub":"user-1","iat":kNow-60,"nbf":kNow-60,"exp":kNow+3600}
std::string BasicClaims();
// A realistic Entra v2 access token payload (~1.1 KB JSON) for `tid`.
std::string EntraClaims(std::string_view tid, std::string_view aud, int64_t now);

// Signs header/payload as given (no changes), for hand-made headers.
std::string SignRaw(const Signer& signer, std::string_view header, std::string_view payload);
// {"alg":<signer alg>,"kid":<signer kid>}
std::string DefaultHeader(const Signer& signer);

std::string B64(std::string_view bytes);
std::string Unb64(std::string_view text);  // aborts on invalid input

// The three segments of a compact token, and the token with its signature bytes replaced.
std::vector<std::string> Segments(std::string_view token);
std::string SignatureOf(std::string_view token);  // decoded
std::string WithSignature(std::string_view token, std::string_view signature_bytes);

// Issuer kIssuer, audience kAudience, every algorithm allowed, leeway 0.
VerifyPolicy TestPolicy(std::vector<Algorithm> algorithms = AllAlgorithms());

// VerifyJws at kNow.
TokenResult<VerifiedToken> VerifyAtNow(const std::string& token, const JwkSet& keys,
                                       const VerifyPolicy& policy = TestPolicy());
// What the tests' Code(...) helpers return for a token that verifies: no TokenErrorCode has it.
inline constexpr auto kValid = static_cast<TokenErrorCode>(-1);

}  // namespace portcullis::token::testing
