#pragma once
// SessionStore: the provider's own sign-in sessions (the "you are already signed in at the IdP"
// state that makes prompt=none work). The browser holds a random id in a cookie; we keep its
// SHA-256. Thread-safe.

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "portcullis/common/clock.h"
#include "portcullis/common/result.h"

namespace portcullis::dev_idp {

struct ProviderSession {
  std::string username;
  TimePoint auth_time;
};

class SessionStore {
 public:
  SessionStore(const Clock& clock, Duration lifetime) : clock_(clock), lifetime_(lifetime) {}

  // A new session id for `username`. kInternal when the CSPRNG fails.
  Result<std::string> Create(const std::string& username);
  // The live session `id` names, or nullopt.
  std::optional<ProviderSession> Find(const std::string& id) const;
  void Destroy(const std::string& id);

  Duration lifetime() const { return lifetime_; }

 private:
  struct Entry {
    ProviderSession session;
    TimePoint expires;
  };
  const Clock& clock_;
  const Duration lifetime_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> sessions_;  // GUARDED_BY(mu_)
};

}  // namespace portcullis::dev_idp
