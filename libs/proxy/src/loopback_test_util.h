#pragma once
// Shared by the loopback tests: requests as a raw client writes them, and decoding of what it
// received with the engine's own (separately tested) response parser.

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "portcullis/proxy/hop_by_hop.h"
#include "portcullis/proxy/testing/scripted_upstream.h"
#include "response_parser.h"

namespace portcullis::proxy::testing {

inline std::string Get(std::string_view path, std::string_view extra = "") {
  return "GET " + std::string(path) + " HTTP/1.1\r\nHost: front\r\nConnection: keep-alive\r\n" +
         std::string(extra) + "\r\n";
}

inline std::string Chunk(std::string_view data) {
  char size[20];
  std::snprintf(size, sizeof(size), "%zx\r\n", data.size());
  return size + std::string(data) + "\r\n";
}

// Decodes what the client received with the engine's own (separately tested) parser.
struct Decoded {
  ParseStatus status = ParseStatus::kNeedMore;
  int code = 0;
  HeaderList headers;
  std::string body;
  size_t consumed = 0;
};
inline Decoded Decode(std::string_view wire, bool head_request = false) {
  struct Events final : ResponseEvents {
    Decoded* d;
    void OnResponseHead(int s, HeaderList h) override {
      d->code = s;
      d->headers = std::move(h);
    }
    bool OnResponseBody(std::string_view data) override {
      d->body.append(data);
      return true;
    }
  } events;
  Decoded d;
  events.d = &d;
  ResponseParser parser({});
  parser.Start(head_request);
  FeedResult r = parser.Feed(wire, events);
  d.status = r.status;
  d.consumed = r.consumed;
  return d;
}

inline std::string HeaderValue(const HeaderList& headers, std::string_view name) {
  for (const auto& [n, v] : headers) {
    if (HeaderNameEquals(n, name)) return v;
  }
  return "";
}

// Answers every request on the connection with "pong" until the client leaves.
inline std::string PingAnswers(ScriptedConnection& c) {
  while (auto request = c.ReadRequest(std::chrono::seconds(10))) {
    if (!c.Write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\npong")) break;
  }
  return "";
}

}  // namespace portcullis::proxy::testing
