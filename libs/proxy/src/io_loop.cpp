#include "io_loop.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <cstring>

#include "portcullis/proxy/hop_by_hop.h"
#include "request_writer.h"

namespace portcullis::proxy {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kTimerScanInterval = std::chrono::milliseconds(5);
constexpr int kMaxReadsPerEvent = 4;  // a fast upstream must not starve the others
constexpr uint32_t kReadEvents = EPOLLIN | EPOLLRDHUP;

std::string ErrnoText(const char* what, int err) {
  return std::string(what) + ": " + std::strerror(err);
}

}  // namespace

// Bridges parser events to the sink of the call being answered.
class CallEvents final : public ResponseEvents {
 public:
  explicit CallEvents(Call& call) : call_(call) {}
  void OnResponseHead(int status, HeaderList headers) override {
    RemoveHopByHopHeaders(headers);
    call_.head_sent = true;
    call_.sink->OnHead(status, std::move(headers));
  }
  bool OnResponseBody(std::string_view data) override {
    switch (call_.sink->OnBodyChunk(data)) {
      case SinkFlow::kContinue:
        return true;
      case SinkFlow::kPause:
        call_.paused = true;
        return false;
      case SinkFlow::kAbort:
        call_.abort_requested = true;
        return false;
    }
    return true;
  }

 private:
  Call& call_;
};

IoLoop::IoLoop(const UpstreamProxyOptions& options, EngineCounters& counters)
    : options_(options),
      counters_(counters),
      mailbox_(std::make_shared<Mailbox>()),
      read_buffer_(options.read_buffer_bytes) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  assert(epoll_fd_ >= 0);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;  // the mailbox
  [[maybe_unused]] const int rc = ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, mailbox_->fd(), &ev);
  assert(rc == 0);
  now_ = Clock::now();
  last_timer_scan_ = now_;
  thread_ = std::thread([this] { Run(); });
}

IoLoop::~IoLoop() {
  stop_.store(true);
  mailbox_->Post({Mailbox::Kind::kResume, nullptr});  // a wake-up; Run() ignores it
  thread_.join();
  ::close(epoll_fd_);
}

void IoLoop::Start(std::shared_ptr<Call> call) {
  call->mailbox = mailbox_;
  mailbox_->Post({Mailbox::Kind::kStart, std::move(call)});
}

void IoLoop::Run() {
  std::vector<epoll_event> events(128);
  while (!stop_.load(std::memory_order_relaxed)) {
    const int timeout_ms = !mailbox_->PrepareToSleep() ? 0 : (calls_.empty() ? 1000 : 5);
    const int n =
        ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), timeout_ms);
    now_ = Clock::now();
    bool signalled = false;
    for (int i = 0; i < n; ++i) signalled |= events[i].data.ptr == nullptr;
    mailbox_->Awake(signalled);
    HandleCommands();
    for (int i = 0; i < n; ++i) {
      auto* c = static_cast<Connection*>(events[i].data.ptr);
      if (c != nullptr && c->fd >= 0) {  // fd < 0: closed earlier in this batch
        OnConnectionEvent(c, events[i].events);
      }
    }
    if (now_ - last_timer_scan_ >= kTimerScanInterval) CheckTimers(now_);
    graveyard_.clear();
  }
  // Stopping: end every call exactly once, close every connection.
  for (auto& command : mailbox_->Close()) {
    if (command.kind != Mailbox::Kind::kStart || !command.call) continue;
    calls_[command.call.get()] = command.call;
    command.call->started = true;
    command.call->sink->OnStart(command.call);
  }
  std::vector<std::shared_ptr<Call>> live;
  for (auto& [ptr, call] : calls_) live.push_back(call);
  for (auto& call : live) FailCall(call, UpstreamErrorCode::kReset, "proxy stopped");
  std::vector<Connection*> open;
  for (auto& [ptr, conn] : connections_) open.push_back(ptr);
  for (Connection* c : open) Close(c);
  graveyard_.clear();
}

void IoLoop::HandleCommands() {
  for (auto& command : mailbox_->Take()) {
    if (!command.call) continue;
    switch (command.kind) {
      case Mailbox::Kind::kStart:
        BeginCall(command.call);
        break;
      case Mailbox::Kind::kResume:
        ResumeCall(command.call);
        break;
      case Mailbox::Kind::kCancel:
        if (command.call->started && !command.call->ended) {
          FailCall(command.call, UpstreamErrorCode::kClientGone, "cancelled by the sink");
        }
        break;
    }
  }
}

void IoLoop::BeginCall(const std::shared_ptr<Call>& call) {
  calls_[call.get()] = call;
  call->started = true;
  call->deadline = now_ + call->request.timeout;
  call->sink->OnStart(call);
  if (call->ended) return;  // the sink cancelled from OnStart
  auto url = ParseUpstreamUrl(call->request.url);
  if (!url) {
    FailCall(call, UpstreamErrorCode::kBadRequest, "upstream URL is not http://host[:port]/...");
    return;
  }
  call->url = std::move(*url);
  std::string error;
  auto wire = SerializeUpstreamRequest(call->request, call->url, &error);
  if (!wire) {
    FailCall(call, UpstreamErrorCode::kBadRequest, error);
    return;
  }
  call->wire = std::move(*wire);
  call->request.body.clear();  // the wire copy is the one we keep
  call->request.body.shrink_to_fit();
  Assign(call, PoolFor(call->url));
}

Pool& IoLoop::PoolFor(const UpstreamUrl& url) {
  auto& slot = pools_[url.authority];
  if (!slot) {
    slot = std::make_unique<Pool>();
    slot->key = url.authority;
    slot->host = url.host;
    slot->port = url.port;
  }
  return *slot;
}

void IoLoop::Assign(const std::shared_ptr<Call>& call, Pool& pool) {
  while (!pool.idle.empty()) {
    Connection* c = pool.idle.back();
    pool.idle.pop_back();
    if (now_ - c->idle_since > options_.idle_connection_ttl) {
      Close(c);
      continue;
    }
    c->call = call;
    call->connection = c;
    counters_.connections_reused.fetch_add(1, std::memory_order_relaxed);
    WriteRequest(c);
    return;
  }
  if (pool.open < options_.max_connections_per_host) {
    OpenConnection(call, pool);
    return;
  }
  if (pool.waiting.size() >= options_.max_waiting_per_host) {
    FailCall(call, UpstreamErrorCode::kOverloaded, "too many calls waiting for a connection");
    return;
  }
  pool.waiting.push_back(call);
}

void IoLoop::OpenConnection(const std::shared_ptr<Call>& call, Pool& pool) {
  if (!pool.resolved) {
    // Resolved once per pool, on this thread: upstreams are configured names, normally IPv4
    // literals or localhost, so the rare blocking lookup is accepted here.
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* result = nullptr;
    const std::string port = std::to_string(pool.port);
    if (::getaddrinfo(pool.host.c_str(), port.c_str(), &hints, &result) != 0 || !result) {
      FailCall(call, UpstreamErrorCode::kRefused, "upstream host name not resolved");
      return;
    }
    const auto* bytes = reinterpret_cast<const uint8_t*>(result->ai_addr);
    pool.address.assign(bytes, bytes + result->ai_addrlen);
    ::freeaddrinfo(result);
    pool.resolved = true;
  }
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    FailCall(call, UpstreamErrorCode::kRefused, ErrnoText("socket", errno));
    return;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  const int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(pool.address.data()),
                           static_cast<socklen_t>(pool.address.size()));
  if (rc != 0 && errno != EINPROGRESS) {
    const int err = errno;
    ::close(fd);
    pool.resolved = false;  // look the name up again next time
    FailCall(call, UpstreamErrorCode::kRefused, ErrnoText("connect", err));
    return;
  }
  auto owned = std::make_unique<Connection>(
      ParserLimits{.max_head_bytes = options_.max_response_head_bytes});
  Connection* c = owned.get();
  connections_[c] = std::move(owned);
  c->fd = fd;
  c->pool = &pool;
  c->call = call;
  call->connection = c;
  ++pool.open;
  counters_.open_connections.fetch_add(1, std::memory_order_relaxed);
  counters_.connections_opened.fetch_add(1, std::memory_order_relaxed);
  if (rc == 0) {
    WriteRequest(c);
  } else {
    c->connecting = true;
    Watch(c, EPOLLOUT);
  }
}

void IoLoop::WriteRequest(Connection* c) {
  Call& call = *c->call;
  while (call.written < call.wire.size()) {
    const ssize_t n = ::send(c->fd, call.wire.data() + call.written,
                             call.wire.size() - call.written, MSG_NOSIGNAL);
    if (n > 0) {
      call.written += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      Watch(c, EPOLLOUT);
      return;
    }
    const int err = n < 0 ? errno : EPIPE;
    if (c->reused && !call.retried) {
      // A pooled connection the upstream closed while idle: nothing reached it, so sending
      // again is safe for any method. Its idle siblings are likely stale too.
      RetryOnFreshConnection(c);
      return;
    }
    FailCall(c->call, UpstreamErrorCode::kReset, ErrnoText("send", err));
    return;
  }
  c->parser.Start(call.request.method == "HEAD");
  Watch(c, kReadEvents);
}

void IoLoop::RetryOnFreshConnection(Connection* c) {
  std::shared_ptr<Call> call = c->call;
  Pool& pool = *c->pool;
  c->call.reset();
  call->connection = nullptr;
  call->retried = true;
  call->written = 0;
  Close(c);
  std::vector<Connection*> stale;
  stale.swap(pool.idle);
  for (Connection* s : stale) Close(s);
  if (pool.open < options_.max_connections_per_host) {
    OpenConnection(call, pool);
  } else {
    pool.waiting.push_front(call);
  }
}

void IoLoop::OnConnectionEvent(Connection* c, uint32_t events) {
  if (!c->call) {  // idle: the upstream closed it or sent bytes nobody asked for
    Close(c);
    return;
  }
  if (c->connecting) {
    int err = 0;
    socklen_t len = sizeof(err);
    ::getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
      c->pool->resolved = false;
      FailCall(c->call, UpstreamErrorCode::kRefused, ErrnoText("connect", err));
      return;
    }
    if (!(events & EPOLLOUT)) return;
    c->connecting = false;
    WriteRequest(c);
    return;
  }
  if (c->call->written < c->call->wire.size()) {
    WriteRequest(c);
    return;
  }
  ReadResponse(c);
}

void IoLoop::ReadResponse(Connection* c) {
  for (int i = 0; i < kMaxReadsPerEvent; ++i) {
    const ssize_t n = ::recv(c->fd, read_buffer_.data(), read_buffer_.size(), 0);
    if (n > 0) {
      c->call->deadline = now_ + c->call->request.timeout;
      if (!Feed(c, std::string_view(read_buffer_.data(), static_cast<size_t>(n)))) return;
      if (static_cast<size_t>(n) < read_buffer_.size()) return;  // drained for now
      continue;
    }
    if (n == 0) {
      OnEof(c, "upstream closed the connection");
      return;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return;
    OnEof(c, ErrnoText("recv", errno));
    return;
  }
}

bool IoLoop::Feed(Connection* c, std::string_view data) {
  std::shared_ptr<Call> call = c->call;
  CallEvents events(*call);
  const FeedResult result = c->parser.Feed(data, events);
  switch (result.status) {
    case ParseStatus::kNeedMore:
      return true;
    case ParseStatus::kPaused:
      if (call->abort_requested) {
        FailCall(call, UpstreamErrorCode::kClientGone, "the client went away");
        return false;
      }
      c->unread.assign(data.substr(result.consumed));
      Unwatch(c);
      call->deadline = now_ + call->request.timeout;
      return false;
    case ParseStatus::kDone:
      FinishCall(c, result.consumed == data.size() && c->unread.empty());
      return false;
    case ParseStatus::kError:
      FailCall(call, UpstreamErrorCode::kBadResponse, c->parser.error());
      return false;
  }
  return false;
}

void IoLoop::OnEof(Connection* c, std::string detail) {
  std::shared_ptr<Call> call = c->call;
  if (!c->parser.received_anything() && c->reused && !call->retried &&
      IsIdempotentMethod(call->request.method)) {
    RetryOnFreshConnection(c);
    return;
  }
  CallEvents events(*call);
  if (c->parser.FinishAtEof(events) == ParseStatus::kDone) {
    FinishCall(c, false);
    return;
  }
  FailCall(call, UpstreamErrorCode::kReset, detail + " (" + c->parser.error() + ")");
}

void IoLoop::ResumeCall(const std::shared_ptr<Call>& call) {
  if (call->ended || !call->paused || call->connection == nullptr) return;
  call->paused = false;
  Connection* c = call->connection;
  call->deadline = now_ + call->request.timeout;
  std::string pending = std::move(c->unread);
  c->unread.clear();
  if (!pending.empty() && !Feed(c, pending)) return;
  Watch(c, kReadEvents);
}

void IoLoop::FinishCall(Connection* c, bool reusable) {
  std::shared_ptr<Call> call = c->call;
  c->call.reset();
  call->connection = nullptr;
  call->ended = true;
  calls_.erase(call.get());
  counters_.calls_in_flight.fetch_sub(1, std::memory_order_relaxed);
  if (reusable && c->parser.keep_alive()) {
    Release(c);
  } else {
    Close(c);
  }
  call->sink->OnEnd();
}

void IoLoop::FailCall(std::shared_ptr<Call> call, UpstreamErrorCode code, std::string detail) {
  if (call->ended) return;  // `call` is a copy: callers pass members that this resets
  call->ended = true;
  calls_.erase(call.get());
  counters_.calls_in_flight.fetch_sub(1, std::memory_order_relaxed);
  if (Connection* c = call->connection) {
    c->call.reset();
    call->connection = nullptr;
    Close(c);
  }
  call->sink->OnError(UpstreamError{code, std::move(detail)}, call->head_sent);
}

void IoLoop::Release(Connection* c) {
  Pool& pool = *c->pool;
  c->reused = true;
  c->unread.clear();
  while (!pool.waiting.empty()) {
    std::shared_ptr<Call> next = std::move(pool.waiting.front());
    pool.waiting.pop_front();
    if (next->ended) continue;
    c->call = next;
    next->connection = c;
    counters_.connections_reused.fetch_add(1, std::memory_order_relaxed);
    WriteRequest(c);
    return;
  }
  if (pool.idle.size() >= options_.max_idle_per_host) {
    Close(c);
    return;
  }
  c->idle_since = now_;
  pool.idle.push_back(c);
  Watch(c, kReadEvents);
}

void IoLoop::Close(Connection* c) {
  if (c->fd < 0) return;
  Unwatch(c);
  ::close(c->fd);
  c->fd = -1;
  Pool& pool = *c->pool;
  --pool.open;
  counters_.open_connections.fetch_sub(1, std::memory_order_relaxed);
  auto idle = std::find(pool.idle.begin(), pool.idle.end(), c);
  if (idle != pool.idle.end()) pool.idle.erase(idle);
  if (c->call) {
    c->call->connection = nullptr;
    c->call.reset();
  }
  // Freed after the current epoll batch: later events of the batch may still name it.
  auto it = connections_.find(c);
  graveyard_.push_back(std::move(it->second));
  connections_.erase(it);
  if (!stop_.load(std::memory_order_relaxed)) ServeWaiting(pool);
}

void IoLoop::ServeWaiting(Pool& pool) {
  while (!pool.waiting.empty() && pool.open < options_.max_connections_per_host) {
    std::shared_ptr<Call> next = std::move(pool.waiting.front());
    pool.waiting.pop_front();
    if (next->ended) continue;
    OpenConnection(next, pool);
  }
}

void IoLoop::Watch(Connection* c, uint32_t events) {
  if (c->in_epoll && c->events == events) return;
  epoll_event ev{};
  ev.events = events;
  ev.data.ptr = c;
  ::epoll_ctl(epoll_fd_, c->in_epoll ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, c->fd, &ev);
  c->in_epoll = true;
  c->events = events;
}

void IoLoop::Unwatch(Connection* c) {
  if (!c->in_epoll) return;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c->fd, nullptr);
  c->in_epoll = false;
  c->events = 0;
}

void IoLoop::CheckTimers(std::chrono::steady_clock::time_point now) {
  last_timer_scan_ = now;
  std::vector<std::shared_ptr<Call>> expired;
  for (auto& [ptr, call] : calls_) {
    if (call->deadline <= now) expired.push_back(call);
  }
  for (auto& call : expired) {
    if (call->paused) {
      FailCall(call, UpstreamErrorCode::kClientGone, "the client did not take the answer in time");
    } else {
      FailCall(call, UpstreamErrorCode::kTimeout,
               call->head_sent ? "upstream went silent mid-body" : "no answer from the upstream");
    }
  }
  if (now - last_idle_scan_ >= std::chrono::seconds(1)) {
    last_idle_scan_ = now;
    std::vector<Connection*> old;
    for (auto& [key, pool] : pools_) {
      for (Connection* c : pool->idle) {
        if (now - c->idle_since > options_.idle_connection_ttl) old.push_back(c);
      }
    }
    for (Connection* c : old) Close(c);
  }
}

}  // namespace portcullis::proxy
