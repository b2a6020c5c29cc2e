// libFuzzer: strict base64url decode; anything that decodes must re-encode to the same text.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "portcullis/token/base64url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string out;
  if (portcullis::token::Base64UrlDecode(in, out)) {
    // Canonical: exactly one encoding per byte string.
    if (portcullis::token::Base64UrlEncode(out) != in) std::abort();
  }
  std::string again;
  if (!portcullis::token::Base64UrlDecode(portcullis::token::Base64UrlEncode(in), again) ||
      again != in) {
    std::abort();
  }
  return 0;
}
