#include "portcullis/http/http_fetcher.h"

#include <cctype>
#include <charconv>

namespace portcullis::http {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view ToString(FetchErrorCode code) {
  switch (code) {
    case FetchErrorCode::kInvalidUrl:
      return "invalid_url";
    case FetchErrorCode::kConnect:
      return "connect";
    case FetchErrorCode::kTimeout:
      return "timeout";
    case FetchErrorCode::kBodyTooLarge:
      return "body_too_large";
    case FetchErrorCode::kTransport:
      return "transport";
  }
  return "transport";
}

std::optional<std::string_view> HttpResponse::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::chrono::seconds> CacheControlMaxAge(std::string_view cc) {
  std::optional<std::chrono::seconds> result;
  while (!cc.empty()) {
    const size_t comma = cc.find(',');
    const std::string_view directive = Trim(cc.substr(0, comma));
    if (EqualsIgnoreCase(directive, "no-store") || EqualsIgnoreCase(directive, "no-cache")) {
      return std::chrono::seconds(0);
    }
    constexpr std::string_view kMaxAge = "max-age=";
    if (directive.size() > kMaxAge.size() &&
        EqualsIgnoreCase(directive.substr(0, kMaxAge.size()), kMaxAge)) {
      std::string_view digits = directive.substr(kMaxAge.size());
      if (digits.size() >= 2 && digits.front() == '"' && digits.back() == '"') {
        digits = digits.substr(1, digits.size() - 2);
      }
      long long value = 0;
      const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
      if (ec == std::errc() && ptr == digits.data() + digits.size() && value >= 0) {
        result = std::chrono::seconds(value);
      } else if (ec == std::errc::result_out_of_range) {
        result = std::chrono::seconds(INT32_MAX);
      }
    }
    if (comma == std::string_view::npos) break;
    cc.remove_prefix(comma + 1);
  }
  return result;
}

}  // namespace portcullis::http
