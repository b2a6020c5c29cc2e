#pragma once
// The three JOSE EC curves: JWK name, OpenSSL group name, coordinate size and group order.

#include <string>
#include <string_view>

namespace portcullis::token {

struct EcCurve {
  std::string_view jwk_name;  // "P-256"
  const char* openssl_name;   // "prime256v1"
  int nid;
  size_t field_bytes;  // 32, 48, 66: the size of x, y, r and s
  std::string order;   // n, big-endian, exactly field_bytes long
};

const EcCurve* FindCurveByJwkName(std::string_view name);
const EcCurve* FindCurveByOpenSslName(std::string_view name);

}  // namespace portcullis::token
