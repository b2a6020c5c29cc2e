#include "portcullis/common/config.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include <unistd.h>  // environ (glibc declares it under _GNU_SOURCE, which g++ and clang++ set)

#include "config_file.h"
#include "config_values.h"

namespace portcullis {
namespace {

namespace cv = config_values;
constexpr std::string_view kFileSuffix = "_file";

Error Bad(const std::string& where, const std::string& what) {
  return Error{ErrorCode::kBadRequest, where + ": " + what};
}

std::string Quote(const std::string& raw) {
  std::string shown = raw.size() > 60 ? raw.substr(0, 60) + "..." : raw;
  return "\"" + shown + "\"";
}

Result<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kBadRequest, "cannot read " + path};
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

ConfigBinder::ConfigBinder(std::string env_prefix) : env_prefix_(std::move(env_prefix)) {}

std::string ConfigBinder::EnvName(const std::string& key) const {
  std::string out = env_prefix_;
  for (char c : key) {
    out += (c == '.' || c == '-') ? '_'
                                  : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

void ConfigBinder::Add(Binding b) { bindings_.push_back(std::move(b)); }

void ConfigBinder::String(const std::string& key, std::string* target, std::string doc, Need need) {
  Add({key, std::move(doc), *target, need == Need::kRequired, false, false,
       [target](const std::string& raw) -> Status {
         *target = raw;
         return OkStatus();
       }});
}

// Int and Int64 share one range check; the target type differs only in the final store.
template <typename T>
std::function<Status(const std::string&)> RangedInt(T* target, int64_t min, int64_t max) {
  return [target, min, max](const std::string& raw) -> Status {
    auto v = cv::ParseInt(raw);
    if (!v || *v < min || *v > max) {
      return Error{ErrorCode::kBadRequest, "expected an integer from " + std::to_string(min) +
                                               " to " + std::to_string(max)};
    }
    *target = static_cast<T>(*v);
    return OkStatus();
  };
}

void ConfigBinder::Int(const std::string& key, int* target, std::string doc, int min, int max) {
  Add({key, std::move(doc), std::to_string(*target), false, false, false,
       RangedInt(target, min, max)});
}

void ConfigBinder::Int64(const std::string& key, int64_t* target, std::string doc, int64_t min,
                         int64_t max) {
  Add({key, std::move(doc), std::to_string(*target), false, false, false,
       RangedInt(target, min, max)});
}

void ConfigBinder::Bool(const std::string& key, bool* target, std::string doc) {
  Add({key, std::move(doc), *target ? "true" : "false", false, false, false,
       [target](const std::string& raw) -> Status {
         auto v = cv::ParseBool(raw);
         if (!v) return Error{ErrorCode::kBadRequest, "expected true or false"};
         *target = *v;
         return OkStatus();
       }});
}

void ConfigBinder::Duration(const std::string& key, std::chrono::milliseconds* target,
                            std::string doc) {
  Add({key, std::move(doc), cv::FormatDuration(*target), false, false, false,
       [target](const std::string& raw) -> Status {
         auto v = cv::ParseDuration(raw);
         if (!v)
           return Error{ErrorCode::kBadRequest, "expected a duration such as 250ms, 30s, 5m, 8h"};
         *target = *v;
         return OkStatus();
       }});
}

void ConfigBinder::StringList(const std::string& key, std::vector<std::string>* target,
                              std::string doc) {
  std::string shown;
  for (const auto& s : *target) shown += (shown.empty() ? "" : ",") + s;
  Add({key, std::move(doc), shown, false, false, true, [target](const std::string& raw) -> Status {
         *target = cv::SplitList(raw);
         return OkStatus();
       }});
}

void ConfigBinder::Secret(const std::string& key, SecretString* target, std::string doc,
                          Need need) {
  Add({key, std::move(doc), "", need == Need::kRequired, true, false,
       [target](const std::string& raw) -> Status {
         *target = SecretString(raw);
         return OkStatus();
       }});
}

Status ConfigBinder::Apply(const Binding& b, const std::string& raw, const std::string& where) {
  Status s = b.parse(raw);
  if (s.ok()) return s;
  // A secret's value is never echoed, even when malformed.
  return Bad(where, s.error().detail + (b.secret ? "" : ", got " + Quote(raw)));
}

Status ConfigBinder::Load(const std::map<std::string, std::string>& env,
                          const std::optional<std::string>& file_path) {
  std::set<std::string> set_keys;
  if (file_path) {
    auto file = config_file::ReadToml(*file_path);
    if (!file.ok()) return Error{ErrorCode::kBadRequest, file.error().detail};
    for (const auto& [key, value] : *file) {
      const std::string where = *file_path + ": key '" + key + "'";
      const Binding* match = nullptr;
      bool via_file_path = false;
      for (const auto& b : bindings_) {
        if (b.key == key) match = &b;
        if (b.secret && key == b.key + std::string(kFileSuffix)) {
          match = &b;
          via_file_path = true;
        }
      }
      if (match == nullptr) return Bad(where, "unknown key");
      if (match->secret && !via_file_path) {
        return Bad(where, "secrets are not read from the config file; set " + EnvName(match->key) +
                              " or " + match->key + "_file");
      }
      if (value.is_array && !match->is_list)
        return Bad(where, "expected a single value, got an array");
      std::string raw = value.text;
      if (via_file_path) {
        auto secret = ReadSecretFile(raw);
        if (!secret.ok()) return Bad(where, secret.error().detail);
        raw = *secret;
      }
      if (auto s = Apply(*match, raw, where); !s.ok()) return s;
      set_keys.insert(match->key);
    }
  }
  std::set<std::string> known_env;
  known_env.insert(env_prefix_ + "CONFIG");
  for (const auto& b : bindings_) {
    known_env.insert(EnvName(b.key));
    if (b.secret) known_env.insert(EnvName(b.key) + "_FILE");
  }
  for (const auto& [name, value] : env) {
    if (name.rfind(env_prefix_, 0) == 0 && known_env.count(name) == 0) {
      return Bad(name, "unknown setting (see --help for the known ones)");
    }
  }
  for (const auto& b : bindings_) {
    const std::string name = EnvName(b.key);
    auto direct = env.find(name);
    if (direct != env.end()) {
      if (auto s = Apply(b, direct->second, name + " (" + b.key + ")"); !s.ok()) return s;
      set_keys.insert(b.key);
    } else if (b.secret) {
      auto via_file = env.find(name + "_FILE");
      if (via_file != env.end()) {
        const std::string where = name + "_FILE (" + b.key + ")";
        auto secret = ReadSecretFile(via_file->second);
        if (!secret.ok()) return Bad(where, secret.error().detail);
        if (auto s = Apply(b, *secret, where); !s.ok()) return s;
        set_keys.insert(b.key);
      }
    }
  }
  for (const auto& b : bindings_) {
    if (b.required && set_keys.count(b.key) == 0) {
      return Bad(EnvName(b.key) + " (" + b.key + ")",
                 b.secret ? "required secret is not set (set it or " + EnvName(b.key) + "_FILE)"
                          : "required setting is not set");
    }
  }
  return OkStatus();
}

std::string ConfigBinder::Describe() const {
  std::string out;
  for (const auto& b : bindings_) {
    out += "  " + b.key + "  (" + EnvName(b.key) +
           (b.secret ? ", or " + EnvName(b.key) + "_FILE" : "") + ")\n";
    out += "      " + b.doc;
    if (b.required)
      out += " [required]";
    else if (!b.secret)
      out += " [default: " + (b.default_text.empty() ? "\"\"" : b.default_text) + "]";
    out += "\n";
  }
  return out;
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    const char* eq = std::strchr(*e, '=');
    if (eq != nullptr)
      out.emplace(std::string(*e, static_cast<size_t>(eq - *e)), std::string(eq + 1));
  }
  return out;
}

std::optional<std::string> ConfigFileFromArgs(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0) return std::string(argv[i + 1]);
  }
  if (const char* env = std::getenv("PORTCULLIS_CONFIG"); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  return std::nullopt;
}

void ExitOnConfigError(const Error& error) {
  std::string line = error.detail;
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::fprintf(stderr, "config error: %s\n", line.c_str());
  std::exit(2);
}

}  // namespace portcullis
