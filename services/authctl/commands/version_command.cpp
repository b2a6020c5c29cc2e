// authctl version: prints the suite's version.
#include <cstdio>

#include "command.h"

namespace portcullis::authctl {
namespace {

int RunVersion(const std::vector<std::string>& args) {
  if (!args.empty()) {
    std::fprintf(stderr, "usage: authctl version\n");
    return kExitUsage;
  }
  std::printf("authctl %s\n", PORTCULLIS_VERSION);
  return kExitOk;
}

}  // namespace

PORTCULLIS_AUTHCTL_COMMAND(version, "print the Portcullis version", RunVersion);

}  // namespace portcullis::authctl
