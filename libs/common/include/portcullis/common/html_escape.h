#pragma once
// HtmlEscape: text made safe for an HTML element or a quoted attribute value (& < > " ').
// Every page a service renders (dev-idp's sign-in page, the gateway's error pages) puts request
// or provider text through it.

#include <string>
#include <string_view>

namespace portcullis {

std::string HtmlEscape(std::string_view text);

}  // namespace portcullis
