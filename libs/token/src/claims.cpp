#include "portcullis/token/claims.h"

namespace portcullis::token {

std::string Claims::ToJson() const {
  std::string out;
  AppendJson(root(), out);
  return out;
}

std::optional<std::string_view> Claims::String(std::string_view name) const {
  const auto v = Get(name);
  if (!v || !v->is_string()) return std::nullopt;
  return v->AsString();
}

std::optional<NumericDate> Claims::Number(std::string_view name) const {
  const auto v = Get(name);
  if (!v || !v->is_number()) return std::nullopt;
  return v->AsNumber();
}

std::vector<std::string_view> Claims::StringArray(std::string_view name) const {
  std::vector<std::string_view> out;
  const auto v = Get(name);
  if (!v || !v->is_array()) return out;
  out.reserve(v->size());
  v->ForEach([&](std::string_view, JsonValue e) {
    if (e.is_string()) out.push_back(e.AsString());
  });
  return out;
}

std::vector<std::string_view> Claims::Audiences() const {
  const auto v = Get("aud");
  if (v && v->is_string()) return {v->AsString()};
  return StringArray("aud");
}

std::optional<std::string_view> Claims::AuthorizedParty() const {
  if (auto azp = String("azp")) return azp;
  return String("appid");
}

std::vector<std::string_view> Claims::Scopes() const {
  std::vector<std::string_view> out;
  auto scp = String("scp");
  if (!scp) return out;
  std::string_view rest = *scp;
  while (!rest.empty()) {
    const size_t space = rest.find(' ');
    if (space != 0) out.push_back(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return out;
}

bool Claims::HasGroupOverage() const {
  const auto names = Get("_claim_names");
  return names && names->is_object() && names->Find("groups").has_value();
}

std::optional<std::string_view> Claims::GroupsOverageEndpoint() const {
  const auto names = Get("_claim_names");
  const auto sources = Get("_claim_sources");
  if (!names || !sources) return std::nullopt;
  const auto source = names->Find("groups");
  if (!source || !source->is_string()) return std::nullopt;
  const auto entry = sources->Find(source->AsString());
  if (!entry) return std::nullopt;
  const auto endpoint = entry->Find("endpoint");
  if (!endpoint || !endpoint->is_string()) return std::nullopt;
  return endpoint->AsString();
}

}  // namespace portcullis::token
