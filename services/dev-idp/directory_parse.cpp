// Parsing and validating the users file: ParseDirectory and LoadDirectoryFile of directory.h.
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "directory.h"

namespace portcullis::dev_idp {
namespace {

using nlohmann::json;

// Field readers: each names the path of the field in its error.
Error Bad(const std::string& where, const std::string& what) {
  return Error{ErrorCode::kBadRequest, "users file: " + where + ": " + what};
}

Result<std::string> Str(const json& obj, const std::string& key, const std::string& where,
                        bool required) {
  auto it = obj.find(key);
  if (it == obj.end()) {
    if (required) return Bad(where + "." + key, "missing");
    return std::string();
  }
  if (!it->is_string()) return Bad(where + "." + key, "must be a string");
  if (required && it->get<std::string>().empty()) return Bad(where + "." + key, "empty");
  return it->get<std::string>();
}

Result<std::vector<std::string>> StrList(const json& obj, const std::string& key,
                                         const std::string& where) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (it == obj.end()) return out;
  if (!it->is_array()) return Bad(where + "." + key, "must be an array of strings");
  for (const auto& v : *it) {
    if (!v.is_string()) return Bad(where + "." + key, "must be an array of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<std::string> Guid(const json& obj, const std::string& key, const std::string& where) {
  Result<std::string> s = Str(obj, key, where, true);
  if (!s.ok()) return s;
  if (!IsGuid(*s)) return Bad(where + "." + key, "'" + *s + "' is not a GUID");
  return s;
}

bool IsRedirectUri(const std::string& uri) {
  return (uri.rfind("http://", 0) == 0 || uri.rfind("https://", 0) == 0) &&
         uri.find('#') == std::string::npos && uri.size() > 8;
}

#define DEVIDP_ASSIGN(lhs, expr)     \
  do {                               \
    auto r_ = (expr);                \
    if (!r_.ok()) return r_.error(); \
    lhs = std::move(*r_);            \
  } while (false)

Status ParseGroups(const json& root, Directory& dir) {
  if (!root.contains("groups")) return OkStatus();
  if (!root["groups"].is_array()) return Bad("groups", "must be an array");
  std::set<std::string> seen;
  for (size_t i = 0; i < root["groups"].size(); ++i) {
    const json& g = root["groups"][i];
    std::string where = "groups[" + std::to_string(i) + "]";
    if (!g.is_object()) return Bad(where, "must be an object");
    Group group;
    DEVIDP_ASSIGN(group.id, Guid(g, "id", where));
    DEVIDP_ASSIGN(group.name, Str(g, "name", where, true));
    if (!seen.insert(group.id).second || !seen.insert("name:" + group.name).second) {
      return Bad(where, "duplicate group id or name");
    }
    dir.groups.push_back(std::move(group));
  }
  return OkStatus();
}

// A group named by its object id or its name.
const Group* ResolveGroup(const Directory& dir, const std::string& ref) {
  for (const Group& g : dir.groups) {
    if (g.id == ref || g.name == ref) return &g;
  }
  return nullptr;
}

Status ParseUsers(const json& root, Directory& dir) {
  if (!root.contains("users") || !root["users"].is_array()) return Bad("users", "missing array");
  std::set<std::string> seen;
  for (size_t i = 0; i < root["users"].size(); ++i) {
    const json& u = root["users"][i];
    std::string where = "users[" + std::to_string(i) + "]";
    if (!u.is_object()) return Bad(where, "must be an object");
    User user;
    DEVIDP_ASSIGN(user.username, Str(u, "username", where, true));
    DEVIDP_ASSIGN(user.oid, Guid(u, "oid", where));
    DEVIDP_ASSIGN(user.name, Str(u, "name", where, true));
    DEVIDP_ASSIGN(user.email, Str(u, "email", where, true));
    DEVIDP_ASSIGN(user.upn, Str(u, "upn", where, false));
    if (user.upn.empty()) user.upn = user.email;
    if (!seen.insert(user.username).second || !seen.insert(user.oid).second) {
      return Bad(where, "duplicate username or oid");
    }
    std::vector<std::string> refs;
    DEVIDP_ASSIGN(refs, StrList(u, "groups", where));
    for (const std::string& ref : refs) {
      const Group* g = ResolveGroup(dir, ref);
      if (g == nullptr) return Bad(where + ".groups", "unknown group '" + ref + "'");
      user.group_ids.push_back(g->id);
    }
    if (u.contains("generated_groups")) {
      const json& n = u["generated_groups"];
      if (!n.is_number_integer() || n.get<int>() < 0 || n.get<int>() > 5000) {
        return Bad(where + ".generated_groups", "must be an integer in [0, 5000]");
      }
      for (int k = 1; k <= n.get<int>(); ++k) {
        std::ostringstream name;
        name << user.username << "-group-" << std::string(k < 10 ? "00" : k < 100 ? "0" : "") << k;
        Group g{DeriveGuid(dir.tenant_id + "/" + name.str()), name.str()};
        user.group_ids.push_back(g.id);
        dir.groups.push_back(std::move(g));
      }
    }
    dir.users.push_back(std::move(user));
  }
  return OkStatus();
}

Result<AppRole> ParseAppRole(const json& r, const std::string& where, const Directory& dir) {
  if (!r.is_object()) return Bad(where, "must be an object");
  AppRole role;
  DEVIDP_ASSIGN(role.id, Guid(r, "id", where));
  DEVIDP_ASSIGN(role.value, Str(r, "value", where, true));
  std::vector<std::string> groups;
  DEVIDP_ASSIGN(groups, StrList(r, "groups", where));
  for (const std::string& ref : groups) {
    const Group* g = ResolveGroup(dir, ref);
    if (g == nullptr) return Bad(where + ".groups", "unknown group '" + ref + "'");
    role.group_ids.push_back(g->id);
  }
  DEVIDP_ASSIGN(role.usernames, StrList(r, "users", where));
  for (const std::string& name : role.usernames) {
    if (dir.FindUser(name) == nullptr) return Bad(where + ".users", "unknown user '" + name + "'");
  }
  DEVIDP_ASSIGN(role.client_ids, StrList(r, "clients", where));
  return role;
}

Status ParseClients(const json& root, Directory& dir) {
  if (!root.contains("clients") || !root["clients"].is_array()) {
    return Bad("clients", "missing array");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < root["clients"].size(); ++i) {
    const json& c = root["clients"][i];
    std::string where = "clients[" + std::to_string(i) + "]";
    if (!c.is_object()) return Bad(where, "must be an object");
    Client client;
    DEVIDP_ASSIGN(client.client_id, Str(c, "client_id", where, true));
    DEVIDP_ASSIGN(client.name, Str(c, "name", where, false));
    std::string secret;
    DEVIDP_ASSIGN(secret, Str(c, "secret", where, false));
    client.secret = SecretString(std::move(secret));
    client.object_id = DeriveGuid(dir.tenant_id + "/sp/" + client.client_id);
    DEVIDP_ASSIGN(client.redirect_uris, StrList(c, "redirect_uris", where));
    DEVIDP_ASSIGN(client.post_logout_redirect_uris, StrList(c, "post_logout_redirect_uris", where));
    for (const auto* list : {&client.redirect_uris, &client.post_logout_redirect_uris}) {
      for (const std::string& uri : *list) {
        if (!IsRedirectUri(uri)) return Bad(where, "'" + uri + "' is not an absolute http(s) URI");
      }
    }
    DEVIDP_ASSIGN(client.app_id_uri, Str(c, "app_id_uri", where, false));
    DEVIDP_ASSIGN(client.scopes, StrList(c, "scopes", where));
    if (c.contains("access_token_version")) {
      const json& v = c["access_token_version"];
      if (!v.is_number_integer() || (v.get<int>() != 1 && v.get<int>() != 2)) {
        return Bad(where + ".access_token_version", "must be 1 or 2");
      }
      client.access_token_version = v.get<int>();
    }
    if (c.contains("app_roles")) {
      if (!c["app_roles"].is_array()) return Bad(where + ".app_roles", "must be an array");
      for (size_t k = 0; k < c["app_roles"].size(); ++k) {
        AppRole role;
        DEVIDP_ASSIGN(role, ParseAppRole(c["app_roles"][k],
                                         where + ".app_roles[" + std::to_string(k) + "]", dir));
        client.app_roles.push_back(std::move(role));
      }
    }
    if (!seen.insert(client.client_id).second ||
        (!client.app_id_uri.empty() && !seen.insert(client.app_id_uri).second)) {
      return Bad(where, "duplicate client_id or app_id_uri");
    }
    dir.clients.push_back(std::move(client));
  }
  for (const Client& client : dir.clients) {
    for (const AppRole& role : client.app_roles) {
      for (const std::string& id : role.client_ids) {
        if (dir.FindClient(id) == nullptr) {
          return Bad("clients." + client.client_id, "app role assigned to unknown client " + id);
        }
      }
    }
  }
  return OkStatus();
}

#undef DEVIDP_ASSIGN

}  // namespace

Result<Directory> ParseDirectory(std::string_view json_text) {
  json root = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) return Bad("(root)", "not a JSON object");
  Directory dir;
  Result<std::string> tid = Guid(root, "tenant_id", "(root)");
  if (!tid.ok()) return tid.error();
  dir.tenant_id = *tid;
  Result<std::string> tname = Str(root, "tenant_name", "(root)", false);
  if (!tname.ok()) return tname.error();
  dir.tenant_name = tname->empty() ? "dev-idp" : *tname;
  if (Status s = ParseGroups(root, dir); !s.ok()) return s.error();
  if (Status s = ParseUsers(root, dir); !s.ok()) return s.error();
  if (Status s = ParseClients(root, dir); !s.ok()) return s.error();
  return dir;
}

Result<Directory> LoadDirectoryFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kNotFound, "users file: cannot read " + path};
  std::stringstream buf;
  buf << in.rdbuf();
  return ParseDirectory(buf.str());
}

}  // namespace portcullis::dev_idp
