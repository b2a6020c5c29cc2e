#pragma once
// URL and form encoding (application/x-www-form-urlencoded, RFC 3986 percent-encoding) and HTML
// escaping for the login page. Pure functions.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "portcullis/common/html_escape.h"

namespace portcullis::dev_idp {

using Params = std::map<std::string, std::string>;

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string UrlEncode(std::string_view text);

// Decodes %XX and '+' (as a space). nullopt on a malformed escape.
std::optional<std::string> UrlDecode(std::string_view text);

// Parses "a=1&b=2". nullopt on a malformed escape or a parameter given twice (RFC 6749 §3.1:
// parameters must not be repeated).
std::optional<Params> ParseForm(std::string_view body);

// The value of `name`, or nullptr when it is absent or empty: RFC 6749 §3.1 treats a parameter sent
// without a value as omitted.
const std::string* NonEmptyParam(const Params& params, const std::string& name);

// "a=1&b=2" from `params`, in key order.
std::string EncodeForm(const Params& params);

// `base` with `params` appended as a query ('?' or '&' as needed).
std::string AppendQuery(const std::string& base, const Params& params);

}  // namespace portcullis::dev_idp
