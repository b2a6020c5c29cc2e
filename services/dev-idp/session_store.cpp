#include "session_store.h"

#include "code_store.h"
#include "portcullis/crypto/random.h"

namespace portcullis::dev_idp {

Result<std::string> SessionStore::Create(const std::string& username) {
  Result<std::string> id = crypto::RandomId();
  if (!id.ok()) return id.error();
  std::lock_guard<std::mutex> lock(mu_);
  TimePoint now = clock_.Now();
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = it->second.expires <= now ? sessions_.erase(it) : std::next(it);
  }
  sessions_[SecretKey(*id)] = Entry{ProviderSession{username, now}, now + lifetime_};
  return id;
}

std::optional<ProviderSession> SessionStore::Find(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(SecretKey(id));
  if (it == sessions_.end() || it->second.expires <= clock_.Now()) return std::nullopt;
  return it->second.session;
}

void SessionStore::Destroy(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(SecretKey(id));
}

}  // namespace portcullis::dev_idp
