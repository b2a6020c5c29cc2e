#pragma once
// OpenSSL handles owned by std::unique_ptr (STYLE.md): never freed by hand.

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>

namespace portcullis::token::ossl {

struct Deleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(EC_GROUP* p) const { EC_GROUP_free(p); }
};

using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, Deleter>;
using EcdsaSigPtr = std::unique_ptr<ECDSA_SIG, Deleter>;
using BioPtr = std::unique_ptr<BIO, Deleter>;
using EcGroupPtr = std::unique_ptr<EC_GROUP, Deleter>;

// Shared ownership for keys held by JWKs that are copied into several sets.
inline std::shared_ptr<EVP_PKEY> Share(PkeyPtr p) {
  return std::shared_ptr<EVP_PKEY>(p.release(), Deleter());
}

}  // namespace portcullis::token::ossl
