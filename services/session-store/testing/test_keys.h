#pragma once
// Fixed key rings for unit tests (never used outside tests).

#include <string>

#include "portcullis/crypto/key_ring.h"

namespace portcullis::session_store::testing {

inline const std::string kKey1 = "k1:" + std::string(42, 'B') + "A";
inline const std::string kKey2 = "k2:" + std::string(42, 'C') + "A";

inline crypto::KeyRing RingK1() { return crypto::KeyRing::Parse(kKey1).value(); }
inline crypto::KeyRing RingK1K2ActiveK2() {
  return crypto::KeyRing::Parse(kKey1 + "," + kKey2 + ";active=k2").value();
}
inline crypto::KeyRing RingK2Only() { return crypto::KeyRing::Parse(kKey2).value(); }

}  // namespace portcullis::session_store::testing
