#include "portcullis/common/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "portcullis/common/redact.h"

namespace portcullis {
namespace {

// %Q: the message, redacted, escaped for a JSON string. %R: the message, redacted.
// spdlog inserts %v raw, so a '"' or a newline in a message would break the JSON line
// (../shared/probes/REPORT.md §7); redacting here means no call site can forget to.
class RedactedMessageFlag final : public spdlog::custom_flag_formatter {
 public:
  explicit RedactedMessageFlag(bool json) : json_(json) {}
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string text = RedactSecrets(std::string_view(msg.payload.data(), msg.payload.size()));
    if (json_) text = JsonEscape(text);
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<RedactedMessageFlag>(json_);
  }

 private:
  bool json_;
};

std::unique_ptr<spdlog::formatter> MakeFormatter(const LogOptions& options) {
  auto f = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  if (options.json) {
    f->add_flag<RedactedMessageFlag>('Q', true);
    f->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","svc":")" +
                   JsonEscape(options.service) + R"(","pid":%P,"tid":%t,"msg":"%Q"})");
  } else {
    f->add_flag<RedactedMessageFlag>('R', false);
    f->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %-8l " + options.service + " %R");
  }
  return f;
}

}  // namespace

std::string JsonEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::shared_ptr<spdlog::logger> MakeLogger(const LogOptions& options,
                                           std::shared_ptr<spdlog::sinks::sink> sink) {
  auto logger = std::make_shared<spdlog::logger>(options.service, std::move(sink));
  logger->set_formatter(MakeFormatter(options));
  logger->set_level(spdlog::level::from_str(options.level));
  return logger;
}

Status InitLogging(const LogOptions& options) {
  auto level = spdlog::level::from_str(options.level);
  // from_str answers "off" for anything it does not know; only "off" itself may mean off.
  if (level == spdlog::level::off && options.level != "off") {
    return Error{ErrorCode::kBadRequest, "unknown log level '" + options.level + "'"};
  }
  auto logger = MakeLogger(options, std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
  return OkStatus();
}

}  // namespace portcullis
