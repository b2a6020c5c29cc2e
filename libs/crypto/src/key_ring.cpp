#include "portcullis/crypto/key_ring.h"

#include <openssl/crypto.h>

#include <cassert>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "portcullis/crypto/crypto_error.h"
#include "portcullis/crypto/encoding.h"

namespace portcullis::crypto {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n";
constexpr std::string_view kActivePrefix = "active=";

std::string_view Trim(std::string_view s) {
  const size_t begin = s.find_first_not_of(kWhitespace);
  if (begin == std::string_view::npos) return {};
  const size_t end = s.find_last_not_of(kWhitespace);
  return s.substr(begin, end - begin + 1);
}

Error BadKey(std::string_view detail) { return MakeCryptoError(CryptoError::kBadKey, detail); }

// Decodes one key into SecretBytes, wiping the temporary decode buffer either way.
Result<SecretBytes> DecodeKey(std::string_view id, std::string_view encoded) {
  std::optional<Bytes> raw = Base64UrlDecode(encoded);
  if (!raw) return BadKey("key '" + std::string(id) + "' is not valid base64url");
  SecretBytes key(*raw);
  const size_t size = raw->size();
  if (!raw->empty()) OPENSSL_cleanse(raw->data(), raw->size());
  if (size != KeyRing::kKeySize) {
    return BadKey("key '" + std::string(id) + "' is " + std::to_string(size) +
                  " bytes; AES-256 needs 32");
  }
  return key;
}

}  // namespace

bool KeyRing::IsValidKeyId(std::string_view id) {
  if (id.empty() || id.size() > kMaxKeyIdSize) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<KeyRing> KeyRing::Create(std::vector<std::pair<std::string, SecretBytes>>&& keys,
                                std::string active_id) {
  if (keys.empty()) return BadKey("the key ring is empty");
  KeyRing ring;
  for (auto& entry : keys) {
    const std::string& id = entry.first;
    if (!IsValidKeyId(id)) {
      return BadKey("key id '" + id + "' is not 1-64 characters of [A-Za-z0-9._-]");
    }
    if (entry.second.size() != kKeySize) {
      return BadKey("key '" + id + "' is " + std::to_string(entry.second.size()) +
                    " bytes; AES-256 needs 32");
    }
    if (!ring.keys_.try_emplace(id, std::move(entry.second)).second) {
      return BadKey("key id '" + id + "' appears twice");
    }
  }
  if (ring.keys_.find(active_id) == ring.keys_.end()) {
    return BadKey("active key id '" + active_id + "' is not in the key ring");
  }
  ring.active_id_ = std::move(active_id);
  return ring;
}

Result<KeyRing> KeyRing::Parse(std::string_view spec) {
  spec = Trim(spec);
  std::string_view keys_part = spec;
  std::optional<std::string> active;
  if (const size_t semi = spec.find(';'); semi != std::string_view::npos) {
    keys_part = spec.substr(0, semi);
    const std::string_view option = Trim(spec.substr(semi + 1));
    if (option.substr(0, kActivePrefix.size()) != kActivePrefix) {
      return BadKey("expected ';active=<key id>' after the keys");
    }
    active = std::string(Trim(option.substr(kActivePrefix.size())));
  }
  std::vector<std::pair<std::string, SecretBytes>> keys;
  size_t position = 0;
  while (true) {
    ++position;
    const size_t comma = keys_part.find(',');
    const std::string_view entry = Trim(keys_part.substr(0, comma));
    const size_t colon = entry.find(':');
    if (colon == std::string_view::npos) {
      return BadKey("key entry " + std::to_string(position) + " is not '<id>:<base64url key>'");
    }
    const std::string_view id = Trim(entry.substr(0, colon));
    if (!IsValidKeyId(id)) {
      return BadKey("key entry " + std::to_string(position) +
                    " has an id that is not 1-64 characters of [A-Za-z0-9._-]");
    }
    Result<SecretBytes> key = DecodeKey(id, Trim(entry.substr(colon + 1)));
    if (!key.ok()) return key.error();
    keys.emplace_back(std::string(id), std::move(*key));
    if (comma == std::string_view::npos) break;
    keys_part.remove_prefix(comma + 1);
  }
  if (!active) {
    if (keys.size() != 1) return BadKey("several keys but no ';active=<key id>'");
    active = keys.front().first;
  }
  return Create(std::move(keys), std::move(*active));
}

Result<KeyRing> KeyRing::FromFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return BadKey("cannot read key ring file " + path.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  Result<KeyRing> ring = Parse(text);
  if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
  if (!ring.ok()) {
    return Error{ring.error().code, ring.error().detail + " (in " + path.string() + ")"};
  }
  return ring;
}

Result<KeyRing> KeyRing::FromEnvironment(std::string_view name) {
  const std::string var(name);
  if (const char* value = std::getenv(var.c_str()); value != nullptr) {
    Result<KeyRing> ring = Parse(value);
    if (!ring.ok()) {
      return Error{ring.error().code, ring.error().detail + " (in $" + var + ")"};
    }
    return ring;
  }
  const std::string file_var = var + "_FILE";
  if (const char* path = std::getenv(file_var.c_str()); path != nullptr) return FromFile(path);
  return BadKey("neither $" + var + " nor $" + file_var + " is set");
}

const SecretBytes& KeyRing::active_key() const {
  const SecretBytes* key = Find(active_id_);
  assert(key != nullptr);  // Create guarantees the active id is present
  return *key;
}

const SecretBytes* KeyRing::Find(std::string_view id) const {
  const auto it = keys_.find(id);
  return it == keys_.end() ? nullptr : &it->second;
}

std::vector<std::string> KeyRing::ids() const {
  std::vector<std::string> out;
  out.reserve(keys_.size());
  for (const auto& [id, key] : keys_) out.push_back(id);
  return out;
}

}  // namespace portcullis::crypto
