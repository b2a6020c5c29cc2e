#pragma once
// SecretBytes: a fixed-size byte buffer for key material and decrypted secrets. Its memory is
// wiped with OPENSSL_cleanse when it is destroyed or assigned over. It never grows (so no stale
// copy is left behind by a reallocation), cannot be copied (only moved), and has no operator<<:
// nothing prints a secret by accident.
//
//   SecretBytes key(32);                      // 32 zero bytes
//   RAND_bytes(key.data(), key.size());
//   Use(key.view());                          // borrow; the view dies before `key`
//
// Thread-safety: like std::vector; const access from several threads is safe.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "portcullis/crypto/bytes.h"

namespace portcullis::crypto {

class SecretBytes {
 public:
  SecretBytes() = default;
  // `size` zero bytes.
  explicit SecretBytes(size_t size) : bytes_(size) {}
  // A copy of `data`. The caller wipes its own copy if it needs to.
  explicit SecretBytes(ByteView data) : bytes_(data.begin(), data.end()) {}
  ~SecretBytes() { Wipe(); }

  SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) {
    other.bytes_.clear();
  }
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  uint8_t* data() { return bytes_.data(); }
  const uint8_t* data() const { return bytes_.data(); }
  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  ByteView view() const { return {bytes_.data(), bytes_.size()}; }
  // The bytes as characters (decrypted tokens are text). Borrows *this.
  std::string_view AsStringView() const { return crypto::AsStringView(view()); }

 private:
  void Wipe() noexcept;

  std::vector<uint8_t> bytes_;
};

}  // namespace portcullis::crypto
