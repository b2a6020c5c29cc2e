#include "portcullis/bus/service.h"

#include <nats/nats.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <random>
#include <thread>

#include "nats_status.h"
#include "portcullis/proto/errors.h"

namespace portcullis::bus {

struct Service::Endpoint {
  Service* service = nullptr;
  EndpointInfo info;
  RawHandler handler;
  NatsSubscriptionPtr sub;  // synchronous: the workers pull from it
  std::vector<std::thread> workers;
  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> errors{0};
  std::atomic<int64_t> processing_ns{0};
  mutable std::mutex mu;
  std::string last_error;  // GUARDED_BY(mu)
};

namespace {

// Sends `result` to `reply_to`. A failure to send is logged: the requester then times out,
// which is all NATS offers once the connection is gone.
void SendReply(natsConnection* nc, const char* reply_to, const DispatchResult& result) {
  natsStatus s = NATS_OK;
  if (!result.error) {
    s = natsConnection_Publish(nc, reply_to, result.body.data(),
                               static_cast<int>(result.body.size()));
  } else {
    natsMsg* raw = nullptr;
    const std::string& body = result.error->body;
    s = natsMsg_Create(&raw, reply_to, nullptr, body.data(), static_cast<int>(body.size()));
    NatsMsgPtr msg(raw);
    if (s == NATS_OK) {
      s = natsMsgHeader_Set(msg.get(), proto::kErrorCodeHeader.data(),
                            result.error->code_header.c_str());
    }
    if (s == NATS_OK) {
      s = natsMsgHeader_Set(msg.get(), proto::kErrorHeader.data(),
                            result.error->message_header.c_str());
    }
    if (s == NATS_OK) s = natsConnection_PublishMsg(nc, msg.get());
  }
  if (s != NATS_OK) spdlog::warn("bus: cannot send reply: {}", natsStatus_GetText(s));
}

DispatchResult Unavailable(std::string detail) {
  DispatchResult result;
  Error error{ErrorCode::kUnavailable, std::move(detail)};
  result.error = MakeErrorEnvelope(error);
  result.cause = std::move(error);
  return result;
}

}  // namespace

std::string NewInstanceId() {
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<int> pick(0, 61);
  std::string id(22, '0');
  for (char& c : id) c = kAlphabet[pick(rng)];
  return id;
}

Service::Service(Connection& connection, ServiceConfig config)
    : connection_(connection), config_(std::move(config)) {
  identity_.name = config_.name;
  identity_.id = NewInstanceId();
  identity_.version = config_.version;
  identity_.description = config_.description;
}

Service::~Service() { Stop(); }

void Service::AddRawEndpoint(std::string name, std::string subject, RawHandler handler) {
  auto endpoint = std::make_unique<Endpoint>();
  endpoint->service = this;
  endpoint->info = {std::move(name), std::move(subject), config_.name};
  endpoint->handler = std::move(handler);
  endpoints_.push_back(std::move(endpoint));
}

Status Service::Start() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (started_) return Error{ErrorCode::kBadRequest, "service " + config_.name + " started twice"};
  if (config_.name.empty()) return Error{ErrorCode::kBadRequest, "service without a name"};
  started_ = true;
  started_at_ = std::chrono::system_clock::now();
  natsConnection* nc = connection_.raw();
  const std::size_t workers = config_.workers == 0 ? 1 : config_.workers;
  for (auto& endpoint : endpoints_) {
    natsSubscription* sub = nullptr;
    natsStatus s = natsConnection_QueueSubscribeSync(&sub, nc, endpoint->info.subject.c_str(),
                                                     config_.name.c_str());
    if (s != NATS_OK) return NatsError(s, "cannot subscribe " + endpoint->info.subject);
    endpoint->sub.reset(sub);
    // The hard cap behind max_queued: beyond it nats.c drops (slow consumer) instead of growing.
    (void)natsSubscription_SetPendingLimits(sub, HardCap(), 256 << 20);
    for (std::size_t i = 0; i < workers; ++i) {
      endpoint->workers.emplace_back([this, ep = endpoint.get()] { WorkerLoop(*ep); });
    }
  }
  for (const std::string& subject : SrvSubjects(identity_)) {
    natsSubscription* sub = nullptr;
    natsStatus s = natsConnection_Subscribe(&sub, nc, subject.c_str(), &Service::OnDiscovery, this);
    if (s != NATS_OK) return NatsError(s, "cannot subscribe " + subject);
    discovery_subs_.emplace_back(sub);
  }
  if (natsStatus s = natsConnection_FlushTimeout(nc, 5000); s != NATS_OK) {
    return NatsError(s, "cannot confirm subscriptions of " + config_.name);
  }
  spdlog::info("bus service {} ({}) started with {} endpoints", config_.name, identity_.id,
               endpoints_.size());
  return OkStatus();
}

void Service::Stop() {
  std::lock_guard<std::mutex> lock(lifecycle_mu_);
  if (!started_ || stopped_) return;
  stopped_ = true;
  std::vector<natsSubscription*> subs;
  for (auto& endpoint : endpoints_) {
    if (endpoint->sub) subs.push_back(endpoint->sub.get());
  }
  for (auto& sub : discovery_subs_) subs.push_back(sub.get());
  // Drain: no new requests, the workers answer what is queued, then their NextMsg fails and
  // they return. When the connection is gone, unsubscribe instead.
  for (natsSubscription* sub : subs) {
    if (natsSubscription_Drain(sub) != NATS_OK) (void)natsSubscription_Unsubscribe(sub);
  }
  for (natsSubscription* sub : subs) {
    (void)natsSubscription_WaitForDrainCompletion(sub, config_.drain_timeout.count());
  }
  stopping_.store(true);
  for (auto& endpoint : endpoints_) {
    if (endpoint->sub) (void)natsSubscription_Unsubscribe(endpoint->sub.get());
    for (std::thread& t : endpoint->workers) {
      if (t.joinable()) t.join();
    }
  }
  (void)natsConnection_FlushTimeout(connection_.raw(), 1000);
  spdlog::info("bus service {} ({}) stopped", config_.name, identity_.id);
}

std::vector<EndpointStats> Service::Stats() const {
  std::vector<EndpointStats> stats;
  for (const auto& endpoint : endpoints_) {
    EndpointStats s;
    s.info = endpoint->info;
    s.num_requests = endpoint->requests.load();
    s.num_errors = endpoint->errors.load();
    s.processing_time_ns = endpoint->processing_ns.load();
    std::lock_guard<std::mutex> lock(endpoint->mu);
    s.last_error = endpoint->last_error;
    stats.push_back(std::move(s));
  }
  return stats;
}

int Service::HardCap() const {
  return static_cast<int>(std::clamp<std::size_t>(config_.max_queued * 4, 4096, 1 << 20));
}

void Service::WorkerLoop(Endpoint& endpoint) {
  for (;;) {
    natsMsg* raw = nullptr;
    natsStatus s = natsSubscription_NextMsg(&raw, endpoint.sub.get(), 1000);
    if (s == NATS_TIMEOUT || s == NATS_SLOW_CONSUMER) {
      if (s == NATS_SLOW_CONSUMER) {
        spdlog::error("bus endpoint {}: requests dropped by the NATS client (queue past {})",
                      endpoint.info.name, HardCap());
      }
      if (stopping_.load()) return;
      continue;
    }
    if (s != NATS_OK) return;  // drained, unsubscribed or connection closed
    NatsMsgPtr msg(raw);
    if (natsMsg_GetReply(msg.get()) == nullptr) {
      spdlog::warn("bus endpoint {}: request without a reply subject dropped", endpoint.info.name);
      continue;
    }
    int pending = 0;
    if (natsSubscription_GetPending(endpoint.sub.get(), &pending, nullptr) == NATS_OK &&
        static_cast<std::size_t>(pending) > config_.max_queued) {
      // Shed load: answering at once beats a timeout the caller would wait out.
      endpoint.requests.fetch_add(1);
      endpoint.errors.fetch_add(1);
      SendReply(connection_.raw(), natsMsg_GetReply(msg.get()),
                Unavailable("service " + config_.name + " overloaded"));
      continue;
    }
    Handle(endpoint, std::move(msg));
  }
}

void Service::Handle(Endpoint& endpoint, NatsMsgPtr msg) {
  const auto start = std::chrono::steady_clock::now();
  const char* data = natsMsg_GetData(msg.get());
  std::string_view payload(data == nullptr ? "" : data,
                           static_cast<std::size_t>(natsMsg_GetDataLength(msg.get())));
  DispatchResult result = Dispatch(endpoint.handler, endpoint.info.name, payload, config_.limits);
  SendReply(connection_.raw(), natsMsg_GetReply(msg.get()), result);
  endpoint.requests.fetch_add(1);
  endpoint.processing_ns.fetch_add(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count());
  if (result.cause) {
    endpoint.errors.fetch_add(1);
    std::lock_guard<std::mutex> lock(endpoint.mu);
    endpoint.last_error = result.cause->ToString();
  }
}

void Service::OnDiscovery(natsConnection* nc, natsSubscription* /*sub*/, natsMsg* raw,
                          void* closure) {
  auto* self = static_cast<Service*>(closure);
  NatsMsgPtr msg(raw);
  const char* reply_to = natsMsg_GetReply(msg.get());
  if (reply_to == nullptr) return;
  std::optional<SrvVerb> verb = ParseSrvVerb(natsMsg_GetSubject(msg.get()));
  if (!verb) return;
  std::string json;
  switch (*verb) {
    case SrvVerb::kPing:
      json = PingResponseJson(self->identity_);
      break;
    case SrvVerb::kInfo: {
      std::vector<EndpointInfo> infos;
      for (const auto& endpoint : self->endpoints_) infos.push_back(endpoint->info);
      json = InfoResponseJson(self->identity_, infos);
      break;
    }
    case SrvVerb::kStats:
      json = StatsResponseJson(self->identity_, self->Stats(), self->started_at_);
      break;
  }
  natsStatus s = natsConnection_Publish(nc, reply_to, json.data(), static_cast<int>(json.size()));
  if (s != NATS_OK)
    spdlog::warn("bus: cannot answer {}: {}", natsMsg_GetSubject(msg.get()), natsStatus_GetText(s));
}

}  // namespace portcullis::bus
