#pragma once
// How the store layer turns exceptions from libpqxx into Result errors. Adapters call these in
// their catch blocks so no pqxx exception crosses into service logic:
//
//   try { ... pqxx ... } catch (const std::exception& e) { return ErrorFromException(e); }
//
// Pure functions over the exception's dynamic type and SQLSTATE; thread-safe.

#include <exception>

#include "portcullis/common/error.h"

namespace portcullis::store {

// The Error for `e`:
//   kUnavailable  the connection broke or the server is shutting down or starting up
//                 (SQLSTATE class 08, 57P01-57P03), too many connections, or a commit whose
//                 outcome is unknown (pqxx::in_doubt_error: do not blindly retry)
//   kConflict     serialization failure (40001), deadlock (40P01), unique violation (23505)
//   kInternal     any other SQL error or exception
// The detail is the server's message (never parameters; pqxx does not put them in what()).
Error ErrorFromException(const std::exception& e);

// True when running the whole transaction again may succeed: a serialization failure, a
// deadlock, or a connection that broke before the outcome could be in doubt.
bool IsRetryable(const std::exception& e);

// True when the connection that threw `e` can no longer be used and must be discarded.
bool IsConnectionLost(const std::exception& e);

}  // namespace portcullis::store
