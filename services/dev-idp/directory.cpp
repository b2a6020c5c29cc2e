#include "directory.h"

#include <algorithm>
#include <cctype>

#include "portcullis/crypto/encoding.h"
#include "portcullis/crypto/hash.h"

namespace portcullis::dev_idp {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool Contains(const std::vector<std::string>& v, std::string_view x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

bool IsGuid(std::string_view t) {
  if (t.size() != 36) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (t[i] == '-')) return false;
    if (!dash && !std::isxdigit(static_cast<unsigned char>(t[i]))) return false;
  }
  return true;
}

std::string DeriveGuid(std::string_view seed) {
  std::string hex = crypto::HexEncode(crypto::Sha256(crypto::AsBytes(seed)));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

const User* Directory::FindUser(std::string_view login) const {
  for (const User& u : users) {
    if (EqualsIgnoreCase(u.username, login) || EqualsIgnoreCase(u.upn, login) ||
        EqualsIgnoreCase(u.email, login)) {
      return &u;
    }
  }
  return nullptr;
}

const User* Directory::FindUserByOid(std::string_view oid) const {
  for (const User& u : users) {
    if (u.oid == oid) return &u;
  }
  return nullptr;
}

const Client* Directory::FindClient(std::string_view client_id) const {
  for (const Client& c : clients) {
    if (c.client_id == client_id) return &c;
  }
  return nullptr;
}

const Client* Directory::FindResource(std::string_view id) const {
  for (const Client& c : clients) {
    if (c.client_id == id || (!c.app_id_uri.empty() && c.app_id_uri == id)) return &c;
  }
  return nullptr;
}

const Group* Directory::FindGroup(std::string_view id) const {
  for (const Group& g : groups) {
    if (g.id == id) return &g;
  }
  return nullptr;
}

std::vector<std::string> Directory::UserRoles(const User& user, const Client& resource) const {
  std::vector<std::string> roles;
  for (const AppRole& role : resource.app_roles) {
    bool assigned = Contains(role.usernames, user.username);
    for (const std::string& g : role.group_ids) assigned = assigned || Contains(user.group_ids, g);
    if (assigned) roles.push_back(role.value);
  }
  return roles;
}

std::vector<std::string> Directory::ClientRoles(const Client& caller,
                                                const Client& resource) const {
  std::vector<std::string> roles;
  for (const AppRole& role : resource.app_roles) {
    if (Contains(role.client_ids, caller.client_id)) roles.push_back(role.value);
  }
  return roles;
}

}  // namespace portcullis::dev_idp
