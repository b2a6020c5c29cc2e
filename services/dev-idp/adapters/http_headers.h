#pragma once
// Response headers Pistache 0.0.5 has no typed class for. Only typed headers reach the wire
// (addRaw is dropped), so each one is a small Header subclass.

#include <pistache/http_header.h>

#include <string>

namespace portcullis::dev_idp {

class StringHeader : public Pistache::Http::Header::Header {
 public:
  StringHeader() = default;
  explicit StringHeader(std::string value) : value_(std::move(value)) {}
  void parse(const std::string& data) override { value_ = data; }
  void write(std::ostream& os) const override { os << value_; }

 private:
  std::string value_;
};

class WwwAuthenticateHeader final : public StringHeader {
 public:
  NAME("WWW-Authenticate")
  using StringHeader::StringHeader;
};

class RetryAfterHeader final : public StringHeader {
 public:
  NAME("Retry-After")
  using StringHeader::StringHeader;
};

class PragmaHeader final : public StringHeader {
 public:
  NAME("Pragma")
  using StringHeader::StringHeader;
};

class ContentSecurityPolicyHeader final : public StringHeader {
 public:
  NAME("Content-Security-Policy")
  using StringHeader::StringHeader;
};

class ContentTypeText final : public StringHeader {
 public:
  NAME("Content-Type")
  using StringHeader::StringHeader;
};

}  // namespace portcullis::dev_idp
