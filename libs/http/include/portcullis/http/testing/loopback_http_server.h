#pragma once
// LoopbackHttpServer: a tiny HTTP/1.1 server on 127.0.0.1 (ephemeral port) for tests of HTTP
// clients. Each connection gets one response from `handler(path)` - a complete raw response,
// status line and headers included - and is then closed. Stops and joins in the destructor.
//
//   LoopbackHttpServer server([](std::string_view path) {
//     return LoopbackHttpServer::Response(200, "{\"keys\":[]}", "Cache-Control: max-age=600\r\n");
//   });
//   fetcher.Get(server.Url("/jwks"), {});
//
// Thread-safe accessors; the handler runs on the server thread.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

namespace portcullis::http::testing {

class LoopbackHttpServer {
 public:
  using Handler = std::function<std::string(std::string_view path)>;

  explicit LoopbackHttpServer(Handler handler) : handler_(std::move(handler)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ::close(fd_);
      throw std::runtime_error("bind/listen on 127.0.0.1");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~LoopbackHttpServer() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  int port() const { return port_; }
  std::string Url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  int requests() const { return requests_.load(); }
  // The last request as received: request line, headers and (Content-Length) body.
  std::string last_request() const {
    std::lock_guard<std::mutex> guard(mu_);
    return last_request_;
  }

  // A complete response with Content-Length and Connection: close. `headers` are extra
  // "Name: value\r\n" lines.
  static std::string Response(int status, std::string_view body, std::string_view headers = "") {
    return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\n" +
           std::string(headers) + "Content-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + std::string(body);
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int conn = ::accept(fd_, nullptr, nullptr);
      if (conn < 0) continue;
      std::string request;
      char buf[4096];
      while (request.find("\r\n\r\n") == std::string::npos && request.size() < 65536) {
        pollfd c{conn, POLLIN, 0};
        if (::poll(&c, 1, 2000) <= 0) break;
        const ssize_t n = ::recv(conn, buf, sizeof(buf), 0);
        if (n <= 0) break;
        request.append(buf, static_cast<size_t>(n));
      }
      ReadBody(conn, request);
      {
        std::lock_guard<std::mutex> guard(mu_);
        last_request_ = request;
      }
      ++requests_;
      const size_t start = request.find(' ') + 1;
      const size_t end = request.find(' ', start);
      const std::string response = handler_(
          start == 0 || end == std::string::npos ? "/" : request.substr(start, end - start));
      size_t sent = 0;
      while (sent < response.size()) {
        const ssize_t n =
            ::send(conn, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<size_t>(n);
      }
      ::shutdown(conn, SHUT_WR);
      ::close(conn);
    }
  }

  // Reads the rest of a body announced by Content-Length (POST tests inspect it).
  static void ReadBody(int conn, std::string& request) {
    const size_t head_end = request.find("\r\n\r\n");
    if (head_end == std::string::npos) return;
    std::string head = request.substr(0, head_end);
    for (char& ch : head) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    const size_t at = head.find("\r\ncontent-length:");
    if (at == std::string::npos) return;
    const size_t want = std::strtoul(head.c_str() + at + 17, nullptr, 10);
    char buf[4096];
    while (request.size() - head_end - 4 < want && request.size() < (1u << 20)) {
      pollfd c{conn, POLLIN, 0};
      if (::poll(&c, 1, 2000) <= 0) break;
      const ssize_t n = ::recv(conn, buf, sizeof(buf), 0);
      if (n <= 0) break;
      request.append(buf, static_cast<size_t>(n));
    }
  }

  Handler handler_;
  mutable std::mutex mu_;
  std::string last_request_;  // GUARDED_BY(mu_)
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

}  // namespace portcullis::http::testing
