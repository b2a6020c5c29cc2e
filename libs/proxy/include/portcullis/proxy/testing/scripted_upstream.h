#pragma once
// ScriptedUpstream: a raw TCP server on 127.0.0.1 whose every connection runs a test-supplied
// script on its own thread, so tests can stall, reset, stream slowly or answer malformed bytes.
// RawClient: a blocking client that sees bytes exactly as they arrive. Test-only.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace portcullis::proxy::testing {

class ScriptedConnection {
 public:
  explicit ScriptedConnection(int fd) : fd_(fd) {}

  // One request: head and a Content-Length body. nullopt on EOF, error or timeout.
  std::optional<std::string> ReadRequest(
      std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      const size_t head_end = buffer_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        size_t body = 0;
        const std::string head = Lower(buffer_.substr(0, head_end));
        const size_t at = head.find("\r\ncontent-length:");
        if (at != std::string::npos) body = std::stoul(head.substr(at + 17));
        if (buffer_.size() >= head_end + 4 + body) {
          std::string request = buffer_.substr(0, head_end + 4 + body);
          buffer_.erase(0, head_end + 4 + body);
          return request;
        }
      }
      if (!ReadSome(deadline)) return std::nullopt;
    }
  }

  bool Write(std::string_view data) {
    size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<size_t>(n);
      written_ += static_cast<size_t>(n);
    }
    return true;
  }

  // Closes with RST instead of FIN.
  void Reset() {
    linger l{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
    ::shutdown(fd_, SHUT_RDWR);
  }

  // True when the peer closed (EOF or error) within `timeout`.
  bool WaitPeerClosed(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!ReadSome(deadline)) return std::chrono::steady_clock::now() < deadline;
    }
    return false;
  }

  size_t written() const { return written_; }
  int fd() const { return fd_; }

 private:
  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  bool ReadSome(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[16384];
    const ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<size_t>(n));
    return true;
  }

  int fd_;
  std::string buffer_;
  size_t written_ = 0;
};

class ScriptedUpstream {
 public:
  using Script = std::function<void(ScriptedConnection&)>;

  explicit ScriptedUpstream(Script script) : script_(std::move(script)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::listen(fd_, 128) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("ScriptedUpstream: bind/listen on 127.0.0.1");
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { Accept(); });
  }

  ~ScriptedUpstream() {
    stop_ = true;
    acceptor_.join();
    {
      std::lock_guard<std::mutex> guard(mu_);
      for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);  // unblocks scripts stuck in I/O
    }
    for (auto& t : workers_) t.join();
    ::close(fd_);
  }

  ScriptedUpstream(const ScriptedUpstream&) = delete;
  ScriptedUpstream& operator=(const ScriptedUpstream&) = delete;

  int port() const { return port_; }
  std::string Url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  int accepted() const { return accepted_.load(); }
  bool stopping() const { return stop_.load(); }

 private:
  void Accept() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int conn = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (conn < 0) continue;
      ++accepted_;
      std::lock_guard<std::mutex> guard(mu_);
      open_fds_.push_back(conn);
      workers_.emplace_back([this, conn] {
        ScriptedConnection c(conn);
        script_(c);
        {
          std::lock_guard<std::mutex> g(mu_);
          std::erase(open_fds_, conn);
        }
        ::close(conn);
      });
    }
  }

  Script script_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::mutex mu_;
  std::vector<int> open_fds_;         // GUARDED_BY(mu_)
  std::vector<std::thread> workers_;  // touched by the acceptor, then joined in the destructor
  std::thread acceptor_;
};

class RawClient {
 public:
  explicit RawClient(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      throw std::runtime_error("RawClient: connect");
    }
  }
  ~RawClient() { Close(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool Send(std::string_view data) {
    return ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(data.size());
  }

  // Reads until `received()` contains `needle` (true), or EOF/timeout (false).
  bool ReadUntil(std::string_view needle,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (received_.find(needle) == std::string::npos) {
      if (!ReadSome(deadline)) return false;
    }
    return true;
  }

  // Reads until EOF; true if EOF came before `timeout`.
  bool ReadToEof(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (ReadSome(deadline)) {
    }
    return eof_;
  }

  // Reads until `received()` holds at least `size` bytes.
  bool ReadAtLeast(size_t size, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (received_.size() < size) {
      if (!ReadSome(deadline)) return false;
    }
    return true;
  }

  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  const std::string& received() const { return received_; }
  void ClearReceived() { received_.clear(); }
  bool eof() const { return eof_; }

 private:
  bool ReadSome(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || eof_) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char buf[65536];
    const ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    received_.append(buf, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string received_;
  bool eof_ = false;
};

}  // namespace portcullis::proxy::testing
