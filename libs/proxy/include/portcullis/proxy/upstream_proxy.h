#pragma once
// UpstreamProxy: a streaming HTTP/1.1 reverse-proxy engine (our own epoll client, not libcurl;
// libs/proxy/README.md says why). It keeps a keep-alive connection pool per upstream host:port,
// sends one buffered request and hands the answer to an UpstreamSink piece by piece as it
// arrives, so chunked, SSE and Content-Length answers reach the client without waiting for the
// upstream to finish.
//
//   auto proxy = MakeUpstreamProxy({.io_threads = 1});
//   UpstreamRequest req{.method = "GET", .url = "http://127.0.0.1:9500/api/ping",
//                       .headers = {{"Authorization", "Bearer " + token}},
//                       .timeout = std::chrono::seconds(30)};
//   proxy->Forward(std::move(req), MakePistacheStreamingSink(std::move(writer), {}, on_done));
//
// Only `http://` upstreams (no TLS): upstreams are on the same host or a private network.
// Thread-safety: Forward() may be called from any thread and never blocks (it enqueues to an
// I/O thread). Sink callbacks run on the engine's I/O threads.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portcullis::proxy {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct UpstreamRequest {
  std::string method;  // "GET", "POST", ... sent as given
  // Absolute `http://host:port/path?query` (port defaults to 80; IPv4 literal or a host name
  // resolved once per pool entry). https is refused with kBadRequest.
  std::string url;
  // Final end-to-end headers, already filtered by the caller (RemoveHopByHopHeaders). The engine
  // still drops Connection, Content-Length, Transfer-Encoding and the other hop-by-hop names and
  // writes its own framing (`Content-Length` of `body`, `Connection: keep-alive`), so a caller
  // can never smuggle a second request onto a pooled connection. `Host` defaults to the URL's
  // authority unless given here.
  HeaderList headers;
  // The whole request body. Pistache buffers request bodies (up to its maxRequestSize), so the
  // engine sends them buffered too; see README "Departures".
  std::string body;
  // Connect + send + wait for the response head; then also the longest silence allowed between
  // two reads of the body, and the longest time a sink may keep the call paused.
  std::chrono::milliseconds timeout{30000};
};

enum class UpstreamErrorCode {
  kBadRequest,   // the UpstreamRequest itself is unusable (bad URL, https, bad header bytes)
  kRefused,      // connect failed (refused, unreachable, name not resolved)
  kReset,        // the connection broke or closed before the answer was complete
  kTimeout,      // `timeout` passed (connect, head, idle body, paused too long)
  kBadResponse,  // the upstream answer is not valid HTTP/1.1 or exceeds the head limits
  kClientGone,   // the sink aborted (the client went away) or paused past `timeout`
  kOverloaded,   // too many requests already waiting for a connection to this upstream
};
std::string_view ToString(UpstreamErrorCode code);

struct UpstreamError {
  UpstreamErrorCode code = UpstreamErrorCode::kReset;
  std::string detail;  // for logs; never contains header values or body bytes
};

// What a sink wants after a body chunk.
enum class SinkFlow {
  kContinue,  // keep reading the upstream
  kPause,     // stop reading until UpstreamCall::Resume() (bounded memory for slow clients)
  kAbort,     // the client is gone: close the upstream connection; OnError(kClientGone) follows
};

// A call in flight, handed to the sink by OnStart. Thread-safe; holding it keeps nothing alive
// beyond the call (calls after the call ended are no-ops).
class UpstreamCall {
 public:
  virtual ~UpstreamCall() = default;
  // Undo a kPause. Safe from any thread, and before the pause took effect.
  virtual void Resume() = 0;
  // Abandon the call (client gone): the upstream connection is closed, not pooled, and the sink
  // gets OnError(kClientGone) unless the call already ended.
  virtual void Cancel() = 0;
};

// Receives one upstream answer. Called on one engine I/O thread, in order:
//   OnStart, then OnHead, OnBodyChunk*, OnEnd   (success)
//   OnStart, [OnHead, OnBodyChunk*], OnError   (failure; head_sent says whether OnHead ran)
// Exactly one of OnEnd / OnError ends every call. Callbacks must not block: they run on the
// thread that serves every other call of that I/O thread.
class UpstreamSink {
 public:
  virtual ~UpstreamSink() = default;
  virtual void OnStart(std::shared_ptr<UpstreamCall> call) { (void)call; }
  // `headers` are the upstream's end-to-end headers: hop-by-hop names removed (including
  // Transfer-Encoding), Content-Length kept only when it frames the body.
  virtual void OnHead(int status, HeaderList headers) = 0;
  // `data` is valid only during the call (decoded: chunk framing removed).
  virtual SinkFlow OnBodyChunk(std::string_view data) = 0;
  virtual void OnEnd() = 0;
  virtual void OnError(const UpstreamError& error, bool head_sent) = 0;
};

struct UpstreamProxyOptions {
  int io_threads = 1;                          // epoll threads; a call stays on one thread
  size_t max_connections_per_host = 256;       // per I/O thread; beyond it calls wait
  size_t max_idle_per_host = 64;               // per I/O thread; surplus idle ones are closed
  size_t max_waiting_per_host = 4096;          // per I/O thread; beyond it → kOverloaded
  size_t max_response_head_bytes = 64 * 1024;  // status line + headers (+ chunk trailers)
  size_t read_buffer_bytes = 16 * 1024;        // largest slice handed to OnBodyChunk
  std::chrono::milliseconds idle_connection_ttl{30000};  // pooled connections older are closed
};

class UpstreamProxy {
 public:
  virtual ~UpstreamProxy() = default;
  // Starts the call and returns at once. Every call ends with exactly one OnEnd/OnError on
  // `sink` (an unusable request gets OnStart + OnError(kBadRequest) on an I/O thread, never
  // inline). Destroying the proxy ends calls still in flight with OnError(kReset).
  virtual void Forward(UpstreamRequest request, std::shared_ptr<UpstreamSink> sink) = 0;

  struct Stats {
    uint64_t connections_opened = 0;  // TCP connects since start
    uint64_t connections_reused = 0;  // calls served on a pooled connection
    uint64_t open_connections = 0;    // open now (busy + idle)
    uint64_t calls_in_flight = 0;     // started, not yet ended (includes waiting ones)
  };
  // A consistent-enough snapshot for metrics and tests (relaxed atomics). Thread-safe.
  virtual Stats GetStats() const = 0;
};

// Starts `options.io_threads` I/O threads. Never fails for valid options (asserts otherwise).
std::unique_ptr<UpstreamProxy> MakeUpstreamProxy(const UpstreamProxyOptions& options);

}  // namespace portcullis::proxy
