#pragma once
// Reads a TOML config file into flat dotted keys ("[pool] size = 4" -> "pool.size" = "4").

#include <map>
#include <string>

#include "portcullis/common/result.h"

namespace portcullis::config_file {

struct FlatValue {
  std::string text;  // scalars as text; arrays joined with ','
  bool is_array = false;
};

// kBadRequest naming the file, line and problem when the file is unreadable or malformed, or
// holds a value that is neither a scalar nor an array of strings.
Result<std::map<std::string, FlatValue>> ReadToml(const std::string& path);

}  // namespace portcullis::config_file
