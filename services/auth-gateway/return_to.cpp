#include "return_to.h"

#include <cctype>

namespace portcullis::gateway {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Printable ASCII without backslash: browsers strip tabs/newlines and treat '\' as '/', which
// turns "/\evil" or "/\t/evil" into "//evil".
bool IsSafeChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7F && c != '\\';
}

bool StartsSchemeRelative(std::string_view p) {
  return p.size() >= 2 && p[0] == '/' && (p[1] == '/' || p[1] == '\\');
}

}  // namespace

std::optional<std::string> ValidateReturnTo(std::string_view raw) {
  if (raw.empty()) return std::string("/");
  if (raw.size() > kMaxReturnToBytes || raw.front() != '/') return std::nullopt;
  if (StartsSchemeRelative(raw)) return std::nullopt;
  std::string decoded;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (!IsSafeChar(c)) return std::nullopt;
    if (c != '%') {
      decoded += c;
      continue;
    }
    if (i + 2 >= raw.size()) return std::nullopt;
    int hi = HexValue(raw[i + 1]), lo = HexValue(raw[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    char d = static_cast<char>(hi * 16 + lo);
    // An encoded control character, backslash or second encoding layer has no business in a
    // return path and is how double-decoding servers get tricked into "//evil".
    auto du = static_cast<unsigned char>(d);
    if (du < 0x20 || du == 0x7F || d == '\\' || d == '%') return std::nullopt;
    decoded += d;
    i += 2;
  }
  if (StartsSchemeRelative(decoded)) return std::nullopt;
  return std::string(raw);
}

}  // namespace portcullis::gateway
