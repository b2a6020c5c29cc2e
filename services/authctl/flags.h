#pragma once
// Flags: the one command-line flag parser of every authctl command. Accepts "--name value",
// "--name=value" and bare switches; every argument must be a declared flag (no positionals), a
// value flag given twice keeps its last value unless it is declared kRepeated.
//
//   auto flags = Flags::Parse(args, 1, {{"nats"}, {"wait"}, {"all", FlagKind::kSwitch}});
//   if (!flags.ok()) return Usage(flags.error().detail);   // "unknown argument '--x'", ...
//   auto wait = flags->Int("wait", 500, 1, 600000);         // "--wait needs a number from 1 to
//   600000"

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/common/result.h"

namespace portcullis::authctl {

enum class FlagKind {
  kValue,     // --name VALUE; the last one wins
  kRepeated,  // --name VALUE, any number of times; All() keeps them in order
  kSwitch,    // --name, no value
};

struct FlagSpec {
  std::string_view name;  // without the leading "--"
  FlagKind kind = FlagKind::kValue;
};

class Flags {
 public:
  // Parses args[first..]. Errors (kBadRequest) carry a one-line reason for the usage message.
  static Result<Flags> Parse(const std::vector<std::string>& args, size_t first,
                             std::initializer_list<FlagSpec> specs);

  bool Has(std::string_view name) const;
  std::optional<std::string> Get(std::string_view name) const;
  std::string GetOr(std::string_view name, std::string fallback) const;
  const std::vector<std::string>& All(std::string_view name) const;
  // The flag as a whole decimal number in [min, max]; `fallback` when absent.
  Result<int64_t> Int(std::string_view name, int64_t fallback, int64_t min, int64_t max) const;

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
};

// The first non-empty environment variable of `names`, or `fallback`.
std::string EnvOr(std::initializer_list<const char*> names, std::string fallback);

}  // namespace portcullis::authctl
