#pragma once
// IoLoop: one epoll thread of the proxy engine. It owns its connections, pools and calls; other
// threads talk to it only through its Mailbox (a locked command list plus an eventfd).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "portcullis/proxy/upstream_proxy.h"
#include "response_parser.h"
#include "upstream_url.h"

namespace portcullis::proxy {

struct EngineCounters {
  std::atomic<uint64_t> connections_opened{0};
  std::atomic<uint64_t> connections_reused{0};
  std::atomic<uint64_t> open_connections{0};
  std::atomic<uint64_t> calls_in_flight{0};
};

class IoLoop;
struct Call;

// Commands reach the loop through here. Calls keep the mailbox (not the loop) alive, so a sink
// calling Resume() after the proxy is gone touches only this object.
class Mailbox {
 public:
  enum class Kind { kStart, kResume, kCancel };
  struct Command {
    Kind kind;
    std::shared_ptr<Call> call;
  };

  Mailbox();
  ~Mailbox();
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;

  // False once the loop stopped taking commands. Signals the eventfd only when the loop is (about
  // to be) asleep in epoll_wait: a busy loop picks commands up between batches without a syscall.
  bool Post(Command command);
  int fd() const { return event_fd_; }
  // Called by the loop: the pending commands (the eventfd is left alone).
  std::vector<Command> Take();
  // The loop is about to wait: true if it may (nothing pending); Post will then signal.
  bool PrepareToSleep();
  // The loop woke up; `signalled`: epoll reported the eventfd, which is then drained.
  void Awake(bool signalled);
  // After Close, Post returns false; returns what was still pending.
  std::vector<Command> Close();

 private:
  std::mutex mu_;
  std::vector<Command> pending_;  // GUARDED_BY(mu_)
  bool closed_ = false;           // GUARDED_BY(mu_)
  bool sleeping_ = false;         // GUARDED_BY(mu_)
  int event_fd_ = -1;
};

struct Connection;

// One Forward(); shared between the loop and the sink (as UpstreamCall).
struct Call final : UpstreamCall, std::enable_shared_from_this<Call> {
  void Resume() override;
  void Cancel() override;

  std::shared_ptr<Mailbox> mailbox;
  UpstreamRequest request;
  std::shared_ptr<UpstreamSink> sink;
  // Loop-thread state below.
  UpstreamUrl url;
  std::string wire;  // the serialised request
  size_t written = 0;
  Connection* connection = nullptr;
  std::chrono::steady_clock::time_point deadline;
  bool started = false;
  bool head_sent = false;
  bool paused = false;
  bool abort_requested = false;
  bool ended = false;
  bool retried = false;
};

struct Pool;

struct Connection {
  int fd = -1;
  Pool* pool = nullptr;
  std::shared_ptr<Call> call;  // null while idle
  bool connecting = false;
  bool reused = false;  // carried an earlier answer
  bool in_epoll = false;
  uint32_t events = 0;  // what epoll watches now
  std::chrono::steady_clock::time_point idle_since;
  std::string unread;  // bytes received but not yet fed (the sink paused)
  ResponseParser parser;

  explicit Connection(ParserLimits limits) : parser(limits) {}
};

struct Pool {
  std::string key;
  std::string host;
  uint16_t port = 0;
  bool resolved = false;
  std::vector<uint8_t> address;   // sockaddr bytes from the first successful resolution
  size_t open = 0;                // busy + idle + connecting
  std::vector<Connection*> idle;  // most recently used last
  std::deque<std::shared_ptr<Call>> waiting;
};

class IoLoop {
 public:
  IoLoop(const UpstreamProxyOptions& options, EngineCounters& counters);
  ~IoLoop();  // stops the thread; calls still in flight end with OnError(kReset)
  IoLoop(const IoLoop&) = delete;
  IoLoop& operator=(const IoLoop&) = delete;

  void Start(std::shared_ptr<Call> call);

 private:
  void Run();
  void HandleCommands();
  void BeginCall(const std::shared_ptr<Call>& call);
  void Assign(const std::shared_ptr<Call>& call, Pool& pool);
  void OpenConnection(const std::shared_ptr<Call>& call, Pool& pool);
  void WriteRequest(Connection* c);
  void OnConnectionEvent(Connection* c, uint32_t events);
  void ReadResponse(Connection* c);
  // Feeds `data` to the parser and acts on the result; false when the connection is gone.
  bool Feed(Connection* c, std::string_view data);
  void OnEof(Connection* c, std::string detail);
  void RetryOnFreshConnection(Connection* c);
  void ResumeCall(const std::shared_ptr<Call>& call);
  void FinishCall(Connection* c, bool reusable);
  void FailCall(std::shared_ptr<Call> call, UpstreamErrorCode code, std::string detail);
  void Release(Connection* c);  // back to the pool (or closed) after a complete answer
  void Close(Connection* c);
  void ServeWaiting(Pool& pool);
  void Watch(Connection* c, uint32_t events);
  void Unwatch(Connection* c);
  void CheckTimers(std::chrono::steady_clock::time_point now);
  Pool& PoolFor(const UpstreamUrl& url);

  UpstreamProxyOptions options_;
  EngineCounters& counters_;
  std::shared_ptr<Mailbox> mailbox_;
  int epoll_fd_ = -1;
  std::unordered_map<std::string, std::unique_ptr<Pool>> pools_;
  std::unordered_map<Call*, std::shared_ptr<Call>> calls_;  // started and not ended
  std::unordered_map<Connection*, std::unique_ptr<Connection>> connections_;
  std::vector<char> read_buffer_;
  std::chrono::steady_clock::time_point now_;
  std::chrono::steady_clock::time_point last_timer_scan_;
  std::chrono::steady_clock::time_point last_idle_scan_;
  std::vector<std::unique_ptr<Connection>> graveyard_;  // closed in this epoll batch
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace portcullis::proxy
