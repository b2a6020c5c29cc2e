#include "portcullis/common/redact.h"

#include <array>
#include <cctype>

namespace portcullis {
namespace {

constexpr std::string_view kMask = "[redacted]";

constexpr std::array<std::string_view, 11> kSecretParams = {
    "code",          "refresh_token",    "access_token", "id_token",
    "client_secret", "client_assertion", "assertion",    "code_verifier",
    "password",      "session",          "sid"};
constexpr std::array<std::string_view, 4> kSecretHeaders = {"authorization", "proxy-authorization",
                                                            "cookie", "set-cookie"};
constexpr std::array<std::string_view, 2> kSchemes = {"bearer ", "basic "};

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}
bool IsB64Url(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}
char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool MatchesAt(std::string_view text, size_t pos, std::string_view word) {
  if (pos + word.size() > text.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Lower(text[pos + i]) != word[i]) return false;
  }
  return true;
}

// End of a parameter value: stops at separators used by query strings, JSON, headers and prose.
size_t ValueEnd(std::string_view text, size_t pos, bool quoted) {
  while (pos < text.size()) {
    char c = text[pos];
    if (quoted ? (c == '"')
               : (c == '&' || c == '"' || c == '\'' || c == ',' || c == ';' || c == ' ' ||
                  c == '\n' || c == '\r' || c == '\t' || c == ')' || c == '}' || c == ']')) {
      break;
    }
    if (quoted && c == '\\' && pos + 1 < text.size()) ++pos;
    ++pos;
  }
  return pos;
}

// End of a header value: the rest of the line, or of the enclosing JSON string.
size_t HeaderValueEnd(std::string_view text, size_t pos) {
  while (pos < text.size() && text[pos] != '\n' && text[pos] != '\r' && text[pos] != '"') ++pos;
  return pos;
}

// A JWT/JWE at `pos`: "eyJ" + base64url, then at least two more '.'-separated segments.
size_t JwtEnd(std::string_view text, size_t pos) {
  if (!MatchesAt(text, pos, "eyj") || text.compare(pos, 3, "eyJ") != 0) return 0;
  size_t p = pos;
  int dots = 0;
  while (p < text.size() && (IsB64Url(text[p]) || text[p] == '.')) {
    if (text[p] == '.') ++dots;
    ++p;
  }
  return dots >= 2 ? p : 0;
}

}  // namespace

std::string RedactSecrets(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const bool at_word_start = i == 0 || !IsWordChar(text[i - 1]);
    if (size_t end = at_word_start ? JwtEnd(text, i) : 0; end != 0) {
      out += kMask;
      i = end;
      continue;
    }
    bool handled = false;
    if (at_word_start) {
      for (auto scheme : kSchemes) {
        if (MatchesAt(text, i, scheme)) {
          size_t start = i + scheme.size();
          size_t end = ValueEnd(text, start, false);
          if (end > start) {
            out.append(text.substr(i, scheme.size()));
            out += kMask;
            i = end;
            handled = true;
          }
          break;
        }
      }
    }
    if (!handled && at_word_start) {
      for (auto header : kSecretHeaders) {
        if (!MatchesAt(text, i, header)) continue;
        size_t p = i + header.size();
        if (p < text.size() && IsWordChar(text[p])) continue;  // "cookies", "authorization_x"
        if (p < text.size() && text[p] == '"') ++p;            // "cookie": "..."
        if (p < text.size() && (text[p] == ':' || text[p] == '=')) {
          ++p;
          while (p < text.size() && text[p] == ' ') ++p;
          if (p < text.size() && text[p] == '"') ++p;
          out.append(text.substr(i, p - i));
          out += kMask;
          i = HeaderValueEnd(text, p);
          handled = true;
        }
        break;
      }
    }
    if (!handled && at_word_start) {
      for (auto param : kSecretParams) {
        if (!MatchesAt(text, i, param)) continue;
        size_t p = i + param.size();
        if (p < text.size() && IsWordChar(text[p])) continue;  // "codes", "code_challenge"
        size_t sep = p;
        if (sep < text.size() && text[sep] == '"') ++sep;  // "key": "value"
        while (sep < text.size() && text[sep] == ' ') ++sep;
        if (sep >= text.size() || (text[sep] != '=' && text[sep] != ':')) break;
        ++sep;
        while (sep < text.size() && text[sep] == ' ') ++sep;
        bool quoted = sep < text.size() && text[sep] == '"';
        size_t start = quoted ? sep + 1 : sep;
        size_t end = ValueEnd(text, start, quoted);
        if (end == start) break;
        out.append(text.substr(i, start - i));
        out += kMask;
        i = end;
        handled = true;
        break;
      }
    }
    if (!handled) out += text[i++];
  }
  return out;
}

}  // namespace portcullis
