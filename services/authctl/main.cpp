// authctl: the Portcullis command line. Dispatches to the registered commands.
#include <cstdio>
#include <string>
#include <vector>

#include "command.h"

namespace {

void PrintUsage(std::FILE* out) {
  std::fprintf(out, "usage: authctl <command> [args...]\n\ncommands:\n");
  for (const auto& c : portcullis::authctl::RegisteredCommands()) {
    std::fprintf(out, "  %-12.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                 static_cast<int>(c.summary.size()), c.summary.data());
  }
  std::fprintf(out, "\n'authctl <command> --help' describes a command.\n");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace portcullis::authctl;
  if (argc < 2) {
    PrintUsage(stderr);
    return kExitUsage;
  }
  const std::string name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(stdout);
    return kExitOk;
  }
  std::vector<std::string> args(argv + 2, argv + argc);
  for (const auto& c : RegisteredCommands()) {
    if (c.name == name) return c.run(args);
  }
  std::fprintf(stderr, "authctl: unknown command '%s'\n", name.c_str());
  PrintUsage(stderr);
  return kExitUsage;
}
