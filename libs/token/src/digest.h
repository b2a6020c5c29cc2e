#pragma once
// Message digests for JWS: pre-fetched EVP_MDs (an implicit fetch per call costs more than hashing
// a short token) and a one-shot hash helper.

#include <openssl/evp.h>

#include <string_view>

#include "portcullis/token/algorithm.h"

namespace portcullis::token {

// SHA-256/384/512 for the algorithm's hash; EdDSA gets SHA-512 (used only for sizing).
const EVP_MD* DigestFor(Algorithm alg);

// Hashes `data` into `out` (at least EVP_MAX_MD_SIZE bytes); returns the length, 0 on failure.
unsigned int Hash(Algorithm alg, std::string_view data, unsigned char* out);

}  // namespace portcullis::token
