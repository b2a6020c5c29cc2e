#pragma once
// Pistache glue: an UpstreamSink that writes an upstream answer to a Pistache client as it
// arrives. It writes the response head itself (Pistache drops raw response headers and only
// frames buffered bodies) and never touches the ResponseWriter's typed API after the handler
// returned.
//
//   void onRequest(const Http::Request& req, Http::ResponseWriter writer) override {
//     StreamingSinkOptions options{.request_method = "GET",
//                                  .keep_alive = KeepAliveRequested(req),
//                                  .client_socket = AttachClientSocket(writer)};
//     proxy.Forward(BuildUpstreamRequest(req),
//                   MakePistacheStreamingSink(std::move(writer), std::move(options),
//                       [](const StreamOutcome& o) { metrics.Record(o.status, o.body_bytes); }));
//   }
//
// Writes: with a client socket (AttachClientSocket) the engine thread sends the bytes to the
// client itself whenever nothing of this answer is still queued, which is nearly always; only
// the rest of a partial write (a slow client) goes through Pistache's transport queue, whose
// reactor then wakes on writability. Pistache's queue alone costs an eventfd signal, a reactor
// wake-up and three epoll_ctl calls per answer: profiling showed them as the larger part of
// the proxy's own cost per request.
//
// Errors before the head become 502 (refused, reset, bad response, overloaded, bad request) or
// 504 (timeout) with a short text body; after the head the client connection is shut down, so
// the client sees a truncated answer (no final chunk / short Content-Length), never a
// well-formed partial one. Memory: at most `max_buffered_bytes` (+ one read slice) of one answer
// waits in Pistache's write queue; past that the sink pauses the upstream read (back-pressure).

#include <pistache/http.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "portcullis/proxy/upstream_proxy.h"

namespace portcullis::proxy {

struct StreamOutcome {
  int status = 0;                      // what the client was sent (upstream status, or 502/504)
  uint64_t body_bytes = 0;             // body bytes handed to the client connection
  std::optional<UpstreamError> error;  // set when the call failed (before or after the head)
};

// The client connection's own descriptor for the sink's direct writes: a dup() of Pistache's,
// taken once per connection and closed when Pistache drops the connection and the last sink
// using it is done. Writing through Pistache's descriptor number from another thread could
// reach a different client once Pistache has closed it and the kernel has handed the number to
// a new connection; a duplicate always names this client's socket.
class ClientSocket;

// Must run on the Pistache thread that delivered the request (inside onRequest): only there is
// the connection's descriptor certainly still this client's. Null when the client already left
// or no descriptor is left; the sink then writes through Pistache's queue only.
std::shared_ptr<ClientSocket> AttachClientSocket(const Pistache::Http::ResponseWriter& writer);

// HTTP/1.1 connections persist unless the client says `Connection: close`; HTTP/1.0 ones only
// with `Connection: keep-alive` (RFC 9112 section 9.3). Pistache 0.0.5 itself closes every
// connection that does not send `keep-alive` (../shared/probes/REPORT.md section 3).
bool KeepAliveRequested(const Pistache::Http::Request& request);

struct StreamingSinkOptions {
  std::string request_method = "GET";  // HEAD answers carry no body
  size_t max_buffered_bytes = 256 * 1024;
  // Added to the client response after the upstream's headers (e.g. X-Request-Id). Values must
  // be free of CR/LF; offending entries are dropped.
  HeaderList extra_headers;
  // Whether the connection stays open after this answer (KeepAliveRequested). Unset: what
  // Pistache chose for the response, i.e. only with an explicit `Connection: keep-alive`.
  std::optional<bool> keep_alive;
  // From AttachClientSocket; null: every write goes through Pistache's transport queue.
  std::shared_ptr<ClientSocket> client_socket;
};

using StreamDoneCallback = std::function<void(const StreamOutcome&)>;

// Takes over `writer` (only its connection, and the Connection header Pistache chose when
// `options.keep_alive` is unset, are used).
// May be called on the reactor thread or on any worker thread that owns `writer`.
// `on_done` runs exactly once, on an engine I/O thread, when the call ends and before the
// answer's last bytes are handed to the client (so what it records is visible by the time the
// client has its answer); it must not block.
// Tip: start the endpoint with Tcp::Options::NoDelay; the sink sets TCP_NODELAY itself only
// for chunked (streamed) answers.
std::shared_ptr<UpstreamSink> MakePistacheStreamingSink(Pistache::Http::ResponseWriter writer,
                                                        StreamingSinkOptions options,
                                                        StreamDoneCallback on_done);

}  // namespace portcullis::proxy
