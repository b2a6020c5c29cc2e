#include "adapters/revocation_listener.h"

#include <nats/nats.h>
#include <spdlog/spdlog.h>

#include "portcullis/bus/codec.h"
#include "portcullis/proto/session/v1/messages.h"
#include "portcullis/proto/session/v1/subjects.h"

namespace portcullis::gateway {

Result<std::unique_ptr<RevocationListener>> RevocationListener::Start(bus::Connection& connection,
                                                                      const std::string& prefix,
                                                                      SessionCache& cache) {
  std::unique_ptr<RevocationListener> l(new RevocationListener(cache));
  natsSubscription* sub = nullptr;
  std::string subject = proto::session::v1::RevokedSubject(prefix);
  natsStatus s = natsConnection_Subscribe(&sub, connection.raw(), subject.c_str(),
                                          &RevocationListener::OnMessage, l.get());
  if (s != NATS_OK) {
    return Error{ErrorCode::kUnavailable,
                 "cannot subscribe to " + subject + ": " + natsStatus_GetText(s)};
  }
  l->sub_.reset(sub);
  return l;
}

RevocationListener::~RevocationListener() {
  // Drain and wait, so no callback can run against the cache once this object is gone.
  if (sub_ && natsSubscription_Drain(sub_.get()) == NATS_OK) {
    natsSubscription_WaitForDrainCompletion(sub_.get(), 2000);
  }
}

void RevocationListener::OnMessage(natsConnection*, natsSubscription*, natsMsg* msg,
                                   void* closure) {
  auto* self = static_cast<RevocationListener*>(closure);
  bus::NatsMsgPtr owned(msg);
  std::string_view payload(natsMsg_GetData(msg), static_cast<size_t>(natsMsg_GetDataLength(msg)));
  auto revoked = bus::Decode<proto::session::v1::Revoked>(payload);
  if (!revoked.ok()) {
    spdlog::warn("revoked broadcast does not decode: {}", revoked.error().ToString());
    return;
  }
  size_t dropped = 0;
  if (!revoked->session_refs.empty()) dropped += self->cache_.DropRefs(revoked->session_refs);
  if (!revoked->user_id.empty()) dropped += self->cache_.DropUser(revoked->user_id);
  spdlog::info("revoked broadcast ({}): {} cached session(s) dropped", revoked->reason, dropped);
}

}  // namespace portcullis::gateway
