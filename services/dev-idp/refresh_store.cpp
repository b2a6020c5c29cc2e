#include "refresh_store.h"

#include "code_store.h"
#include "portcullis/crypto/random.h"

namespace portcullis::dev_idp {

Result<std::string> RefreshStore::Issue(RefreshGrant& grant, Duration ttl) {
  Result<std::string> token = crypto::RandomId();
  if (!token.ok()) return token.error();
  if (grant.family.empty()) {
    Result<std::string> family = crypto::RandomId();
    if (!family.ok()) return family.error();
    grant.family = *family;
  }
  std::lock_guard<std::mutex> lock(mu_);
  TimePoint now = clock_.Now();
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    it = it->second.expires < now ? tokens_.erase(it) : std::next(it);
  }
  tokens_[SecretKey(*token)] = Entry{grant, now + ttl, false};
  return token;
}

RefreshStore::Redemption RefreshStore::Redeem(const std::string& token,
                                              const std::string& client_id) {
  std::lock_guard<std::mutex> lock(mu_);
  Redemption r;
  auto it = tokens_.find(SecretKey(token));
  if (it == tokens_.end()) return r;
  Entry& e = it->second;
  if (revoked_families_.count(e.grant.family) != 0) {
    r.outcome = Outcome::kRevoked;
  } else if (e.grant.client_id != client_id) {
    r.outcome = Outcome::kWrongClient;
  } else if (e.retired) {
    revoked_families_.insert(e.grant.family);
    r.outcome = Outcome::kReused;
  } else if (e.expires <= clock_.Now()) {
    r.outcome = Outcome::kExpired;
  } else {
    e.retired = true;
    r.outcome = Outcome::kOk;
    r.grant = e.grant;
  }
  return r;
}

bool RefreshStore::RevokeToken(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tokens_.find(SecretKey(token));
  if (it == tokens_.end()) return false;
  revoked_families_.insert(it->second.grant.family);
  return true;
}

void RefreshStore::RevokeFamily(const std::string& family) {
  std::lock_guard<std::mutex> lock(mu_);
  revoked_families_.insert(family);
}

}  // namespace portcullis::dev_idp
