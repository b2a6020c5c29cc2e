#include "portcullis/token/jwks.h"

namespace portcullis::token {

TokenResult<JwkSet> JwkSet::Parse(std::string_view json) {
  auto doc = JsonDocument::Parse(std::string(json));
  if (!doc.ok()) return doc.error();
  const auto keys = doc->root().Find("keys");
  if (!doc->root().is_object() || !keys || !keys->is_array()) {
    return TokenError{TokenErrorCode::kMalformed, "JWKS: expected an object with a keys array"};
  }
  JwkSet set;
  keys->ForEach([&](std::string_view, JsonValue entry) {
    auto key = Jwk::Parse(entry);
    if (key.ok()) {
      set.keys_.push_back(std::move(*key));
    } else {
      set.skipped_.push_back(key.error().detail);
    }
  });
  return set;
}

bool JwkSet::ContainsKid(std::string_view kid) const {
  for (const auto& k : keys_) {
    if (k.kid() && *k.kid() == kid) return true;
  }
  return false;
}

TokenResult<const Jwk*> JwkSet::Select(Algorithm alg, const KeyId& kid) const {
  const Jwk* chosen = nullptr;
  size_t matches = 0;
  if (kid.present) {
    if (!kid.is_string) return TokenError{TokenErrorCode::kUnknownKeyId, "kid is not a string"};
    for (const auto& k : keys_) {
      if (k.kid() && *k.kid() == kid.value) {
        chosen = &k;
        ++matches;
      }
    }
    if (matches == 0) {
      return TokenError{TokenErrorCode::kUnknownKeyId, "no key with kid \"" + kid.value + "\""};
    }
    if (matches > 1) {
      return TokenError{TokenErrorCode::kUnknownKeyId,
                        std::to_string(matches) + " keys share kid \"" + kid.value + "\""};
    }
    if (!chosen->Fits(alg)) {
      return TokenError{TokenErrorCode::kKeyRejected, "key \"" + kid.value + "\" may not verify " +
                                                          std::string(AlgorithmName(alg))};
    }
  } else {
    for (const auto& k : keys_) {
      if (k.Fits(alg)) {
        chosen = &k;
        ++matches;
      }
    }
    if (matches != 1) {
      return TokenError{TokenErrorCode::kUnknownKeyId,
                        "no kid and " + std::to_string(matches) + " keys fit " +
                            std::string(AlgorithmName(alg)) + " (need exactly one)"};
    }
  }
  if (auto weak = chosen->Weakness(alg)) return TokenError{TokenErrorCode::kKeyRejected, *weak};
  return chosen;
}

std::string JwkSet::PublicJson() const {
  std::string out = "{\"keys\":[";
  bool first = true;
  for (const auto& k : keys_) {
    if (k.family() == KeyFamily::kOct) continue;
    if (!first) out.push_back(',');
    first = false;
    out += k.PublicJson();
  }
  out += "]}";
  return out;
}

}  // namespace portcullis::token
