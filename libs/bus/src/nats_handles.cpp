#include "portcullis/bus/nats_handles.h"

#include <nats/nats.h>

namespace portcullis::bus {

void NatsConnectionDeleter::operator()(natsConnection* nc) const {
  natsConnection_Close(nc);
  natsConnection_Destroy(nc);
}
void NatsSubscriptionDeleter::operator()(natsSubscription* sub) const {
  natsSubscription_Destroy(sub);
}
void NatsMsgDeleter::operator()(natsMsg* msg) const { natsMsg_Destroy(msg); }
void NatsOptionsDeleter::operator()(natsOptions* opts) const { natsOptions_Destroy(opts); }
void JsCtxDeleter::operator()(jsCtx* js) const { jsCtx_Destroy(js); }

}  // namespace portcullis::bus
