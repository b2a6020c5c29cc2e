#include "portcullis/bus/client.h"

#include <nats/nats.h>

#include <optional>

#include "nats_status.h"
#include "portcullis/bus/envelope.h"
#include "portcullis/proto/errors.h"

namespace portcullis::bus {
namespace {

std::optional<std::string_view> Header(natsMsg* msg, std::string_view key) {
  const char* value = nullptr;
  if (natsMsgHeader_Get(msg, std::string(key).c_str(), &value) != NATS_OK || value == nullptr) {
    return std::nullopt;
  }
  return std::string_view(value);
}

std::string_view Payload(natsMsg* msg) {
  const char* data = natsMsg_GetData(msg);
  return {data == nullptr ? "" : data, static_cast<std::size_t>(natsMsg_GetDataLength(msg))};
}

}  // namespace

Client::Client(Connection& connection, DecodeLimits limits)
    : connection_(connection), limits_(limits) {}

Result<std::string> Client::RequestRaw(std::string_view subject, std::string_view payload,
                                       std::chrono::milliseconds deadline) {
  const std::string subj(subject);
  natsMsg* raw = nullptr;
  natsStatus s = natsConnection_Request(&raw, connection_.raw(), subj.c_str(), payload.data(),
                                        static_cast<int>(payload.size()), deadline.count());
  NatsMsgPtr reply(raw);
  switch (s) {
    case NATS_OK:
      break;
    case NATS_NO_RESPONDERS:
      return Error{ErrorCode::kUnavailable, "no responders on " + subj};
    case NATS_TIMEOUT:
      return Error{ErrorCode::kUnavailable,
                   "no reply on " + subj + " within " + std::to_string(deadline.count()) + " ms"};
    default:
      return NatsError(s, "request on " + subj);
  }
  std::string_view body = Payload(reply.get());
  if (std::optional<Error> error = ErrorFromReply(Header(reply.get(), proto::kErrorCodeHeader),
                                                  Header(reply.get(), proto::kErrorHeader), body)) {
    return *error;
  }
  if (body.size() > limits_.max_bytes) {
    return Error{ErrorCode::kBadRequest,
                 "reply from " + subj + " exceeds " + std::to_string(limits_.max_bytes) + " bytes"};
  }
  return std::string(body);
}

Result<std::vector<std::string>> Client::Gather(std::string_view subject, std::string_view payload,
                                                std::chrono::milliseconds window,
                                                std::size_t max_replies) {
  natsConnection* nc = connection_.raw();
  natsInbox* inbox = nullptr;
  if (natsStatus s = natsInbox_Create(&inbox); s != NATS_OK) return NatsError(s, "inbox");
  std::unique_ptr<natsInbox, void (*)(natsInbox*)> inbox_owner(inbox, &natsInbox_Destroy);
  natsSubscription* raw_sub = nullptr;
  if (natsStatus s = natsConnection_SubscribeSync(&raw_sub, nc, inbox); s != NATS_OK) {
    return NatsError(s, "subscribe to reply inbox");
  }
  NatsSubscriptionPtr sub(raw_sub);
  const std::string subj(subject);
  natsStatus s = natsConnection_PublishRequest(nc, subj.c_str(), inbox, payload.data(),
                                               static_cast<int>(payload.size()));
  if (s == NATS_OK) s = natsConnection_FlushTimeout(nc, window.count());
  if (s != NATS_OK) return NatsError(s, "request on " + subj);
  std::vector<std::string> replies;
  const auto deadline = std::chrono::steady_clock::now() + window;
  while (replies.size() < max_replies) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    natsMsg* raw_msg = nullptr;
    if (natsSubscription_NextMsg(&raw_msg, sub.get(), left.count()) != NATS_OK) break;
    NatsMsgPtr msg(raw_msg);
    if (natsMsg_IsNoResponders(msg.get())) break;
    replies.emplace_back(Payload(msg.get()));
  }
  (void)natsSubscription_Unsubscribe(sub.get());
  return replies;
}

}  // namespace portcullis::bus
