#pragma once
// Loopback helpers for tests: free ports and waiting for a server to listen.

#include <chrono>
#include <string>
#include <string_view>

#include "portcullis/common/result.h"

namespace portcullis::testsupport {

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
Result<int> FindFreePort();

// True once a TCP connect to 127.0.0.1:port succeeds, false after `timeout`.
bool WaitForPort(int port, std::chrono::milliseconds timeout);

// A short name unique within this machine's test runs: "<prefix>_<12 hex>", usable as a NATS
// subject token, a SQL identifier (lower case) or a file name.
std::string UniqueName(std::string_view prefix);

}  // namespace portcullis::testsupport
