#pragma once
// A typed, read-only view of a JWT claims set: the registered claims (RFC 7519 §4.1), Microsoft
// Entra ID's claims, and raw access to any other claim. Accessors read the shared JSON document on
// demand (no copies at verification time); string_views stay valid while the Claims lives.
//
//   const Claims& c = verified->claims;
//   if (auto oid = c.Oid()) user.id = std::string(*oid);
//   for (std::string_view role : c.Roles()) ...
//   if (c.HasGroupOverage()) FetchGroupsFromGraph(...);
//
// Immutable and thread-safe.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/token/json.h"

namespace portcullis::token {

// A JSON NumericDate: seconds since the epoch, possibly fractional or far beyond int64 (1e300);
// kept as a double and only ever compared, never cast to an integer.
using NumericDate = double;

class Claims {
 public:
  // `doc` must hold a JSON object.
  explicit Claims(std::shared_ptr<const JsonDocument> doc) : doc_(std::move(doc)) {}

  JsonValue root() const { return doc_->root(); }
  // Raw access to any claim.
  std::optional<JsonValue> Get(std::string_view name) const { return root().Find(name); }
  // The claims as compact JSON.
  std::string ToJson() const;

  // Registered claims. A string accessor returns nullopt when the claim is absent or not a
  // string; a NumericDate accessor when it is absent or not a number.
  std::optional<std::string_view> Issuer() const { return String("iss"); }
  std::optional<std::string_view> Subject() const { return String("sub"); }
  std::optional<std::string_view> JwtId() const { return String("jti"); }
  std::vector<std::string_view> Audiences() const;  // "aud" as a string or array of strings
  std::optional<NumericDate> Expiry() const { return Number("exp"); }
  std::optional<NumericDate> NotBefore() const { return Number("nbf"); }
  std::optional<NumericDate> IssuedAt() const { return Number("iat"); }

  // Entra ID (v1 and v2 access and id tokens).
  std::optional<std::string_view> Oid() const { return String("oid"); }
  std::optional<std::string_view> Tid() const { return String("tid"); }
  std::optional<std::string_view> Upn() const { return String("upn"); }
  std::optional<std::string_view> PreferredUsername() const { return String("preferred_username"); }
  std::optional<std::string_view> Email() const { return String("email"); }
  std::optional<std::string_view> Name() const { return String("name"); }
  std::optional<std::string_view> Version() const { return String("ver"); }
  std::optional<std::string_view> IdType() const { return String("idtyp"); }  // "app" / "user"
  // The calling client: "azp" (v2) or "appid" (v1).
  std::optional<std::string_view> AuthorizedParty() const;
  std::vector<std::string_view> Roles() const { return StringArray("roles"); }
  std::vector<std::string_view> Groups() const { return StringArray("groups"); }
  std::vector<std::string_view> Wids() const { return StringArray("wids"); }
  // "scp" split on spaces (delegated permissions).
  std::vector<std::string_view> Scopes() const;
  // True when Entra left "groups" out because there were too many: "_claim_names" names
  // "groups"; the Graph endpoint, if given, is GroupsOverageEndpoint().
  bool HasGroupOverage() const;
  std::optional<std::string_view> GroupsOverageEndpoint() const;

  std::optional<std::string_view> String(std::string_view name) const;
  std::optional<NumericDate> Number(std::string_view name) const;
  std::vector<std::string_view> StringArray(std::string_view name) const;

 private:
  std::shared_ptr<const JsonDocument> doc_;
};

}  // namespace portcullis::token
