#pragma once
// OpenSSL handles owned by unique_ptr with a deleter, so nothing is freed by hand.

#include <openssl/evp.h>

#include <memory>

namespace portcullis::crypto {

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

}  // namespace portcullis::crypto
