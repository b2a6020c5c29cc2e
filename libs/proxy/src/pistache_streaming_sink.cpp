#include "portcullis/proxy/pistache_streaming_sink.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pistache/peer.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <utility>

#include "portcullis/proxy/hop_by_hop.h"

namespace portcullis::proxy {

class ClientSocket {
 public:
  explicit ClientSocket(int fd) : fd_(fd) {}
  ~ClientSocket() { ::close(fd_); }
  ClientSocket(const ClientSocket&) = delete;
  ClientSocket& operator=(const ClientSocket&) = delete;
  int fd() const { return fd_; }

 private:
  const int fd_;
};

namespace {

using Pistache::Tcp::Peer;

// The key under which a connection's ClientSocket lives in its Pistache peer: one duplicate per
// connection, released with the peer.
// Short enough for std::string's inline buffer: Pistache takes the key by value per lookup.
constexpr const char* kClientSocketKey = "pc.client_fd";

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

bool IsSafeHeader(const std::pair<std::string, std::string>& header) {
  auto bad = [](char c) {
    return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
  };
  return !header.first.empty() &&
         std::none_of(header.first.begin(), header.first.end(),
                      [&](char c) { return bad(c) || c == ' ' || c == ':'; }) &&
         std::none_of(header.second.begin(), header.second.end(), bad);
}

// Status for an error before the head: 504 when the upstream was too slow, 499 (nginx's
// "client closed request") when nobody is left to answer, 502 for the rest.
int ErrorStatus(UpstreamErrorCode code) {
  if (code == UpstreamErrorCode::kTimeout) return 504;
  if (code == UpstreamErrorCode::kClientGone) return 499;
  return 502;
}

class PistacheStreamingSink final : public UpstreamSink,
                                    public std::enable_shared_from_this<PistacheStreamingSink> {
 public:
  PistacheStreamingSink(Pistache::Http::ResponseWriter& writer, StreamingSinkOptions options,
                        StreamDoneCallback on_done)
      : peer_(writer.getPeer()),
        options_(std::move(options)),
        on_done_(std::move(on_done)),
        socket_(std::move(options_.client_socket)) {
    if (options_.keep_alive) {
      keep_alive_ = *options_.keep_alive;
    } else {
      // Pistache put its own choice into the response headers before calling the handler.
      auto connection = writer.headers().tryGet<Pistache::Http::Header::Connection>();
      keep_alive_ =
          connection && connection->control() == Pistache::Http::ConnectionControl::KeepAlive;
    }
  }

  void OnStart(std::shared_ptr<UpstreamCall> call) override {
    std::lock_guard<std::mutex> guard(call_mu_);
    call_ = std::move(call);
  }

  void OnHead(int status, HeaderList headers) override {
    status_ = status;
    std::string head;
    head.reserve(256);
    char line[64];
    std::snprintf(line, sizeof(line), "HTTP/1.1 %d ", status);
    head.append(line).append(ReasonPhrase(status)).append("\r\n");
    bool has_length = false;
    for (const auto& [name, value] : headers) {
      if (HeaderNameEquals(name, "content-length")) has_length = true;
      head.append(name).append(": ").append(value).append("\r\n");
    }
    for (const auto& header : options_.extra_headers) {
      if (!IsSafeHeader(header) || IsHopByHopHeader(header.first)) continue;
      head.append(header.first).append(": ").append(header.second).append("\r\n");
    }
    const bool no_body =
        options_.request_method == "HEAD" || status == 204 || status == 304 || status < 200;
    // Without a length the client needs chunks to see where the answer ends on a kept-alive
    // connection (the upstream's own chunking was decoded by the engine).
    chunked_ = !has_length && !no_body;
    if (chunked_) head.append("Transfer-Encoding: chunked\r\n");
    head.append(keep_alive_ ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
    if (chunked_) {
      // Stream pieces are small and far apart: without TCP_NODELAY each one after the first
      // waits for the client's delayed ACK (40 ms). One syscall per stream, from any thread
      // (the sink may be built off the reactor, so no per-connection marker in the peer).
      WithClientFd([](int fd) {
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
      });
      Send(std::move(head), false);  // a stream: the client may act on the head alone
    } else {
      // A sized answer: the head leaves with the first body bytes, one write instead of two.
      pending_head_ = std::move(head);
    }
  }

  SinkFlow OnBodyChunk(std::string_view data) override {
    if (client_gone_.load(std::memory_order_relaxed)) return SinkFlow::kAbort;
    std::string out;
    if (chunked_) {
      char size[24];
      const int n = std::snprintf(size, sizeof(size), "%zx\r\n", data.size());
      out.reserve(static_cast<size_t>(n) + data.size() + 2);
      out.append(size, static_cast<size_t>(n)).append(data).append("\r\n");
    } else {
      out.assign(data);
    }
    body_bytes_ += data.size();
    if (!pending_head_.empty()) out.insert(0, std::exchange(pending_head_, std::string()));
    if (!Send(std::move(out), false)) return SinkFlow::kAbort;
    if (in_flight_.load() > options_.max_buffered_bytes) {
      paused_.store(true);
      // The writes may have drained between the check and the flag: undo the pause ourselves.
      if (in_flight_.load() <= options_.max_buffered_bytes / 2 && paused_.exchange(false)) {
        return SinkFlow::kContinue;
      }
      return SinkFlow::kPause;
    }
    return SinkFlow::kContinue;
  }

  // Both ends report the outcome before the client can see the end of its answer, so whatever
  // `on_done` records (metrics, audit) is already there when the client acts on the answer.
  void OnEnd() override {
    Done(std::nullopt);
    Send(chunked_ ? std::string("0\r\n\r\n") : std::exchange(pending_head_, std::string()), true);
  }

  void OnError(const UpstreamError& error, bool head_sent) override {
    if (head_sent && !pending_head_.empty()) {
      head_sent = false;  // the client has seen nothing yet: it can still get a clean 502/504
      pending_head_.clear();
    }
    if (!head_sent) status_ = ErrorStatus(error.code);
    Done(error);
    if (!head_sent) {
      if (error.code != UpstreamErrorCode::kClientGone) {
        const std::string body = status_ == 504 ? "upstream timed out\n" : "upstream unavailable\n";
        std::string out =
            "HTTP/1.1 " + std::to_string(status_) + " " + std::string(ReasonPhrase(status_)) +
            "\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
            (keep_alive_ ? "\r\nConnection: keep-alive\r\n\r\n" : "\r\nConnection: close\r\n\r\n") +
            body;
        Send(std::move(out), true);
      }
    } else {
      // The head is out: only cutting the connection tells the client the answer is incomplete.
      WithClientFd([](int fd) { ::shutdown(fd, SHUT_RDWR); });
    }
  }

 private:
  // Runs `fn` with a descriptor of the client's socket: our duplicate, or Pistache's own while
  // its peer is alive when there is no duplicate.
  template <typename Fn>
  void WithClientFd(Fn fn) {
    if (socket_) return fn(socket_->fd());
    if (auto peer = peer_.lock()) fn(peer->fd());
  }

  // Sends bytes to the client: directly while nothing of this answer waits in Pistache's
  // transport queue (so order holds), the rest through that queue (safe from any thread).
  bool Send(std::string bytes, bool last) {
    if (socket_ && in_flight_.load() == 0 && !bytes.empty()) {
      const ssize_t n =
          ::send(socket_->fd(), bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        client_gone_.store(true);
        return false;
      }
      if (n == static_cast<ssize_t>(bytes.size())) {
        if (last && !keep_alive_) ::shutdown(socket_->fd(), SHUT_RDWR);
        return true;
      }
      if (n > 0) bytes.erase(0, static_cast<size_t>(n));
    }
    std::shared_ptr<Peer> peer = peer_.lock();
    if (!peer) {
      client_gone_.store(true);
      return false;
    }
    const size_t size = bytes.size();
    if (size == 0) {
      // Nothing left to queue; earlier writes may still be queued, so close once they drained.
      if (last && !keep_alive_) {
        close_when_drained_.store(true);
        if (in_flight_.load() == 0 && close_when_drained_.exchange(false)) {
          WithClientFd([](int fd) { ::shutdown(fd, SHUT_RDWR); });
        }
      }
      return true;
    }
    in_flight_.fetch_add(size);
    auto self = shared_from_this();
    peer->send(Pistache::RawBuffer(std::move(bytes), size))
        .then([self, size, last](ssize_t) { self->OnWritten(size, last); },
              [self](std::exception_ptr) { self->OnWriteFailed(); });
    return true;
  }

  // Runs on the Pistache reactor thread once the bytes reached the socket.
  void OnWritten(size_t size, bool last) {
    const size_t left = in_flight_.fetch_sub(size) - size;
    if ((last && !keep_alive_) || (left == 0 && close_when_drained_.exchange(false))) {
      // The client asked for Connection: close. Everything is written, so SHUT_RDWR loses nothing
      // and sends FIN. Not SHUT_WR: it makes the socket writable-only for Pistache's reactor,
      // which throws ("could not find write data") on a writable event without queued data
      // and takes the whole process down; after SHUT_RDWR the event is readable (EOF) and
      // Pistache removes the peer as for any disconnect.
      WithClientFd([](int fd) { ::shutdown(fd, SHUT_RDWR); });
    }
    if (left <= options_.max_buffered_bytes / 2 && paused_.exchange(false)) {
      if (auto call = Call()) call->Resume();
    }
  }

  void OnWriteFailed() {
    client_gone_.store(true);
    paused_.store(false);
    if (auto call = Call()) call->Cancel();
  }

  std::shared_ptr<UpstreamCall> Call() {
    std::lock_guard<std::mutex> guard(call_mu_);
    return call_;
  }

  void Done(std::optional<UpstreamError> error) {
    if (done_.exchange(true)) return;
    {
      std::lock_guard<std::mutex> guard(call_mu_);
      call_.reset();  // the call's sink points back at us
    }
    if (on_done_) on_done_(StreamOutcome{status_, body_bytes_, std::move(error)});
  }

  std::weak_ptr<Peer> peer_;
  StreamingSinkOptions options_;
  StreamDoneCallback on_done_;
  const std::shared_ptr<ClientSocket> socket_;  // null: Pistache's queue only
  bool keep_alive_ = false;
  // Engine-thread state (OnHead/OnBodyChunk/OnEnd/OnError run on one I/O thread, in order).
  bool chunked_ = false;
  std::string pending_head_;
  int status_ = 0;
  uint64_t body_bytes_ = 0;
  // Shared with the reactor thread's write completions.
  std::atomic<size_t> in_flight_{0};
  std::atomic<bool> paused_{false};
  std::atomic<bool> client_gone_{false};
  std::atomic<bool> done_{false};
  std::atomic<bool> close_when_drained_{false};
  std::mutex call_mu_;
  std::shared_ptr<UpstreamCall> call_;  // GUARDED_BY(call_mu_)
};

}  // namespace

std::shared_ptr<ClientSocket> AttachClientSocket(const Pistache::Http::ResponseWriter& writer) {
  std::shared_ptr<Peer> peer = writer.getPeer();
  if (!peer) return nullptr;
  if (auto existing = peer->tryGetData(kClientSocketKey)) {
    return std::static_pointer_cast<ClientSocket>(existing);
  }
  const int fd = ::fcntl(peer->fd(), F_DUPFD_CLOEXEC, 0);
  if (fd < 0) return nullptr;  // out of descriptors: the queue still works
  auto socket = std::make_shared<ClientSocket>(fd);
  peer->putData(kClientSocketKey, socket);
  return socket;
}

bool KeepAliveRequested(const Pistache::Http::Request& request) {
  auto connection = request.headers().tryGetRaw("Connection");
  return ConnectionPersists(request.version() == Pistache::Http::Version::Http11,
                            connection.has_value() ? connection->value() : std::string_view());
}

std::shared_ptr<UpstreamSink> MakePistacheStreamingSink(Pistache::Http::ResponseWriter writer,
                                                        StreamingSinkOptions options,
                                                        StreamDoneCallback on_done) {
  return std::make_shared<PistacheStreamingSink>(writer, std::move(options), std::move(on_done));
}

}  // namespace portcullis::proxy
