#include "portcullis/http/cookie.h"

namespace portcullis::http {
namespace {

// RFC 6265 §4.1.1 cookie-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E.
bool IsCookieOctet(unsigned char c) {
  return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) ||
         (c >= 0x3C && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<std::string_view> CookieValue(std::string_view v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  for (char c : v) {
    if (!IsCookieOctet(static_cast<unsigned char>(c))) return std::nullopt;
  }
  return v;
}

bool IsAttributeText(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || c == ';') return false;
  }
  return true;
}

}  // namespace

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

Result<std::vector<CookiePair>> ParseCookieHeader(std::string_view header, size_t max_pairs) {
  std::vector<CookiePair> out;
  std::string_view rest = TrimSpaces(header);
  if (rest.empty()) return out;
  while (true) {
    size_t semi = rest.find(';');
    std::string_view pair = TrimSpaces(rest.substr(0, semi));
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      return Error{ErrorCode::kBadRequest, "cookie without '='"};
    }
    std::string_view name = TrimSpaces(pair.substr(0, eq));
    if (!IsToken(name)) return Error{ErrorCode::kBadRequest, "cookie name is not a token"};
    std::optional<std::string_view> value = CookieValue(TrimSpaces(pair.substr(eq + 1)));
    if (!value) return Error{ErrorCode::kBadRequest, "cookie value has a forbidden character"};
    if (out.size() == max_pairs) return Error{ErrorCode::kBadRequest, "too many cookies"};
    out.push_back({std::string(name), std::string(*value)});
    if (semi == std::string_view::npos) break;
    rest = rest.substr(semi + 1);
    // A trailing ';' (some clients send one) ends the list.
    if (TrimSpaces(rest).empty()) break;
  }
  return out;
}

std::optional<std::string_view> FindCookie(const std::vector<CookiePair>& cookies,
                                           std::string_view name) {
  for (const CookiePair& c : cookies) {
    if (c.name == name) return std::string_view(c.value);
  }
  return std::nullopt;
}

Result<std::string> SerializeSetCookie(const SetCookie& c) {
  if (!IsToken(c.name)) return Error{ErrorCode::kBadRequest, "cookie name is not a token"};
  for (char ch : c.value) {
    if (!IsCookieOctet(static_cast<unsigned char>(ch))) {
      return Error{ErrorCode::kBadRequest, "cookie value has a forbidden character"};
    }
  }
  if (!IsAttributeText(c.path) || !IsAttributeText(c.domain)) {
    return Error{ErrorCode::kBadRequest, "cookie path or domain has a forbidden character"};
  }
  if (c.same_site == SameSite::kNone && !c.secure) {
    return Error{ErrorCode::kBadRequest, "SameSite=None needs Secure"};
  }
  std::string_view name = c.name;
  if (name.starts_with("__Secure-") && !c.secure) {
    return Error{ErrorCode::kBadRequest, "__Secure- cookies need Secure"};
  }
  if (name.starts_with("__Host-") && (!c.secure || !c.domain.empty() || c.path != "/")) {
    return Error{ErrorCode::kBadRequest, "__Host- cookies need Secure, Path=/ and no Domain"};
  }
  std::string out = c.name + "=" + c.value;
  if (!c.path.empty()) out += "; Path=" + c.path;
  if (!c.domain.empty()) out += "; Domain=" + c.domain;
  if (c.max_age_s) out += "; Max-Age=" + std::to_string(*c.max_age_s < 0 ? 0 : *c.max_age_s);
  if (c.secure) out += "; Secure";
  if (c.http_only) out += "; HttpOnly";
  switch (c.same_site) {
    case SameSite::kUnset:
      break;
    case SameSite::kLax:
      out += "; SameSite=Lax";
      break;
    case SameSite::kStrict:
      out += "; SameSite=Strict";
      break;
    case SameSite::kNone:
      out += "; SameSite=None";
      break;
  }
  return out;
}

}  // namespace portcullis::http
