#include "portcullis/bus/connection.h"

#include <nats/nats.h>
#include <spdlog/spdlog.h>

#include <thread>

#include "nats_status.h"

namespace portcullis::bus {
namespace {

// Applies every option; the first failure names the option.
Status Configure(natsOptions* o, const ConnectionOptions& options, const std::string& name) {
  struct Step {
    const char* what;
    natsStatus status;
  };
  const Step steps[] = {
      {"url", natsOptions_SetURL(o, options.url.c_str())},
      {"name", natsOptions_SetName(o, name.c_str())},
      {"timeout", natsOptions_SetTimeout(o, options.connect_timeout.count())},
      {"max reconnect", natsOptions_SetMaxReconnect(o, -1)},
      {"send asap", natsOptions_SetSendAsap(o, options.send_asap)},
      {"fail requests on disconnect",
       natsOptions_SetFailRequestsOnDisconnect(o, options.fail_requests_on_disconnect)},
  };
  for (const Step& step : steps) {
    if (step.status != NATS_OK) {
      return Error{ErrorCode::kBadRequest, std::string("NATS option ") + step.what + ": " +
                                               natsStatus_GetText(step.status)};
    }
  }
  return OkStatus();
}

}  // namespace

Connection::Connection(std::string name) : name_(std::move(name)) {}

Connection::~Connection() {
  if (!nc_) return;
  if (!drained_.load()) (void)Drain(std::chrono::seconds(5));
  natsConnection_Close(nc_.get());
  // nats.c runs connection callbacks on its own thread, the closed callback last; wait for it so
  // no callback touches this object after it is gone.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (!closed_seen_.load() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

Result<std::unique_ptr<Connection>> Connection::Connect(const ConnectionOptions& options) {
  std::unique_ptr<Connection> conn(
      new Connection(options.name.empty() ? "portcullis" : options.name));
  conn->backoff_ = options.backoff;
  natsOptions* raw_opts = nullptr;
  if (natsStatus s = natsOptions_Create(&raw_opts); s != NATS_OK) {
    return NatsError(s, "cannot create NATS options");
  }
  NatsOptionsPtr opts(raw_opts);
  if (Status s = Configure(opts.get(), options, conn->name_); !s.ok()) return s.error();
  Connection* self = conn.get();
  natsOptions_SetDisconnectedCB(opts.get(), &Connection::OnDisconnected, self);
  natsOptions_SetReconnectedCB(opts.get(), &Connection::OnReconnected, self);
  natsOptions_SetClosedCB(opts.get(), &Connection::OnClosed, self);
  natsOptions_SetCustomReconnectDelay(opts.get(), &Connection::ReconnectDelay, self);

  const auto deadline = std::chrono::steady_clock::now() + options.connect_deadline;
  for (int attempt = 1;; ++attempt) {
    conn->connect_attempts_.fetch_add(1);
    natsConnection* nc = nullptr;
    natsStatus s = natsConnection_Connect(&nc, opts.get());
    if (s == NATS_OK) {
      conn->nc_.reset(nc);
      spdlog::info("nats {}: connected to {}", conn->name_, options.url);
      return conn;
    }
    if (s == NATS_INVALID_ARG || s == NATS_ILLEGAL_STATE) {
      return Error{ErrorCode::kBadRequest,
                   "NATS url " + options.url + ": " + natsStatus_GetText(s)};
    }
    auto delay = JitteredBackoffDelay(options.backoff, attempt);
    if (std::chrono::steady_clock::now() + delay >= deadline) {
      Error e = NatsError(s, "cannot connect to NATS at " + options.url + " after " +
                                 std::to_string(attempt) + " attempts");
      spdlog::error("nats {}: {}", conn->name_, e.detail);
      return e;
    }
    spdlog::warn("nats {}: connect attempt {} to {} failed ({}), retrying in {} ms", conn->name_,
                 attempt, options.url, natsStatus_GetText(s), delay.count());
    std::this_thread::sleep_for(delay);
  }
}

bool Connection::IsConnected() const {
  return natsConnection_Status(nc_.get()) == NATS_CONN_STATUS_CONNECTED;
}

Result<std::chrono::microseconds> Connection::Rtt(std::chrono::milliseconds timeout) const {
  auto start = std::chrono::steady_clock::now();
  if (natsStatus s = natsConnection_FlushTimeout(nc_.get(), timeout.count()); s != NATS_OK) {
    return NatsError(s, "NATS flush");
  }
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

Status Connection::Drain(std::chrono::milliseconds timeout) {
  if (drained_.exchange(true)) return OkStatus();
  natsStatus s = natsConnection_DrainTimeout(nc_.get(), timeout.count());
  if (s == NATS_OK) {
    // Drain is asynchronous; Close below would cut it short, so wait for it (bounded).
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (natsConnection_Status(nc_.get()) != NATS_CONN_STATUS_CLOSED &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  natsConnection_Close(nc_.get());
  if (s != NATS_OK && s != NATS_CONNECTION_CLOSED) return NatsError(s, "NATS drain");
  return OkStatus();
}

ConnectionStats Connection::stats() const {
  return {disconnects_.load(), reconnects_.load(), connect_attempts_.load()};
}

void Connection::OnDisconnected(natsConnection*, void* closure) {
  auto* self = static_cast<Connection*>(closure);
  if (self->drained_.load()) return;  // our own shutdown, not an outage
  uint64_t n = self->disconnects_.fetch_add(1) + 1;
  spdlog::warn("nats {}: disconnected (disconnect #{}), reconnecting", self->name_, n);
}

void Connection::OnReconnected(natsConnection*, void* closure) {
  auto* self = static_cast<Connection*>(closure);
  uint64_t n = self->reconnects_.fetch_add(1) + 1;
  spdlog::info("nats {}: reconnected (reconnect #{})", self->name_, n);
}

void Connection::OnClosed(natsConnection*, void* closure) {
  auto* self = static_cast<Connection*>(closure);
  spdlog::info("nats {}: connection closed", self->name_);
  self->closed_seen_.store(true);
}

int64_t Connection::ReconnectDelay(natsConnection*, int attempts, void* closure) {
  auto* self = static_cast<Connection*>(closure);
  return JitteredBackoffDelay(self->backoff_, attempts).count();
}

}  // namespace portcullis::bus
