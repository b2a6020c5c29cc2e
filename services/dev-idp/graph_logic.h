#pragma once
// GraphService: the Microsoft Graph stand-in. GET /v1.0/me and POST /v1.0/me/getMemberObjects
// (also /v1.0/users/{oid}/getMemberObjects, the URL an overage claim points at) with paging by
// @odata.nextLink. Only delegated tokens this provider issued by On-Behalf-Of for the Graph
// audience are accepted (dev-idp mints Graph tokens no other way). Errors look like Graph's:
// {"error":{"code":"InvalidAuthenticationToken","message":...}} with 401, 403 or 404.
// Thread-safe.

#include <optional>
#include <string>
#include <variant>

#include "claims_builder.h"
#include "directory.h"
#include "http_reply.h"
#include "key_set.h"

namespace portcullis::dev_idp {

class GraphService {
 public:
  GraphService(const Clock& clock, const Directory& dir, const IssuerInfo& issuer,
               const KeySet& keys, int page_size = 100);

  // `authorization` is the raw Authorization header.
  HttpReply Me(const std::optional<std::string>& authorization) const;

  // `target_oid` empty: /me. `skip` is the $skiptoken of a nextLink (empty: the first page).
  HttpReply MemberObjects(const std::optional<std::string>& authorization,
                          const std::string& target_oid, const std::string& skip) const;

 private:
  struct Caller {
    const User* user = nullptr;
  };
  // The user behind a valid Graph token, or the Graph error reply.
  std::variant<Caller, HttpReply> Authenticate(
      const std::optional<std::string>& authorization) const;

  const Clock& clock_;
  const Directory& dir_;
  const IssuerInfo& issuer_;
  const KeySet& keys_;
  const int page_size_;
};

}  // namespace portcullis::dev_idp
