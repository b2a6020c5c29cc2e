#include "config_file.h"

#include <toml++/toml.h>

#include <sstream>

namespace portcullis::config_file {
namespace {

Status Flatten(const toml::table& table, const std::string& prefix,
               std::map<std::string, FlatValue>& out) {
  for (const auto& [k, node] : table) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      if (auto s = Flatten(*sub, key, out); !s.ok()) return s;
      continue;
    }
    FlatValue v;
    if (const auto* arr = node.as_array()) {
      v.is_array = true;
      for (const auto& item : *arr) {
        const auto* s = item.as_string();
        if (s == nullptr || s->get().find(',') != std::string::npos) {
          return Error{ErrorCode::kBadRequest,
                       "key '" + key + "': array items must be strings without ','"};
        }
        if (!v.text.empty()) v.text += ',';
        v.text += s->get();
      }
    } else if (const auto* s = node.as_string()) {
      v.text = s->get();
    } else if (const auto* i = node.as_integer()) {
      v.text = std::to_string(i->get());
    } else if (const auto* b = node.as_boolean()) {
      v.text = b->get() ? "true" : "false";
    } else {
      return Error{ErrorCode::kBadRequest,
                   "key '" + key + "': only strings, integers, booleans and string arrays"};
    }
    out[key] = std::move(v);
  }
  return OkStatus();
}

}  // namespace

Result<std::map<std::string, FlatValue>> ReadToml(const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << path << ":" << e.source().begin.line << ": " << e.description();
    return Error{ErrorCode::kBadRequest, msg.str()};
  }
  std::map<std::string, FlatValue> out;
  if (auto s = Flatten(table, "", out); !s.ok()) {
    return Error{ErrorCode::kBadRequest, path + ": " + s.error().detail};
  }
  return out;
}

}  // namespace portcullis::config_file
