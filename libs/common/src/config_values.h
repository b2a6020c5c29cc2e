#pragma once
// Parsers for config values, shared by the environment and the file. Pure.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portcullis::config_values {

std::optional<int64_t> ParseInt(std::string_view text);
std::optional<bool> ParseBool(std::string_view text);  // true/false/1/0/yes/no/on/off
std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text);
std::string FormatDuration(std::chrono::milliseconds d);
std::vector<std::string> SplitList(std::string_view text);  // on ',', trimmed, empty dropped

}  // namespace portcullis::config_values
