#pragma once
// RefreshStore: opaque refresh tokens with rotation. Each redemption retires the presented token
// and the caller issues its successor in the same family. Presenting a retired token again is
// treated as theft (OAuth 2.0 Security BCP §4.14.2): the whole family is revoked, so the
// legitimate holder's newest token stops working too. Tokens are kept by SHA-256. Thread-safe.
//
//   RefreshStore::Redemption r = refresh.Redeem(token, client_id);
//   if (r.outcome == RefreshStore::Outcome::kOk)
//     next = refresh.Issue(r.grant, lifetime);   // r.grant.family is kept

#include <map>
#include <mutex>
#include <set>
#include <string>

#include "portcullis/common/clock.h"
#include "portcullis/common/result.h"

namespace portcullis::dev_idp {

struct RefreshGrant {
  std::string family;  // empty on first Issue: a new family is started
  std::string client_id;
  std::string username;
  std::string scope;
  TimePoint auth_time;
};

class RefreshStore {
 public:
  explicit RefreshStore(const Clock& clock) : clock_(clock) {}

  // A new token for `grant`, valid for `ttl`; starts a family when grant.family is empty.
  // Returns the token; the family id is written back into `grant`. kInternal on CSPRNG failure.
  Result<std::string> Issue(RefreshGrant& grant, Duration ttl);

  enum class Outcome { kOk, kUnknown, kExpired, kReused, kRevoked, kWrongClient };
  struct Redemption {
    Outcome outcome = Outcome::kUnknown;
    RefreshGrant grant;  // kOk only
  };
  // Retires `token` if it is live and belongs to `client_id`.
  Redemption Redeem(const std::string& token, const std::string& client_id);

  // Revokes the family `token` belongs to. False when the token is unknown.
  bool RevokeToken(const std::string& token);
  void RevokeFamily(const std::string& family);

 private:
  struct Entry {
    RefreshGrant grant;
    TimePoint expires;
    bool retired = false;
  };

  const Clock& clock_;
  std::mutex mu_;
  std::map<std::string, Entry> tokens_;     // GUARDED_BY(mu_); key: SecretKey(token)
  std::set<std::string> revoked_families_;  // GUARDED_BY(mu_)
};

}  // namespace portcullis::dev_idp
