#pragma once
// authctl's command registry. Each command lives in commands/<name>_command.cpp and registers
// itself, so a room that adds a command (token, services, migrate, sessions, ...) touches only its
// own file. Exit codes: 0 success, 1 the operation failed or the input is invalid, 2 usage error.
//
//   int RunToken(const std::vector<std::string>& args);   // args exclude "authctl token"
//   PORTCULLIS_AUTHCTL_COMMAND(token, "verify, decode, sign and publish JWTs", RunToken);

#include <string>
#include <string_view>
#include <vector>

namespace portcullis::authctl {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(const std::vector<std::string>& args);
};

// Registration happens during static initialisation, before main; lookups after it.
bool RegisterCommand(Command command);
const std::vector<Command>& RegisteredCommands();

}  // namespace portcullis::authctl

#define PORTCULLIS_AUTHCTL_COMMAND(name, summary, fn)                         \
  [[maybe_unused]] static const bool portcullis_authctl_##name##_registered = \
      ::portcullis::authctl::RegisterCommand({#name, summary, fn})
