#pragma once
// RevocationListener: subscribes to `<prefix>.session.v1.revoked` (plain subscription: every
// gateway instance hears every broadcast) and drops the named sessions, or all of a user's,
// from the SessionCache. libs/bus has no broadcast-subscription API yet, so this adapter uses
// nats.c directly on the shared Connection.

#include <memory>
#include <string>

#include "portcullis/bus/connection.h"
#include "portcullis/bus/nats_handles.h"
#include "portcullis/common/result.h"
#include "session_cache.h"

namespace portcullis::gateway {

class RevocationListener {
 public:
  // kUnavailable when the subscription cannot be made.
  static Result<std::unique_ptr<RevocationListener>> Start(bus::Connection& connection,
                                                           const std::string& prefix,
                                                           SessionCache& cache);
  ~RevocationListener();

 private:
  explicit RevocationListener(SessionCache& cache) : cache_(cache) {}
  static void OnMessage(natsConnection* nc, natsSubscription* sub, natsMsg* msg, void* closure);

  SessionCache& cache_;
  bus::NatsSubscriptionPtr sub_;
};

}  // namespace portcullis::gateway
