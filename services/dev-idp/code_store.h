#pragma once
// CodeStore: authorization codes, single-use and short-lived. Codes are kept by their SHA-256
// (a memory dump yields no usable code). A redeemed code is remembered until it would have
// expired plus kReuseMemory, so a second redemption is recognised as reuse and the token
// families the first redemption started can be revoked (RFC 6749 §4.1.2). Thread-safe.
//
//   Result<std::string> code = codes.Issue(grant, std::chrono::seconds(60));
//   CodeStore::Redemption r = codes.Redeem(presented);
//   if (r.outcome == CodeStore::Outcome::kReused) revoke(r.families);

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "portcullis/common/clock.h"
#include "portcullis/common/result.h"

namespace portcullis::dev_idp {

struct AuthorizationGrant {
  std::string client_id;
  std::string redirect_uri;
  std::string username;
  std::string scope;           // as requested, space-separated
  std::string nonce;           // may be empty
  std::string code_challenge;  // S256
  TimePoint auth_time;
};

class CodeStore {
 public:
  static constexpr std::chrono::minutes kReuseMemory{10};

  explicit CodeStore(const Clock& clock) : clock_(clock) {}

  // A new random code for `grant`, valid for `ttl`. kInternal when the CSPRNG fails.
  Result<std::string> Issue(AuthorizationGrant grant, Duration ttl);

  enum class Outcome { kOk, kUnknown, kExpired, kReused };
  struct Redemption {
    Outcome outcome = Outcome::kUnknown;
    AuthorizationGrant grant;           // kOk only
    std::vector<std::string> families;  // kReused: refresh families the first use started
  };
  // Consumes `code`. Every call after the first returns kReused, whatever the first call's
  // caller then did with it.
  Redemption Redeem(const std::string& code);

  // Records that redeeming `code` started refresh-token family `family`.
  void LinkFamily(const std::string& code, const std::string& family);

 private:
  struct Entry {
    AuthorizationGrant grant;
    TimePoint expires;
    bool redeemed = false;
    std::vector<std::string> families;
  };
  void Purge(TimePoint now);  // requires mu_

  const Clock& clock_;
  std::mutex mu_;
  std::map<std::string, Entry> codes_;  // GUARDED_BY(mu_); key: hex SHA-256 of the code
};

// Hex SHA-256 of a code or token: how stores key secrets they hand out.
std::string SecretKey(const std::string& secret);

}  // namespace portcullis::dev_idp
