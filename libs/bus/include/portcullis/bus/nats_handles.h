#pragma once
// Owning handles for nats.c objects. The C types are only forward-declared here so users of
// libs/bus headers do not see <nats/nats.h>; the deleters are defined in nats_handles.cpp.

#include <memory>

// These repeat nats.h's own typedefs verbatim, so its reserved names and `typedef` stay.
// NOLINTBEGIN(bugprone-reserved-identifier,modernize-use-using)
typedef struct __natsConnection natsConnection;
typedef struct __natsSubscription natsSubscription;
typedef struct __natsMsg natsMsg;
typedef struct __natsOptions natsOptions;
typedef struct __jsCtx jsCtx;
// NOLINTEND(bugprone-reserved-identifier,modernize-use-using)

namespace portcullis::bus {

struct NatsConnectionDeleter {
  void operator()(natsConnection* nc) const;  // close, then destroy
};
struct NatsSubscriptionDeleter {
  void operator()(natsSubscription* sub) const;
};
struct NatsMsgDeleter {
  void operator()(natsMsg* msg) const;
};
struct NatsOptionsDeleter {
  void operator()(natsOptions* opts) const;
};
struct JsCtxDeleter {
  void operator()(jsCtx* js) const;
};

using NatsConnectionPtr = std::unique_ptr<natsConnection, NatsConnectionDeleter>;
using NatsSubscriptionPtr = std::unique_ptr<natsSubscription, NatsSubscriptionDeleter>;
using NatsMsgPtr = std::unique_ptr<natsMsg, NatsMsgDeleter>;
using NatsOptionsPtr = std::unique_ptr<natsOptions, NatsOptionsDeleter>;
using JsCtxPtr = std::unique_ptr<jsCtx, JsCtxDeleter>;

}  // namespace portcullis::bus
