#pragma once
// Importing private keys for the Signer: private JWKs and PEM.

#include <memory>
#include <string>
#include <string_view>

#include "portcullis/token/json.h"
#include "portcullis/token/token_error.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace portcullis::token {

// RSA/EC/OKP private JWK -> EVP_PKEY with both halves. kMalformed on missing or bad members.
TokenResult<std::shared_ptr<EVP_PKEY>> PrivateKeyFromJwk(JsonValue jwk);
// PEM private key (PKCS#8, or traditional RSA / EC). kMalformed if it does not parse.
TokenResult<std::shared_ptr<EVP_PKEY>> PrivateKeyFromPem(std::string_view pem);

}  // namespace portcullis::token
