#pragma once
// Response headers Pistache 0.0.5 has no typed class for, shared by every Pistache service.
// Only typed headers reach the wire (Response::headers().addRaw() is silently dropped, see
// shared/probes/REPORT.md §3), so each one is a small Header subclass with a fixed name.
//
//   response.headers().add<http::WwwAuthenticateHeader>("Bearer error=\"invalid_token\"");
//
// Link portcullis::http_pistache to use it.

#include <pistache/http_header.h>

#include <ostream>
#include <string>

namespace portcullis::http {

class StringHeader : public Pistache::Http::Header::Header {
 public:
  StringHeader() = default;
  explicit StringHeader(std::string value) : value_(std::move(value)) {}
  void parse(const std::string& data) override { value_ = data; }
  void write(std::ostream& os) const override { os << value_; }

 private:
  std::string value_;
};

#define PORTCULLIS_STRING_HEADER(Class, Name) \
  class Class final : public StringHeader {   \
   public:                                    \
    NAME(Name)                                \
    using StringHeader::StringHeader;         \
  }

PORTCULLIS_STRING_HEADER(WwwAuthenticateHeader, "WWW-Authenticate");
PORTCULLIS_STRING_HEADER(RetryAfterHeader, "Retry-After");
PORTCULLIS_STRING_HEADER(RequestIdHeader, "X-Request-Id");
PORTCULLIS_STRING_HEADER(PragmaHeader, "Pragma");
// Content-Type and Cache-Control written exactly as given.
PORTCULLIS_STRING_HEADER(ContentTypeText, "Content-Type");
PORTCULLIS_STRING_HEADER(CacheControlText, "Cache-Control");
PORTCULLIS_STRING_HEADER(ContentSecurityPolicyHeader, "Content-Security-Policy");
PORTCULLIS_STRING_HEADER(NoSniffHeader, "X-Content-Type-Options");
PORTCULLIS_STRING_HEADER(FrameOptionsHeader, "X-Frame-Options");
PORTCULLIS_STRING_HEADER(ReferrerPolicyHeader, "Referrer-Policy");

#undef PORTCULLIS_STRING_HEADER

}  // namespace portcullis::http
