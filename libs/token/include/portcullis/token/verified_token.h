#pragma once
// The result of a successful verification: the header facts and the typed claims. Immutable and
// shared (std::shared_ptr<const VerifiedToken>) between the caller and the verified-token cache.

#include "portcullis/token/claims.h"
#include "portcullis/token/jws.h"

namespace portcullis::token {

struct VerifiedToken {
  JwsHeader header;
  Claims claims;
};

}  // namespace portcullis::token
