#pragma once
// Typed configuration from environment variables plus an optional TOML file.
//
// A service keeps its settings in a plain struct whose member initialisers are the documented
// defaults, binds each member to a key once, and loads. Environment variables win over the file.
// A key `pool.size` is `pool.size` (or `[pool] size`) in the file and PORTCULLIS_POOL_SIZE in the
// environment. Secrets come only from the environment or from a file path (`<key>_file` /
// PORTCULLIS_<KEY>_FILE), never from the config file itself.
//
//   struct Config { std::string nats_url = "nats://127.0.0.1:4222"; int pool_size = 8;
//                   SecretString token_key; };
//   Config cfg;
//   ConfigBinder b;
//   b.String("nats_url", &cfg.nats_url, "NATS server URL");
//   b.Int("pool_size", &cfg.pool_size, "PostgreSQL connections", 1, 256);
//   b.Secret("token_key", &cfg.token_key, "AES-256-GCM key ring", Need::kRequired);
//   if (Status s = b.Load(ProcessEnvironment(), ConfigFileFromArgs(argc, argv)); !s.ok())
//     ExitOnConfigError(s.error());
//
// Load() fails, with one line naming the key (never a secret's value), on: an unknown key in the
// file or an unknown PORTCULLIS_* variable, a value of the wrong type or out of range, a required
// key left unset, a secret written into the file, and an unreadable or malformed file.
// Not thread-safe; configure once at start-up.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "portcullis/common/result.h"
#include "portcullis/common/secret.h"

namespace portcullis {

enum class Need { kOptional, kRequired };

class ConfigBinder {
 public:
  explicit ConfigBinder(std::string env_prefix = "PORTCULLIS_");

  void String(const std::string& key, std::string* target, std::string doc,
              Need need = Need::kOptional);
  void Int(const std::string& key, int* target, std::string doc, int min, int max);
  void Int64(const std::string& key, int64_t* target, std::string doc, int64_t min, int64_t max);
  void Bool(const std::string& key, bool* target, std::string doc);
  // "250ms", "30s", "5m", "8h", "2d"; a bare number is rejected (the unit is never guessed).
  void Duration(const std::string& key, std::chrono::milliseconds* target, std::string doc);
  // Comma-separated in the environment, an array of strings in the file.
  void StringList(const std::string& key, std::vector<std::string>* target, std::string doc);
  void Secret(const std::string& key, SecretString* target, std::string doc,
              Need need = Need::kOptional);

  // Reads `file_path` (when set) then `env`; see the class comment for what fails.
  Status Load(const std::map<std::string, std::string>& env,
              const std::optional<std::string>& file_path);

  // One line per key: name, environment variable, default, description. For --help.
  std::string Describe() const;

  // The environment variable that sets `key`.
  std::string EnvName(const std::string& key) const;

 private:
  struct Binding {
    std::string key;
    std::string doc;
    std::string default_text;
    bool required = false;
    bool secret = false;
    bool is_list = false;
    std::function<Status(const std::string& raw)> parse;  // error detail names the expectation
  };
  void Add(Binding b);
  Status Apply(const Binding& b, const std::string& raw, const std::string& where);

  std::string env_prefix_;
  std::vector<Binding> bindings_;
};

// The process environment as a map.
std::map<std::string, std::string> ProcessEnvironment();

// The config file named by `--config FILE` in argv, else by $PORTCULLIS_CONFIG, else nullopt.
std::optional<std::string> ConfigFileFromArgs(int argc, char** argv);

// Prints "config error: <detail>" as one line on stderr and exits with status 2.
[[noreturn]] void ExitOnConfigError(const Error& error);

}  // namespace portcullis
