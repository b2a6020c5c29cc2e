#include "portcullis/crypto/random.h"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cassert>
#include <climits>

#include "portcullis/crypto/crypto_error.h"
#include "portcullis/crypto/encoding.h"

namespace portcullis::crypto {

Status FillRandom(std::span<uint8_t> out) {
  // RAND_bytes takes an int; fill in chunks so any span size works.
  size_t done = 0;
  while (done < out.size()) {
    const size_t chunk = std::min<size_t>(out.size() - done, INT_MAX);
    if (RAND_bytes(out.data() + done, static_cast<int>(chunk)) != 1) {
      ERR_clear_error();
      return MakeCryptoError(CryptoError::kInternal, "RAND_bytes failed (no entropy?)");
    }
    done += chunk;
  }
  return OkStatus();
}

Result<Bytes> RandomBytes(size_t size) {
  Bytes out(size);
  if (Status s = FillRandom(out); !s.ok()) return s.error();
  return out;
}

Result<std::string> RandomId(size_t bytes) {
  assert(bytes >= kMinIdBytes);
  Result<Bytes> raw = RandomBytes(bytes);
  if (!raw.ok()) return raw.error();
  return Base64UrlEncode(*raw);
}

}  // namespace portcullis::crypto
