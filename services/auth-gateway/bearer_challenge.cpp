#include "bearer_challenge.h"

namespace portcullis::gateway {
namespace {

void AddParam(std::string& out, std::string_view name, std::string_view value) {
  if (value.empty()) return;
  out += out.size() == 6 ? " " : ", ";
  out += name;
  out += "=\"";
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) continue;
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string BearerChallenge(const ChallengeParams& p) {
  std::string out = "Bearer";
  AddParam(out, "realm", p.realm);
  AddParam(out, "error", p.error);
  AddParam(out, "error_description", p.error_description);
  AddParam(out, "resource_metadata", p.resource_metadata);
  return out;
}

}  // namespace portcullis::gateway
