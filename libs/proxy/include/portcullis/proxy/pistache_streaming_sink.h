#pragma once
// Pistache glue: an UpstreamSink that writes an upstream answer to a Pistache client as it
// arrives. It writes the response head itself (Pistache drops raw response headers and only
// frames buffered bodies) through the connection's transport queue, which is safe from the
// engine's I/O thread, and never touches the ResponseWriter's typed API after the handler
// returned.
//
//   router.get("/api/*", [&](const Rest::Request& req, Http::ResponseWriter writer) {
//     proxy.Forward(BuildUpstreamRequest(req),
//                   MakePistacheStreamingSink(std::move(writer), {.request_method = "GET"},
//                       [](const StreamOutcome& o) { metrics.Record(o.status, o.body_bytes); }));
//     return Rest::Route::Result::Ok;
//   });
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

struct StreamingSinkOptions {
  std::string request_method = "GET";  // HEAD answers carry no body
  size_t max_buffered_bytes = 256 * 1024;
  // Added to the client response after the upstream's headers (e.g. X-Request-Id). Values must
  // be free of CR/LF; offending entries are dropped.
  HeaderList extra_headers;
};

using StreamDoneCallback = std::function<void(const StreamOutcome&)>;

// Takes over `writer` (only its connection and the Connection header Pistache chose are used).
// May be called on the reactor thread or on any worker thread that owns `writer`.
// `on_done` runs exactly once, on an engine I/O thread, when the call ends; it must not block.
// Tip: start the endpoint with Tcp::Options::NoDelay; the sink sets TCP_NODELAY itself only
// for chunked (streamed) answers.
std::shared_ptr<UpstreamSink> MakePistacheStreamingSink(Pistache::Http::ResponseWriter writer,
                                                        StreamingSinkOptions options,
                                                        StreamDoneCallback on_done);

}  // namespace portcullis::proxy
