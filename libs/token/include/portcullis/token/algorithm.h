#pragma once
// The JWS algorithms Portcullis knows (RFC 7518 §3, RFC 8037 §3.1) and what each needs from a
// key. "none" is deliberately not an Algorithm: it cannot be named, allowed or parsed.
//
//   std::optional<Algorithm> alg = ParseAlgorithm(header_alg);   // case-sensitive
//   if (!alg || !policy.Allows(*alg)) return kAlgNotAllowed;

#include <optional>
#include <string_view>
#include <vector>

namespace portcullis::token {

enum class Algorithm {
  kRS256,
  kRS384,
  kRS512,
  kPS256,
  kPS384,
  kPS512,
  kES256,
  kES384,
  kES512,
  kEdDSA,
  kHS256,
  kHS384,
  kHS512,
};

enum class KeyFamily { kRsa, kEc, kOkp, kOct };

// "RS256" -> kRS256 ... exact, case-sensitive; nullopt for anything else, including "none".
std::optional<Algorithm> ParseAlgorithm(std::string_view name);
std::string_view AlgorithmName(Algorithm alg);

// Parses "RS256,ES256" (no spaces). Returns nullopt if any name is unknown or the list is empty.
std::optional<std::vector<Algorithm>> ParseAlgorithmList(std::string_view csv);

// Every algorithm; and every asymmetric one (the safe default allow-list for public key sets).
const std::vector<Algorithm>& AllAlgorithms();
const std::vector<Algorithm>& AsymmetricAlgorithms();

// The JWK kty this algorithm needs: RSA for RS*/PS*, EC for ES*, OKP for EdDSA, oct for HS*.
KeyFamily FamilyOf(Algorithm alg);
std::string_view KtyName(KeyFamily family);

// The JWK "crv" an EC/OKP algorithm requires ("P-256", "P-384", "P-521", "Ed25519"), or empty.
std::string_view RequiredCurve(Algorithm alg);

// Digest size in bytes of the hash the algorithm uses (32/48/64; 64 for EdDSA's SHA-512).
size_t HashSize(Algorithm alg);

// Bytes of a raw ECDSA R||S signature: 64, 96 or 132; 0 for other algorithms.
size_t EcdsaSignatureSize(Algorithm alg);

}  // namespace portcullis::token
