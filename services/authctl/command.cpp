#include "command.h"

#include <algorithm>

namespace portcullis::authctl {
namespace {

// Function-local so registration from other translation units never sees it unconstructed.
std::vector<Command>& Registry() {
  static std::vector<Command> commands;
  return commands;
}

}  // namespace

bool RegisterCommand(Command command) {
  auto& all = Registry();
  all.push_back(command);
  std::sort(all.begin(), all.end(),
            [](const Command& a, const Command& b) { return a.name < b.name; });
  return true;
}

const std::vector<Command>& RegisteredCommands() { return Registry(); }

}  // namespace portcullis::authctl
