#include "code_store.h"

#include "portcullis/crypto/encoding.h"
#include "portcullis/crypto/hash.h"
#include "portcullis/crypto/random.h"

namespace portcullis::dev_idp {

std::string SecretKey(const std::string& secret) {
  return crypto::HexEncode(crypto::Sha256(crypto::AsBytes(secret)));
}

void CodeStore::Purge(TimePoint now) {
  for (auto it = codes_.begin(); it != codes_.end();) {
    if (it->second.expires + kReuseMemory < now) {
      it = codes_.erase(it);
    } else {
      ++it;
    }
  }
}

Result<std::string> CodeStore::Issue(AuthorizationGrant grant, Duration ttl) {
  Result<std::string> code = crypto::RandomId();
  if (!code.ok()) return code.error();
  std::lock_guard<std::mutex> lock(mu_);
  TimePoint now = clock_.Now();
  Purge(now);
  codes_[SecretKey(*code)] = Entry{std::move(grant), now + ttl, false, {}};
  return code;
}

CodeStore::Redemption CodeStore::Redeem(const std::string& code) {
  std::lock_guard<std::mutex> lock(mu_);
  TimePoint now = clock_.Now();
  Purge(now);
  auto it = codes_.find(SecretKey(code));
  Redemption r;
  if (it == codes_.end()) return r;
  Entry& e = it->second;
  if (e.redeemed) {
    r.outcome = Outcome::kReused;
    r.families = e.families;
    return r;
  }
  e.redeemed = true;
  if (e.expires <= now) {
    r.outcome = Outcome::kExpired;
    return r;
  }
  r.outcome = Outcome::kOk;
  r.grant = e.grant;
  return r;
}

void CodeStore::LinkFamily(const std::string& code, const std::string& family) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = codes_.find(SecretKey(code));
  if (it != codes_.end()) it->second.families.push_back(family);
}

}  // namespace portcullis::dev_idp
