#pragma once
// HTTP/1.1 lexical pieces shared by the request writer, the response parser and the hop-by-hop
// filter (RFC 9110 §5.6): token characters, optional whitespace, comma-separated lists.

#include <string_view>

namespace portcullis::proxy {

// tchar: the characters of a header name or a method.
inline bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Removes optional whitespace (spaces and tabs) at both ends.
inline std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls `fn(token)` for each comma-separated, trimmed, non-empty element of a list.
template <typename Fn>
void ForEachToken(std::string_view list, Fn fn) {
  while (!list.empty()) {
    const size_t comma = list.find(',');
    const std::string_view token = TrimOws(list.substr(0, comma));
    if (!token.empty()) fn(token);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

}  // namespace portcullis::proxy
