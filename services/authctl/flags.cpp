#include "flags.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace portcullis::authctl {
namespace {

Error Usage(std::string detail) { return Error{ErrorCode::kBadRequest, std::move(detail)}; }

}  // namespace

Result<Flags> Flags::Parse(const std::vector<std::string>& args, size_t first,
                           std::initializer_list<FlagSpec> specs) {
  Flags out;
  for (size_t i = first; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!arg.starts_with("--") || arg.size() == 2) {
      return Usage("unknown argument '" + arg + "'");
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.resize(eq);
    }
    const auto spec =
        std::find_if(specs.begin(), specs.end(), [&](const FlagSpec& s) { return s.name == name; });
    if (spec == specs.end()) return Usage("unknown argument '" + arg + "'");
    std::vector<std::string>& slot = out.values_[name];
    if (spec->kind == FlagKind::kSwitch) {
      if (inline_value) return Usage("--" + name + " takes no value");
      slot.assign(1, "");
      continue;
    }
    if (!inline_value && i + 1 >= args.size()) return Usage("--" + name + " needs a value");
    std::string value = inline_value ? *inline_value : args[++i];
    if (spec->kind == FlagKind::kValue) slot.clear();
    slot.push_back(std::move(value));
  }
  return out;
}

bool Flags::Has(std::string_view name) const { return values_.find(name) != values_.end(); }

std::optional<std::string> Flags::Get(std::string_view name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::string Flags::GetOr(std::string_view name, std::string fallback) const {
  return Get(name).value_or(std::move(fallback));
}

const std::vector<std::string>& Flags::All(std::string_view name) const {
  static const std::vector<std::string> kNone;
  auto it = values_.find(name);
  return it == values_.end() ? kNone : it->second;
}

Result<int64_t> Flags::Int(std::string_view name, int64_t fallback, int64_t min,
                           int64_t max) const {
  const std::optional<std::string> text = Get(name);
  if (!text) return fallback;
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || v < min || v > max) {
    return Usage("--" + std::string(name) + " needs a number from " + std::to_string(min) + " to " +
                 std::to_string(max));
  }
  return v;
}

std::string EnvOr(std::initializer_list<const char*> names, std::string fallback) {
  for (const char* name : names) {
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') return v;
  }
  return fallback;
}

}  // namespace portcullis::authctl
