#include "portcullis/token/algorithm.h"

#include <array>
#include <utility>

namespace portcullis::token {
namespace {

constexpr std::array<std::pair<std::string_view, Algorithm>, 13> kNames = {{
    {"RS256", Algorithm::kRS256},
    {"RS384", Algorithm::kRS384},
    {"RS512", Algorithm::kRS512},
    {"PS256", Algorithm::kPS256},
    {"PS384", Algorithm::kPS384},
    {"PS512", Algorithm::kPS512},
    {"ES256", Algorithm::kES256},
    {"ES384", Algorithm::kES384},
    {"ES512", Algorithm::kES512},
    {"EdDSA", Algorithm::kEdDSA},
    {"HS256", Algorithm::kHS256},
    {"HS384", Algorithm::kHS384},
    {"HS512", Algorithm::kHS512},
}};

}  // namespace

std::optional<Algorithm> ParseAlgorithm(std::string_view name) {
  for (const auto& [n, alg] : kNames) {
    if (n == name) return alg;
  }
  return std::nullopt;
}

std::string_view AlgorithmName(Algorithm alg) {
  for (const auto& [n, a] : kNames) {
    if (a == alg) return n;
  }
  return "";
}

std::optional<std::vector<Algorithm>> ParseAlgorithmList(std::string_view csv) {
  std::vector<Algorithm> out;
  while (true) {
    const size_t comma = csv.find(',');
    const auto alg = ParseAlgorithm(csv.substr(0, comma));
    if (!alg) return std::nullopt;
    out.push_back(*alg);
    if (comma == std::string_view::npos) break;
    csv.remove_prefix(comma + 1);
  }
  return out;
}

const std::vector<Algorithm>& AllAlgorithms() {
  static const std::vector<Algorithm> all = [] {
    std::vector<Algorithm> v;
    for (const auto& [n, a] : kNames) v.push_back(a);
    return v;
  }();
  return all;
}

const std::vector<Algorithm>& AsymmetricAlgorithms() {
  static const std::vector<Algorithm> asym = [] {
    std::vector<Algorithm> v;
    for (const auto& [n, a] : kNames) {
      if (FamilyOf(a) != KeyFamily::kOct) v.push_back(a);
    }
    return v;
  }();
  return asym;
}

KeyFamily FamilyOf(Algorithm alg) {
  switch (alg) {
    case Algorithm::kRS256:
    case Algorithm::kRS384:
    case Algorithm::kRS512:
    case Algorithm::kPS256:
    case Algorithm::kPS384:
    case Algorithm::kPS512:
      return KeyFamily::kRsa;
    case Algorithm::kES256:
    case Algorithm::kES384:
    case Algorithm::kES512:
      return KeyFamily::kEc;
    case Algorithm::kEdDSA:
      return KeyFamily::kOkp;
    case Algorithm::kHS256:
    case Algorithm::kHS384:
    case Algorithm::kHS512:
      return KeyFamily::kOct;
  }
  return KeyFamily::kOct;
}

std::string_view KtyName(KeyFamily family) {
  switch (family) {
    case KeyFamily::kRsa:
      return "RSA";
    case KeyFamily::kEc:
      return "EC";
    case KeyFamily::kOkp:
      return "OKP";
    case KeyFamily::kOct:
      return "oct";
  }
  return "";
}

std::string_view RequiredCurve(Algorithm alg) {
  switch (alg) {
    case Algorithm::kES256:
      return "P-256";
    case Algorithm::kES384:
      return "P-384";
    case Algorithm::kES512:
      return "P-521";
    case Algorithm::kEdDSA:
      return "Ed25519";
    default:
      return "";
  }
}

size_t HashSize(Algorithm alg) {
  switch (alg) {
    case Algorithm::kRS256:
    case Algorithm::kPS256:
    case Algorithm::kES256:
    case Algorithm::kHS256:
      return 32;
    case Algorithm::kRS384:
    case Algorithm::kPS384:
    case Algorithm::kES384:
    case Algorithm::kHS384:
      return 48;
    default:
      return 64;
  }
}

size_t EcdsaSignatureSize(Algorithm alg) {
  switch (alg) {
    case Algorithm::kES256:
      return 64;
    case Algorithm::kES384:
      return 96;
    case Algorithm::kES512:
      return 132;
    default:
      return 0;
  }
}

}  // namespace portcullis::token
