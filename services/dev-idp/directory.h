#pragma once
// Directory: the users, groups, app registrations (clients) and app roles dev-idp knows, loaded
// once from a JSON file (deploy/local/dev-idp.json is the default) and read-only afterwards, so
// it is safe to share between threads.
//
//   Result<Directory> dir = LoadDirectoryFile("deploy/local/dev-idp.json");
//   if (!dir.ok()) ExitOnConfigError(dir.error());
//   const User* alice = dir->FindUser("alice");
//
// File format (README.md has a full example):
//   {"tenant_id": GUID, "tenant_name": "...",
//    "groups":  [{"id": GUID, "name": "portcullis-admins"}],
//    "users":   [{"username": "alice", "oid": GUID, "name": "...", "email": "...", "upn": "...",
//                 "groups": ["portcullis-admins"], "generated_groups": 0}],
//    "clients": [{"client_id": "...", "name": "...", "secret": "...", "redirect_uris": [...],
//                 "post_logout_redirect_uris": [...], "app_id_uri": "api://...",
//                 "scopes": ["access_as_user"], "access_token_version": 2,
//                 "app_roles": [{"id": GUID, "value": "Admin", "groups": ["portcullis-admins"],
//                                "users": ["alice"], "clients": ["portcullis-batch"]}]}]}
// `generated_groups: N` gives the user N more groups named "<username>-group-NNN" whose object
// ids derive from the tenant and the name (stable across runs).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/common/result.h"
#include "portcullis/common/secret.h"

namespace portcullis::dev_idp {

// Microsoft Graph's well-known app id and resource.
inline constexpr std::string_view kGraphAppId = "00000003-0000-0000-c000-000000000000";
inline constexpr std::string_view kGraphResource = "https://graph.microsoft.com";

struct Group {
  std::string id;  // object id (GUID)
  std::string name;
};

struct User {
  std::string username;  // what the login page and login_hint use
  std::string oid;       // object id (GUID)
  std::string name;
  std::string email;
  std::string upn;
  std::vector<std::string> group_ids;
};

struct AppRole {
  std::string id;  // GUID
  std::string value;
  std::vector<std::string> group_ids;   // assigned groups (resolved from names)
  std::vector<std::string> usernames;   // assigned users
  std::vector<std::string> client_ids;  // assigned applications (client_credentials)
};

struct Client {
  std::string client_id;
  std::string name;
  std::string object_id;  // the service principal's object id (oid of app-only tokens)
  SecretString secret;    // empty: a public client (authorization code + PKCE only)
  std::vector<std::string> redirect_uris;
  std::vector<std::string> post_logout_redirect_uris;
  std::string app_id_uri;           // "api://portcullis-gateway"; empty: not a resource
  std::vector<std::string> scopes;  // delegated scopes this resource exposes
  std::vector<AppRole> app_roles;
  int access_token_version = 2;  // the resource's requestedAccessTokenVersion (1 or 2)

  bool confidential() const { return !secret.empty(); }
  bool IsGraph() const { return client_id == kGraphAppId; }
};

class Directory {
 public:
  std::string tenant_id;
  std::string tenant_name;
  std::vector<Group> groups;
  std::vector<User> users;
  std::vector<Client> clients;

  // By username, upn or email (case-insensitive); nullptr when unknown.
  const User* FindUser(std::string_view login) const;
  const User* FindUserByOid(std::string_view oid) const;
  const Client* FindClient(std::string_view client_id) const;
  // A resource named by its app id URI or client id (as a token's `aud` or a scope prefix).
  const Client* FindResource(std::string_view app_id_uri_or_client_id) const;
  const Group* FindGroup(std::string_view id) const;

  // App role values of `resource` assigned to `user` directly or through a group.
  std::vector<std::string> UserRoles(const User& user, const Client& resource) const;
  // App role values of `resource` assigned to the application `caller`.
  std::vector<std::string> ClientRoles(const Client& caller, const Client& resource) const;
};

// Parses and validates a directory. kBadRequest naming the first problem: malformed JSON, a
// missing or ill-typed field, an id that is not a GUID, a duplicate username/id/client, a group
// or user reference that does not resolve, a redirect URI that is not absolute http(s) or has a
// fragment, access_token_version other than 1 or 2.
Result<Directory> ParseDirectory(std::string_view json_text);

// Reads `path` and parses it; kNotFound when the file cannot be read.
Result<Directory> LoadDirectoryFile(const std::string& path);

// A GUID-shaped id derived from `seed` (SHA-256), for generated groups.
std::string DeriveGuid(std::string_view seed);

bool IsGuid(std::string_view text);

}  // namespace portcullis::dev_idp
