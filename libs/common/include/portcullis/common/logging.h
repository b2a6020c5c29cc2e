#pragma once
// Logging setup for every Portcullis binary: spdlog's default logger writes one JSON object per
// line to stderr (or readable text for a terminal), and every message goes through
// RedactSecrets first. Libraries log with spdlog::info/warn/error and never configure sinks.
//
//   InitLogging({.service = "session-store", .level = "info", .json = true});
//   spdlog::info("session {} created", id_hash);   // -> {"ts":...,"level":"info",
//                                                  //     "svc":"session-store",...,"msg":"..."}

#include <memory>
#include <string>

#include "portcullis/common/result.h"

namespace spdlog {
class logger;
namespace sinks {
class sink;
}
}  // namespace spdlog

namespace portcullis {

struct LogOptions {
  std::string service = "portcullis";
  std::string level = "info";  // trace, debug, info, warning, error, critical, off
  bool json = true;            // false: human-readable text with the same redaction
};

// Installs the default logger. kBadRequest for an unknown level. Call once, early in main.
Status InitLogging(const LogOptions& options);

// A logger with the same format and redaction writing to `sink` (tests capture lines this way).
std::shared_ptr<spdlog::logger> MakeLogger(const LogOptions& options,
                                           std::shared_ptr<spdlog::sinks::sink> sink);

// Escapes `text` for the inside of a JSON string.
std::string JsonEscape(std::string_view text);

}  // namespace portcullis
