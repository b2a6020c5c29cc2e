#include "key_set.h"

#include "portcullis/crypto/encoding.h"

namespace portcullis::dev_idp {

KeySet::KeySet(const Clock& clock, std::shared_ptr<const SigningKey> initial,
               SigningKeyFactory& factory)
    : clock_(clock), factory_(factory) {
  keys_.push_back(Entry{std::move(initial), std::nullopt});
}

std::vector<KeySet::Entry> KeySet::Live() const {
  std::vector<Entry> live;
  TimePoint now = clock_.Now();
  for (const Entry& e : keys_) {
    if (!e.retire_at || *e.retire_at > now) live.push_back(e);
  }
  return live;
}

Result<std::string> KeySet::Sign(const nlohmann::json& claims) const {
  std::shared_ptr<const SigningKey> key;
  {
    std::lock_guard<std::mutex> lock(mu_);
    key = keys_.front().key;
  }
  return key->SignJwt(claims);
}

Result<nlohmann::json> KeySet::Verify(std::string_view jwt) const {
  size_t dot = jwt.find('.');
  if (dot == std::string_view::npos) return Error{ErrorCode::kUnauthorized, "not a JWS"};
  auto header_bytes = crypto::Base64UrlDecode(jwt.substr(0, dot));
  if (!header_bytes) return Error{ErrorCode::kUnauthorized, "malformed JOSE header"};
  nlohmann::json header =
      nlohmann::json::parse(crypto::AsStringView(*header_bytes), nullptr, false);
  if (!header.is_object() || !header.contains("kid") || !header["kid"].is_string()) {
    return Error{ErrorCode::kUnauthorized, "JOSE header without kid"};
  }
  std::string kid = header["kid"].get<std::string>();
  std::shared_ptr<const SigningKey> key;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const Entry& e : Live()) {
      if (e.key->kid() == kid) key = e.key;
    }
  }
  if (!key) return Error{ErrorCode::kUnauthorized, "unknown kid " + kid};
  return key->VerifyJwt(jwt);
}

nlohmann::json KeySet::Jwks() const {
  nlohmann::json keys = nlohmann::json::array();
  std::lock_guard<std::mutex> lock(mu_);
  for (const Entry& e : Live()) keys.push_back(e.key->PublicJwk());
  return nlohmann::json{{"keys", keys}};
}

Result<std::string> KeySet::Rotate(std::optional<Duration> grace) {
  Result<std::shared_ptr<const SigningKey>> fresh = factory_.Generate();
  if (!fresh.ok()) return fresh.error();
  std::lock_guard<std::mutex> lock(mu_);
  TimePoint now = clock_.Now();
  std::vector<Entry> next;
  next.push_back(Entry{*fresh, std::nullopt});
  for (Entry& e : keys_) {
    if (!e.retire_at) e.retire_at = now + grace.value_or(Duration::zero());
    if (*e.retire_at > now) next.push_back(std::move(e));
  }
  keys_ = std::move(next);
  return keys_.front().key->kid();
}

std::string KeySet::current_kid() const {
  std::lock_guard<std::mutex> lock(mu_);
  return keys_.front().key->kid();
}

}  // namespace portcullis::dev_idp
