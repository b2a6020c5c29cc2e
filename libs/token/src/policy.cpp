#include "portcullis/token/policy.h"

#include <algorithm>
#include <cstdio>

namespace portcullis::token {
namespace {

constexpr std::string_view kTenantPlaceholder = "{tenantid}";

// Long double keeps sub-second precision for present-day times and copes with 1e300; nothing
// here is ever converted to an integer, so huge values cannot overflow.
using Seconds = long double;

Seconds ToSeconds(TimePoint t) {
  return std::chrono::duration<Seconds>(t.time_since_epoch()).count();
}

std::string Show(Seconds v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.17Lg", v);
  return buf;
}

// Reads a NumericDate; kInvalidClaim if present with another JSON type.
TokenResult<std::optional<Seconds>> Date(const Claims& claims, std::string_view name) {
  const auto v = claims.Get(name);
  if (!v) return std::optional<Seconds>();
  if (!v->is_number()) {
    return TokenError{TokenErrorCode::kInvalidClaim, std::string(name) + " is not a NumericDate"};
  }
  return std::optional<Seconds>(static_cast<Seconds>(v->AsNumber()));
}

}  // namespace

bool VerifyPolicy::Allows(Algorithm alg) const {
  return std::find(algorithms.begin(), algorithms.end(), alg) != algorithms.end();
}

bool IsGuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

TokenStatus CheckTimes(const Claims& claims, const VerifyPolicy& policy, TimePoint now_tp) {
  const Seconds now = ToSeconds(now_tp);
  const auto leeway = static_cast<Seconds>(policy.leeway.count());
  auto exp = Date(claims, "exp");
  if (!exp.ok()) return exp.error();
  if (!*exp) return TokenError{TokenErrorCode::kMissingClaim, "exp is required"};
  if (!(now < **exp + leeway)) {
    return TokenError{TokenErrorCode::kExpired,
                      "exp " + Show(**exp) + " + leeway " + Show(leeway) + " <= now " + Show(now)};
  }
  auto nbf = Date(claims, "nbf");
  if (!nbf.ok()) return nbf.error();
  if (*nbf && !(**nbf <= now + leeway)) {
    return TokenError{TokenErrorCode::kNotYetValid,
                      "nbf " + Show(**nbf) + " > now " + Show(now) + " + leeway " + Show(leeway)};
  }
  auto iat = Date(claims, "iat");
  if (!iat.ok()) return iat.error();
  if (*iat && !(**iat <= now + leeway)) {
    return TokenError{TokenErrorCode::kIssuedInFuture,
                      "iat " + Show(**iat) + " > now " + Show(now) + " + leeway " + Show(leeway)};
  }
  if (policy.max_age) {
    if (!*iat) return TokenError{TokenErrorCode::kMissingClaim, "iat is required (max age)"};
    const auto max_age = static_cast<Seconds>(policy.max_age->count());
    if (now - **iat > max_age + leeway) {
      return TokenError{TokenErrorCode::kTooOld, "issued " + Show(now - **iat) +
                                                     " s ago, more than max age " + Show(max_age)};
    }
  }
  return Ok{};
}

TokenStatus CheckIssuer(const Claims& claims, const VerifyPolicy& policy) {
  if (policy.issuers.empty()) return TokenError{TokenErrorCode::kBadIssuer, "no issuer configured"};
  const auto iss_value = claims.Get("iss");
  if (!iss_value) return TokenError{TokenErrorCode::kMissingClaim, "iss is required"};
  if (!iss_value->is_string()) return TokenError{TokenErrorCode::kBadIssuer, "iss is not a string"};
  const std::string_view iss = iss_value->AsString();
  for (const std::string& expected : policy.issuers) {
    const size_t at = expected.find(kTenantPlaceholder);
    if (at == std::string::npos) {
      if (iss == expected) return Ok{};
      continue;
    }
    const auto tid = claims.Tid();
    if (!tid || !IsGuid(*tid)) continue;  // "common", paths and the like never fill a template
    if (!policy.allowed_tenants.empty() &&
        std::find(policy.allowed_tenants.begin(), policy.allowed_tenants.end(), *tid) ==
            policy.allowed_tenants.end()) {
      continue;
    }
    std::string filled = expected;
    for (size_t pos = filled.find(kTenantPlaceholder); pos != std::string::npos;
         pos = filled.find(kTenantPlaceholder, pos + tid->size())) {
      filled.replace(pos, kTenantPlaceholder.size(), *tid);
    }
    if (iss == filled) return Ok{};
  }
  return TokenError{TokenErrorCode::kBadIssuer, "iss \"" + std::string(iss) + "\" is not accepted"};
}

TokenStatus CheckAudience(const Claims& claims, const VerifyPolicy& policy) {
  if (policy.audiences.empty()) {
    return TokenError{TokenErrorCode::kBadAudience, "no audience configured"};
  }
  const auto aud = claims.Get("aud");
  if (!aud) return TokenError{TokenErrorCode::kMissingClaim, "aud is required"};
  auto accepted = [&](std::string_view a) {
    return std::find(policy.audiences.begin(), policy.audiences.end(), a) != policy.audiences.end();
  };
  if (aud->is_string()) {
    if (accepted(aud->AsString())) return Ok{};
  } else if (aud->is_array()) {
    bool match = false, all_strings = true;
    aud->ForEach([&](std::string_view, JsonValue a) {
      if (!a.is_string()) {
        all_strings = false;
      } else if (accepted(a.AsString())) {
        match = true;
      }
    });
    if (!all_strings) return TokenError{TokenErrorCode::kBadAudience, "aud holds a non-string"};
    if (match) return Ok{};
  } else {
    return TokenError{TokenErrorCode::kBadAudience, "aud is neither a string nor an array"};
  }
  return TokenError{TokenErrorCode::kBadAudience, "no accepted audience in aud"};
}

TokenStatus CheckClaims(const Claims& claims, const VerifyPolicy& policy, TimePoint now) {
  if (auto s = CheckTimes(claims, policy, now); !s.ok()) return s;
  if (auto s = CheckIssuer(claims, policy); !s.ok()) return s;
  if (auto s = CheckAudience(claims, policy); !s.ok()) return s;
  for (const auto& name : policy.required_claims) {
    const auto v = claims.Get(name);
    if (!v || v->is_null()) return TokenError{TokenErrorCode::kMissingClaim, name + " is required"};
  }
  return Ok{};
}

}  // namespace portcullis::token
