#include "request_view.h"

namespace portcullis::gateway {
namespace {

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> Decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      if (s.size() - i < 3) return std::nullopt;
      int hi = Hex(s[i + 1]), lo = Hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

bool ParseQuery(std::string_view raw, std::map<std::string, std::string>& out) {
  while (!raw.empty()) {
    size_t amp = raw.find('&');
    std::string_view pair = raw.substr(0, amp);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      auto name = Decode(pair.substr(0, eq));
      auto value = Decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1));
      if (!name || !value) return false;
      out.emplace(std::move(*name), std::move(*value));
    }
    if (amp == std::string_view::npos) break;
    raw = raw.substr(amp + 1);
  }
  return true;
}

}  // namespace portcullis::gateway
