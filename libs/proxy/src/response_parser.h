#pragma once
// ResponseParser: an incremental, strict HTTP/1.1 response parser for one connection (pure, no
// I/O). Feed it bytes as they arrive; it reports the head once and the decoded body in slices,
// stops where the sink asked to pause, and says whether the connection may be reused.
//
//   ResponseParser parser({.max_head_bytes = 64 * 1024});
//   parser.Start(/*head_request=*/false);
//   FeedResult r = parser.Feed(bytes, events);   // r.consumed bytes were used
//   if (r.status == ParseStatus::kDone && parser.keep_alive()) { /* pool the connection */ }
//
// Strictness (the upstream is trusted, but a confused one must not desynchronise a pooled
// connection): CRLF line ends only, no obs-fold, no whitespace before the colon, control bytes
// rejected in values, Content-Length digits only and consistent, Transfer-Encoding other than
// exactly "chunked" rejected, Transfer-Encoding together with Content-Length rejected, 101
// rejected (we never ask to upgrade), other 1xx answers skipped.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "portcullis/proxy/upstream_proxy.h"

namespace portcullis::proxy {

class ResponseEvents {
 public:
  virtual ~ResponseEvents() = default;
  // The final (non-1xx) head, headers as received (names and order kept).
  virtual void OnResponseHead(int status, HeaderList headers) = 0;
  // A decoded body slice; return false to pause after it.
  virtual bool OnResponseBody(std::string_view data) = 0;
};

enum class ParseStatus { kNeedMore, kPaused, kDone, kError };

struct FeedResult {
  ParseStatus status = ParseStatus::kNeedMore;
  size_t consumed = 0;  // bytes of the input used; the rest belongs to later calls
};

struct ParserLimits {
  size_t max_head_bytes = 64 * 1024;  // status line + headers; also chunk trailers
  size_t max_headers = 128;
};

class ResponseParser {
 public:
  explicit ResponseParser(ParserLimits limits) : limits_(limits) {}

  // Prepares for the answer to one request. A HEAD request's answer has no body.
  void Start(bool head_request);

  // Consumes bytes until the input ends, the body ends (kDone), the sink pauses (kPaused) or the
  // answer is malformed (kError, see error()). After kDone or kError, Feed must not be called
  // again before Start.
  FeedResult Feed(std::string_view data, ResponseEvents& events);

  // The peer closed the connection: kDone when the body runs until close, kError otherwise
  // (a truncated answer).
  ParseStatus FinishAtEof(ResponseEvents& events);

  bool head_complete() const { return state_ > State::kHead; }
  bool received_anything() const { return received_anything_; }
  // Valid after kDone: the connection may carry another request.
  bool keep_alive() const { return keep_alive_; }
  const std::string& error() const { return error_; }
  int status() const { return status_; }

 private:
  enum class State {
    kHead,
    kBodyLength,
    kBodyUntilClose,
    kChunkSize,
    kChunkData,
    kChunkDataEnd,
    kTrailers,
    kDone,
    kError
  };

  FeedResult Fail(std::string detail, size_t consumed);
  // Parses head_ (complete, CRLFCRLF-terminated). Returns false on a malformed head.
  bool ParseHead(ResponseEvents& events);
  bool DecideFraming(const HeaderList& headers, int minor_version);
  // Takes one CRLF-terminated line from `data` into line_; true when the line is complete.
  bool TakeLine(std::string_view data, size_t& pos, size_t max_line);

  ParserLimits limits_;
  State state_ = State::kHead;
  bool head_request_ = false;
  bool keep_alive_ = false;
  bool received_anything_ = false;
  int status_ = 0;
  uint64_t remaining_ = 0;  // body bytes (kBodyLength) or chunk bytes (kChunkData) still due
  size_t trailer_bytes_ = 0;
  std::string head_;  // the head being collected
  std::string line_;  // a chunk-size or trailer line being collected
  std::string error_;
};

}  // namespace portcullis::proxy
