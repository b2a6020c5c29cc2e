#include "ec_curves.h"

#include <openssl/obj_mac.h>

#include <array>

#include "ossl.h"

namespace portcullis::token {
namespace {

std::string OrderOf(int nid, size_t bytes) {
  ossl::EcGroupPtr group(EC_GROUP_new_by_curve_name(nid));
  std::string out(bytes, '\0');
  if (!group) return out;
  BN_bn2binpad(EC_GROUP_get0_order(group.get()), reinterpret_cast<unsigned char*>(out.data()),
               static_cast<int>(bytes));
  return out;
}

const std::array<EcCurve, 3>& Curves() {
  static const std::array<EcCurve, 3> curves = {{
      {"P-256", "prime256v1", NID_X9_62_prime256v1, 32, OrderOf(NID_X9_62_prime256v1, 32)},
      {"P-384", "secp384r1", NID_secp384r1, 48, OrderOf(NID_secp384r1, 48)},
      {"P-521", "secp521r1", NID_secp521r1, 66, OrderOf(NID_secp521r1, 66)},
  }};
  return curves;
}

}  // namespace

const EcCurve* FindCurveByJwkName(std::string_view name) {
  for (const auto& c : Curves()) {
    if (c.jwk_name == name) return &c;
  }
  return nullptr;
}

const EcCurve* FindCurveByOpenSslName(std::string_view name) {
  for (const auto& c : Curves()) {
    if (name == c.openssl_name) return &c;
  }
  // OpenSSL may also report the NIST name.
  if (name == "P-256") return FindCurveByJwkName("P-256");
  if (name == "P-384") return FindCurveByJwkName("P-384");
  if (name == "P-521") return FindCurveByJwkName("P-521");
  return nullptr;
}

}  // namespace portcullis::token
