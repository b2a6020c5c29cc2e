#pragma once
// Messages of the echo endpoint the integration tests serve.

#include <msgpack.hpp>

#include <cstdint>
#include <string>

namespace portcullis::bus::testing {

struct EchoRequest {
  int v = 1;
  std::string text;
  int64_t sleep_ms = 0;  // the handler sleeps this long
  std::string fail;      // "" | an error code name | "throw"
  MSGPACK_DEFINE_MAP(v, text, sleep_ms, fail);
};

struct EchoReply {
  int v = 1;
  std::string text;
  std::string instance;
  MSGPACK_DEFINE_MAP(v, text, instance);
};

}  // namespace portcullis::bus::testing
