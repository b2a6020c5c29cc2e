#pragma once
// Byte buffers as the crypto library passes them: owned `Bytes`, borrowed `ByteView`.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace portcullis::crypto {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

// Views the characters of `text` as bytes. The view borrows `text`.
inline ByteView AsBytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// Views bytes as characters. The view borrows `bytes`.
inline std::string_view AsStringView(ByteView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace portcullis::crypto
