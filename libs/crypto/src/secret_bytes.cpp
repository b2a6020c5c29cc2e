#include "portcullis/crypto/secret_bytes.h"

#include <openssl/crypto.h>

namespace portcullis::crypto {

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Wipe();
    bytes_ = std::move(other.bytes_);
    other.bytes_.clear();
  }
  return *this;
}

void SecretBytes::Wipe() noexcept {
  // OPENSSL_cleanse, unlike memset, is not removed by the optimiser as a dead store.
  if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
}

}  // namespace portcullis::crypto
