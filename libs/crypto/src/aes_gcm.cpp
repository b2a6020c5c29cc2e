#include "aes_gcm.h"

#include <openssl/err.h>
#include <openssl/evp.h>

#include <cassert>
#include <climits>

#include "openssl_handles.h"
#include "portcullis/crypto/crypto_error.h"

namespace portcullis::crypto {
namespace {

Error OpenSslFailure(std::string_view what) {
  ERR_clear_error();  // stale errors would otherwise be blamed on the thread's next call
  return MakeCryptoError(CryptoError::kInternal, what);
}

// EVP takes int lengths; envelopes are far below INT_MAX, so larger inputs are a caller bug.
int IntLength(size_t n) {
  assert(n <= static_cast<size_t>(INT_MAX));
  return static_cast<int>(n);
}

}  // namespace

Result<GcmSealed> Aes256GcmEncrypt(ByteView key, ByteView iv, ByteView plaintext, ByteView aad) {
  assert(key.size() == kAesGcmKeySize && iv.size() == kAesGcmIvSize);
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return OpenSslFailure("EVP_CIPHER_CTX_new failed");
  // The default GCM IV length is 12 bytes, so no EVP_CTRL_GCM_SET_IVLEN is needed.
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), iv.data()) != 1) {
    return OpenSslFailure("AES-256-GCM encrypt init failed");
  }
  int len = 0;
  if (!aad.empty() &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(), IntLength(aad.size())) != 1) {
    return OpenSslFailure("AES-256-GCM associated data failed");
  }
  GcmSealed out;
  out.ciphertext.resize(plaintext.size());
  if (!plaintext.empty() && EVP_EncryptUpdate(ctx.get(), out.ciphertext.data(), &len,
                                              plaintext.data(), IntLength(plaintext.size())) != 1) {
    return OpenSslFailure("AES-256-GCM encrypt failed");
  }
  // GCM is a stream mode: Final writes nothing, but it computes the tag.
  if (EVP_EncryptFinal_ex(ctx.get(), out.ciphertext.data() + plaintext.size(), &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kAesGcmTagSize, out.tag.data()) != 1) {
    return OpenSslFailure("AES-256-GCM finish failed");
  }
  return out;
}

Result<SecretBytes> Aes256GcmDecrypt(ByteView key, ByteView iv, ByteView ciphertext, ByteView aad,
                                     ByteView tag) {
  assert(key.size() == kAesGcmKeySize && iv.size() == kAesGcmIvSize);
  assert(tag.size() == kAesGcmTagSize);
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return OpenSslFailure("EVP_CIPHER_CTX_new failed");
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), iv.data()) != 1) {
    return OpenSslFailure("AES-256-GCM decrypt init failed");
  }
  int len = 0;
  if (!aad.empty() &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(), IntLength(aad.size())) != 1) {
    return OpenSslFailure("AES-256-GCM associated data failed");
  }
  SecretBytes plain(ciphertext.size());
  if (!ciphertext.empty() && EVP_DecryptUpdate(ctx.get(), plain.data(), &len, ciphertext.data(),
                                               IntLength(ciphertext.size())) != 1) {
    return OpenSslFailure("AES-256-GCM decrypt failed");
  }
  // SET_TAG takes a non-const pointer but only reads from it.
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kAesGcmTagSize,
                          const_cast<uint8_t*>(tag.data())) != 1) {
    return OpenSslFailure("AES-256-GCM set tag failed");
  }
  if (EVP_DecryptFinal_ex(ctx.get(), plain.data() + ciphertext.size(), &len) != 1) {
    ERR_clear_error();
    // `plain` is wiped by its destructor; unauthenticated plaintext never leaves this function.
    return MakeCryptoError(CryptoError::kAuthenticationFailed, "AES-256-GCM tag mismatch");
  }
  return plain;
}

}  // namespace portcullis::crypto
