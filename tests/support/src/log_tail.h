#pragma once
#include <string>

namespace portcullis::testsupport {

// The last `max_bytes` of a server's log, for error messages when it fails to start.
std::string LogTail(const std::string& path, size_t max_bytes = 2000);

}  // namespace portcullis::testsupport
