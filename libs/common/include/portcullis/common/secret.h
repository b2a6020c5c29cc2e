#pragma once
// SecretString: a secret loaded from config (a client secret, an encryption key ring). It never
// prints itself: formatting and logging show "[redacted]". The bytes are wiped on destruction.

#include <string>
#include <string_view>

namespace portcullis {

class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string value) : value_(std::move(value)) {}
  SecretString(const SecretString&) = default;
  SecretString& operator=(const SecretString&) = default;
  SecretString(SecretString&&) = default;
  SecretString& operator=(SecretString&&) = default;
  ~SecretString() { Wipe(); }

  // The secret itself: pass it straight to the code that needs it, never to a log.
  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }
  std::string_view ToString() const { return "[redacted]"; }

 private:
  void Wipe() {
    volatile char* p = value_.data();
    for (size_t i = 0; i < value_.size(); ++i) p[i] = 0;
  }
  std::string value_;
};

}  // namespace portcullis
